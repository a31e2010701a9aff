export { deriveOrderFacts, type OrderFacts } from './facts.js';
export { type RefreshSummary, refreshAllOrderFacts, refreshOrderFacts } from './refresh.js';
export { orderRoutes } from './routes.js';
export { calendarDay, orderStatuses } from './schema.js';

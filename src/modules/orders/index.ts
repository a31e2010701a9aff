export { deriveOrderFacts, type OrderFacts } from './facts.js';
export { type RefreshSummary, refreshAllOrderFacts, refreshOrderFacts } from './refresh.js';
export { orderRoutes } from './routes.js';
export {
  calendarDay,
  type OrderCreate,
  type OrderLineCreate,
  type OrderPatch,
  orderCreate,
  orderStatuses,
} from './schema.js';
export {
  findOrdersByReference,
  type LineWrite,
  type OrderWrite,
  type OrderWriteResult,
  writeOrder,
} from './write.js';

export { orderRoutes } from './routes.js';
export { calendarDay, orderStatuses } from './schema.js';

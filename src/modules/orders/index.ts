export { missingReferences, type Reference, rejectInvalid } from './references.js';
export { orderRoutes } from './routes.js';
export { calendarDay, orderStatuses } from './schema.js';

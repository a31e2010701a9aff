export { healthRoutes } from './routes.js';
export { checkReadiness, type QueueHealth, type Readiness } from './service.js';

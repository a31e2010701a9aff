export { healthRoutes } from './routes.js';
export { checkReadiness, type Readiness } from './service.js';

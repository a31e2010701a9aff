export { apiKeyRoutes } from './routes.js';
export {
  type ApiKey,
  authenticateApiKey,
  authenticateCachedApiKey,
  createApiKey,
  createServiceAccount,
  listApiKeys,
  revokeApiKey,
  type ServiceAccount,
} from './service.js';

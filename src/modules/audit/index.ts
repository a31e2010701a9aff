export type { AuditFilter } from './repository.js';
export { auditRoutes } from './routes.js';
export {
  type Actor,
  type AuditEvent,
  type AuditInput,
  listAudit,
  noRequest,
  type RequestMeta,
  recordAudit,
} from './service.js';

import type { Kysely } from 'kysely';
import { type ListAnswer, type ListRequest, listAnswer } from '../../db/keyset.js';
import type { AuditOutcome, AuditSeverity, DB } from '../../db/types.js';
import { toIsoString } from '../../db/types.js';
import { type AuditFilter, type AuditRow, auditEventsQuery, insertAuditEvent } from './repository.js';
import { auditSorts } from './schema.js';

/** Who acted: a person, a machine client (API key), the system (CLI, jobs) or nobody known. */
export type Actor =
  | { readonly type: 'user'; readonly userId: number }
  | { readonly type: 'api_key'; readonly apiKeyId: number }
  | { readonly type: 'system' }
  | { readonly type: 'anonymous' };

/** Where a request came from; recorded with each event. */
export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

export const noRequest: RequestMeta = { ip: null, userAgent: null, requestId: null };

export interface AuditInput {
  readonly orgId: number | null;
  readonly actor: Actor;
  /** Namespaced, stable: `auth.login`, `users.role_changed`, `api_keys.created`, ... */
  readonly action: string;
  readonly outcome?: AuditOutcome;
  readonly severity?: AuditSeverity;
  readonly target?: { readonly type: string; readonly id: string | number };
  /** Facts about the event. Never passwords, tokens or keys (they are dropped if present). */
  readonly details?: Record<string, unknown>;
  readonly meta?: RequestMeta;
}

const SECRET_KEY = /pass|secret|token|key$|apikey|authorization|cookie/i;

/** Records an event in the audit log. Runs in the caller's transaction when given one. */
export async function recordAudit(db: Kysely<DB>, event: AuditInput): Promise<void> {
  const meta = event.meta ?? noRequest;
  await insertAuditEvent(db, {
    org_id: event.orgId,
    actor_type: event.actor.type,
    actor_user_id: event.actor.type === 'user' ? event.actor.userId : null,
    actor_api_key_id: event.actor.type === 'api_key' ? event.actor.apiKeyId : null,
    action: event.action,
    outcome: event.outcome ?? 'success',
    severity: event.severity ?? 'info',
    target_type: event.target?.type ?? null,
    target_id: event.target ? String(event.target.id) : null,
    ip: meta.ip?.slice(0, 64) ?? null,
    user_agent: meta.userAgent?.slice(0, 255) ?? null,
    request_id: meta.requestId?.slice(0, 128) ?? null,
    details: event.details ? safeDetails(event.details) : null,
    created_at: new Date(),
  });
}

// Defence in depth: whatever a caller passes, credential-looking members never reach the log.
function safeDetails(details: Record<string, unknown>): string {
  const clean = Object.fromEntries(Object.entries(details).filter(([k]) => !SECRET_KEY.test(k)));
  const text = JSON.stringify(clean);
  return text.length <= 2000 ? text : JSON.stringify({ truncated: true });
}

/** An audit event as the API shows it. */
export interface AuditEvent {
  readonly id: number;
  readonly at: string;
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly severity: AuditSeverity;
  readonly actor: { readonly type: string; readonly userId: number | null; readonly apiKeyId: number | null };
  readonly target: { readonly type: string; readonly id: string } | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;
}

/** One page of an organization's events matching the filter (newest first by default). */
export function listAudit(
  db: Kysely<DB>,
  orgId: number,
  filter: AuditFilter,
  request: ListRequest,
): Promise<ListAnswer<AuditEvent>> {
  return listAnswer(auditEventsQuery(db, orgId, filter), request, auditSorts, toAuditEvent);
}

function toAuditEvent(r: AuditRow): AuditEvent {
  return {
    id: r.id,
    at: toIsoString(r.created_at),
    action: r.action,
    outcome: r.outcome,
    severity: r.severity,
    actor: { type: r.actor_type, userId: r.actor_user_id, apiKeyId: r.actor_api_key_id },
    target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
    ip: r.ip,
    userAgent: r.user_agent,
    requestId: r.request_id,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : {},
  };
}

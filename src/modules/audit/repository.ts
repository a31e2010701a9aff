import type { Kysely } from 'kysely';
import type { AuditOutcome, AuditSeverity, DB, NewRow, Row } from '../../db/types.js';

/** Appends one event. */
export async function insertAuditEvent(db: Kysely<DB>, row: NewRow<'audit_events'>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

export interface AuditFilter {
  readonly action?: string | undefined;
  readonly actionPrefix?: string | undefined;
  readonly actorUserId?: number | undefined;
  readonly outcome?: AuditOutcome | undefined;
  readonly severity?: AuditSeverity | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

const columns = [
  'id',
  'actor_type',
  'actor_user_id',
  'actor_api_key_id',
  'action',
  'outcome',
  'severity',
  'target_type',
  'target_id',
  'ip',
  'user_agent',
  'request_id',
  'details',
  'created_at',
] as const;

export type AuditRow = Pick<Row<'audit_events'>, (typeof columns)[number]>;

/** An organization's events matching the filter, as a query to page (see listAnswer). */
export function auditEventsQuery(db: Kysely<DB>, orgId: number, f: AuditFilter) {
  let q = db.selectFrom('audit_events').select(columns).where('org_id', '=', orgId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actionPrefix) q = q.where('action', 'like', `${f.actionPrefix.replace(/[\\%_]/g, '')}%`);
  if (f.actorUserId !== undefined) q = q.where('actor_user_id', '=', f.actorUserId);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<', f.to);
  return q;
}

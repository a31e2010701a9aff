import { CompiledQuery, type Kysely } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { DB } from '../../db/types.js';

/**
 * The version of the derived shipment facts the analytics engine reads (ship day and delivery
 * day in the reporting time zone, on top of lane, transit, delay and on time). Bump it when the
 * shipment derivation changes: rows of an older version are re-derived by a background job, and
 * queries answer from the raw tables, with a note, until none is left (ADR 0015).
 */
export const SHIPMENT_FACTS_VERSION = 2;

/**
 * Counts one more write of the organization's analytics facts (shipments, orders, inventory,
 * exchange rates), in the writer's transaction, so an answer can say which data it saw and a
 * cache can tell when it is stale. One upsert on a row of its own: not on organizations, whose
 * row every child insert's foreign-key check locks for share (InnoDB would deadlock writers).
 */
export async function bumpDataVersion(db: Kysely<DB>, orgId: number): Promise<void> {
  const dialect = dialectOf(db);
  const text =
    dialect === 'mysql'
      ? 'insert into `analytics_versions` (`org_id`, `data_version`) values (?, 1) on duplicate key update `data_version` = `data_version` + 1'
      : dialect === 'postgres'
        ? 'insert into "analytics_versions" ("org_id", "data_version") values ($1, 1) on conflict ("org_id") do update set "data_version" = "analytics_versions"."data_version" + 1'
        : 'insert into "analytics_versions" ("org_id", "data_version") values (?, 1) on conflict ("org_id") do update set "data_version" = "data_version" + 1';
  await db.executeQuery(CompiledQuery.raw(text, [orgId]));
}

/** The organization's data version (0 before its first write). */
export async function dataVersionOf(db: Kysely<DB>, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('analytics_versions')
    .select('data_version')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.data_version ?? 0);
}

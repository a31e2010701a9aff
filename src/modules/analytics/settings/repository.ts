import type { Kysely } from 'kysely';
import { dialectOf } from '../../../db/dialect.js';
import type { DB } from '../../../db/types.js';
import { SHIPMENT_FACTS_VERSION } from '../versions.js';

export interface SettingsRow {
  readonly reporting_currency: string;
  readonly reporting_timezone: string;
}

/** The organization's reporting columns, or undefined when there is no such organization. */
export function findSettings(db: Kysely<DB>, orgId: number): Promise<SettingsRow | undefined> {
  return settingsQuery(db, orgId).executeTakeFirst();
}

/**
 * The reporting columns, read with a lock on the organization's row that lasts until the
 * transaction ends, so writers of the settings and of saved view names (unique per scope, with
 * no unique key to enforce it) take turns. PostgreSQL's FOR NO KEY UPDATE leaves alone the
 * key-share locks that inserts of the organization's rows take for their foreign keys; InnoDB
 * has no such mode, so there the lock also waits for (and briefly holds back) transactions that
 * insert rows of the organization. SQLite runs one writer at a time anyway.
 */
export function lockOrganization(trx: Kysely<DB>, orgId: number): Promise<SettingsRow | undefined> {
  const query = settingsQuery(trx, orgId);
  const dialect = dialectOf(trx);
  if (dialect === 'postgres') return query.forNoKeyUpdate().executeTakeFirst();
  if (dialect === 'mysql') return query.forUpdate().executeTakeFirst();
  return query.executeTakeFirst();
}

function settingsQuery(db: Kysely<DB>, orgId: number) {
  return db
    .selectFrom('organizations')
    .select(['reporting_currency', 'reporting_timezone'])
    .where('id', '=', orgId);
}

export async function updateSettings(
  trx: Kysely<DB>,
  orgId: number,
  changes: Partial<SettingsRow>,
): Promise<void> {
  await trx.updateTable('organizations').set(changes).where('id', '=', orgId).execute();
}

/**
 * Marks every shipment of the organization as derived by no version (0), so the re-derivation
 * job computes its days again in the new zone; returns how many rows it marked. Rows already at
 * 0 are left alone (a second change before the job ran costs nothing more).
 */
export async function markShipmentsForRederivation(trx: Kysely<DB>, orgId: number): Promise<number> {
  const result = await trx
    .updateTable('shipments')
    .set({ derivation_version: 0 })
    .where('org_id', '=', orgId)
    .where('derivation_version', '<>', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Whether any shipment of the organization waits for re-derivation (the derivation index). */
export async function hasShipmentsToRederive(db: Kysely<DB>, orgId: number): Promise<boolean> {
  const row = await db
    .selectFrom('shipments')
    .select('id')
    .where('derivation_version', '<', SHIPMENT_FACTS_VERSION)
    .where('org_id', '=', orgId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

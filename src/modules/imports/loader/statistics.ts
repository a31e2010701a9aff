import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../../../db/dialect.js';
import type { DB, TableName } from '../../../db/types.js';

/**
 * PostgreSQL plans from table statistics, and a table an import is filling has none until
 * autovacuum gets round to it (often not within the run). Planned as if nearly empty, the
 * per-batch look-up of existing rows by (organization, source, reference) scanned every row of the
 * source instead of seeking the references: a 60,000-row import slowed from 2,300 to 780 rows/s
 * as it went (measured 2026-12-03), quadratic in the file. So a run on PostgreSQL analyzes the
 * tables imports write each time the rows it has loaded pass 1,000, 10,000, 100,000, … — a few
 * sampling passes per run, whatever its size. SQLite and MariaDB choose these indexes without.
 */

// Every table an import target writes (its entity, the master data it may create, the rollups).
const importedTables: readonly TableName[] = [
  'shipments',
  'tracking_events',
  'orders',
  'order_lines',
  'inventory_snapshots',
  'inventory_movements',
  'carriers',
  'customers',
  'suppliers',
  'facilities',
  'products',
  'analytics_shipment_daily',
  'analytics_shipment_lanes',
  'analytics_shipment_parties',
];

/** True when a run that had loaded `before` rows and now has `after` passed a power of ten from 1,000 on. */
export function passedStatisticsMark(before: number, after: number): boolean {
  for (let mark = 1_000; mark <= after; mark *= 10) if (before < mark) return true;
  return false;
}

/** Refreshes the planner's statistics of the imported tables (PostgreSQL; nothing elsewhere). */
export async function refreshStatistics(db: Kysely<DB>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`analyze ${sql.join(importedTables.map((t) => sql.table(t)))}`.execute(db);
}

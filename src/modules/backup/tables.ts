import type { Kysely } from 'kysely';
import type { DB, TableName } from '../../db/types.js';
import { type ColumnKind, kindOfDeclaredType } from './canonical.js';
import { BackupError } from './errors.js';
import type { BackupTable } from './format.js';

/**
 * How backup treats each table:
 * - data: carried by backups, restored, counted when deciding whether a target is empty;
 * - instance: belongs to the installation, not to the data (the token-signing key): it never
 *   leaves the server inside a backup file, and a restore keeps the target's own;
 * - transient: short-lived state of the running service (login sessions, idempotency keys),
 *   meaningless on another server: not carried; a replacing restore deletes it together with the
 *   data it points at.
 * Data tables are listed parents before children, so rows load in this order without breaking
 * a foreign key and delete in the reverse order.
 */
type Policy = 'data' | 'instance' | 'transient';

const policies = {
  organizations: 'data',
  users: 'data',
  memberships: 'data',
  carriers: 'data',
  customers: 'data',
  suppliers: 'data',
  facilities: 'data',
  products: 'data',
  orders: 'data',
  order_lines: 'data',
  shipments: 'data',
  tracking_events: 'data',
  inventory_snapshots: 'data',
  inventory_movements: 'data',
  settings: 'instance',
  service_accounts: 'data',
  api_keys: 'data',
  refresh_tokens: 'transient',
  invitations: 'transient',
  audit_events: 'data',
  idempotency_keys: 'transient',
  // Jobs are the running service's work queue and its history: another server re-runs what it
  // needs (a restored import is data, its job is not). Listed children first: cleared in this order.
  job_events: 'transient',
  job_attempts: 'transient',
  jobs: 'transient',
  job_schedules: 'transient',
  exchange_rates: 'data',
  analytics_views: 'data',
  // Derived from the data tables (ADR 0015): not carried; a restore rebuilds them, and the
  // version counter restarts.
  analytics_versions: 'transient',
  analytics_shipment_daily: 'transient',
  analytics_shipment_lanes: 'transient',
  analytics_shipment_parties: 'transient',
  // Mappings are the organization's own work (ADR 0016). Runs and their quarantine point at
  // uploaded files, which live outside the database and so outside a backup: not carried
  // (children first, cleared in this order).
  import_mappings: 'data',
  import_quarantine: 'transient',
  import_runs: 'transient',
  import_files: 'transient',
  // Feeds and the events they accepted are the organization's data (issue #12): a restored
  // server keeps refusing a redelivered event, and quarantined events stay replayable.
  feeds: 'data',
  feed_events: 'data',
  // Live updates already pushed (issue #12): a restored server starts a new stream.
  stream_events: 'transient',
  // Rules are the organization's own settings; alerts its history (acknowledged by whom, when).
  alert_rules: 'data',
  alerts: 'data',
  alert_channels: 'data',
  alert_deliveries: 'data',
  // The model registry and every forecast made (issue #10): a restored server shows the same
  // forecasts and can still compare them with what happened.
  forecast_models: 'data',
  forecast_runs: 'data',
  forecast_series: 'data',
  forecast_points: 'data',
  shipment_delay_risks: 'data',
  assistant_conversations: 'data',
  assistant_messages: 'data',
} as const satisfies Record<string, Policy>;
const tablePolicies: Readonly<Record<string, Policy | undefined>> = policies;

// A table added to DB without a policy above fails to compile here, naming the table, instead of
// being silently left out of every backup. (Names of tables a build does not have yet are fine:
// tables missing from a database are skipped.)
type Unlisted = Exclude<TableName, keyof typeof policies>;
const everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTableListed;

/** The tables backups carry, in load order (parents first). */
export const backupTables: readonly TableName[] = Object.keys(tablePolicies).filter(
  (name): name is TableName => tablePolicies[name] === 'data',
);

/** Tables not carried but cleared by a replacing restore, before the data tables. */
export const transientTables: readonly TableName[] = Object.keys(tablePolicies).filter(
  (name): name is TableName => tablePolicies[name] === 'transient',
);

// The migrator's bookkeeping (src/db/migrator.ts); a restore writes it by migrating the target.
const migratorTables = new Set(['lanewise_migrations', 'lanewise_migrations_lock']);

/** A table as the database has it, with the logical kind of each column. */
export interface TableSpec {
  readonly name: TableName;
  /** Sorted by name: the canonical order does not depend on a dialect's physical column order. */
  readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[];
}

/**
 * The backed-up tables present in the database, in load order, with their columns' kinds read
 * from the declared types. Refuses tables and types backup does not know how to carry.
 */
export async function describeTables(db: Kysely<DB>): Promise<TableSpec[]> {
  const found = new Map<string, TableSpec>();
  for (const table of await db.introspection.getTables()) {
    if (table.isView || migratorTables.has(table.name)) continue;
    const policy = tablePolicies[table.name];
    if (policy === 'instance' || policy === 'transient') continue;
    if (!isBackupTable(table.name)) {
      throw new BackupError(
        'BACKUP_UNSUPPORTED_SCHEMA',
        `table ${table.name} is not one backup knows; give it a policy in src/modules/backup/tables.ts`,
      );
    }
    const columns = table.columns.map((column) => {
      const kind = kindOfDeclaredType(column.dataType);
      if (!kind) {
        throw new BackupError(
          'BACKUP_UNSUPPORTED_SCHEMA',
          `column ${table.name}.${column.name} has type ${column.dataType}, which backup cannot carry yet`,
        );
      }
      return { name: column.name, kind };
    });
    if (!columns.some((c) => c.name === 'id')) {
      // Backups read in id order (keyset pagination) and restore keeps ids, so foreign keys hold.
      throw new BackupError('BACKUP_UNSUPPORTED_SCHEMA', `table ${table.name} has no id column`);
    }
    columns.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    found.set(table.name, { name: table.name, columns });
  }
  return backupTables.flatMap((name) => {
    const spec = found.get(name);
    return spec ? [spec] : [];
  });
}

/** Whether a name is one of the tables backup carries. */
export function isBackupTable(name: string): name is TableName {
  return tablePolicies[name] === 'data';
}

/** The differences between the tables a backup lists and those of the target, one line each. */
export function schemaDifferences(backup: readonly BackupTable[], target: readonly TableSpec[]): string[] {
  const problems: string[] = [];
  const targetByName = new Map(target.map((t) => [t.name as string, t]));
  for (const table of backup) {
    const there = targetByName.get(table.name);
    targetByName.delete(table.name);
    if (!there) {
      problems.push(`table ${table.name} is missing`);
      continue;
    }
    const kinds = new Map(there.columns.map((c) => [c.name, c.kind]));
    for (const column of table.columns) {
      const kind = kinds.get(column.name);
      kinds.delete(column.name);
      if (!kind) problems.push(`column ${table.name}.${column.name} is missing`);
      else if (kind !== column.kind)
        problems.push(`column ${table.name}.${column.name} is ${kind}, not ${column.kind}`);
    }
    for (const extra of kinds.keys()) problems.push(`column ${table.name}.${extra} is not in the backup`);
  }
  for (const extra of targetByName.keys()) problems.push(`table ${extra} is not in the backup`);
  return problems;
}

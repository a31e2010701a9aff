import type { Kysely } from 'kysely';
import { columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * Alert rules and the alerts they raise (issue #12, ADR 0021).
 *
 * - alert_rules: what to watch (`type`, its `params` as JSON), how bad it is (`severity`), and
 *   what the last evaluation found (`last_outcome`, JSON).
 * - alerts: one per rule and dedupe key while open: a condition that holds again updates its
 *   open alert instead of raising another. `open_key` is the dedupe key while the alert is
 *   open and null once resolved, so the unique (org, rule, open_key) allows one open alert per
 *   key and any number of resolved ones, on every dialect (NULLs never collide).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withTimestamps(
    withOrg(createTable(db, t, 'alert_rules'), 'alert_rules')
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('type', 'varchar(32)', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      // info, warning, critical
      .addColumn('severity', 'varchar(16)', (c) => c.notNull())
      // active, paused
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('last_evaluated_at', t.instant)
      .addColumn('last_outcome', 'text')
      .addColumn('archived_at', t.instant)
      .addColumn('created_by', 'varchar(64)')
      .addUniqueConstraint('alert_rules_org_name_uq', ['org_id', 'name']),
    t,
  ).execute();

  await withTimestamps(
    withOrg(createTable(db, t, 'alerts'), 'alerts')
      .addColumn('rule_id', 'bigint', (c) => c.notNull().references('alert_rules.id'))
      .addColumn('dedupe_key', 'varchar(200)', (c) => c.notNull())
      .addColumn('open_key', 'varchar(200)')
      // open, resolved
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('severity', 'varchar(16)', (c) => c.notNull())
      .addColumn('subject', 'varchar(500)', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('first_seen_at', t.instant, (c) => c.notNull())
      .addColumn('last_seen_at', t.instant, (c) => c.notNull())
      .addColumn('acknowledged_at', t.instant)
      .addColumn('acknowledged_by', 'varchar(64)')
      .addColumn('snoozed_until', t.instant)
      .addColumn('resolved_at', t.instant)
      // null: resolved by an evaluation (the condition cleared)
      .addColumn('resolved_by', 'varchar(64)')
      .addUniqueConstraint('alerts_open_key_uq', ['org_id', 'rule_id', 'open_key']),
    t,
  ).execute();
  await db.schema
    .createIndex('alerts_org_status_idx')
    .on('alerts')
    .columns(['org_id', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('alerts_org_rule_idx')
    .on('alerts')
    .columns(['org_id', 'rule_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alerts').execute();
  await db.schema.dropTable('alert_rules').execute();
}

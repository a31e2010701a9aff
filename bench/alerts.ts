import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createRule, evaluateRule } from '../src/modules/alerts/index.js';
import { rebuildRollups } from '../src/modules/analytics/index.js';
import { systemCaller } from '../src/modules/auth/index.js';
import { seedDemoCompany } from '../src/modules/demo/index.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { figure, section, timed } from './report.js';

/**
 * Alert rule evaluation (issue #12) on the demo company (LANEWISE_BENCH_ALERT_SHIPMENTS, default
 * 20,000 shipments) per dialect: the first evaluation of each rule type (which opens its alerts,
 * at most 200 new per rule) and a second one (the steady state every 5 minutes: the open alerts
 * re-checked, nothing new), with the number of conditions found.
 */
const shipments = Number(process.env.LANEWISE_BENCH_ALERT_SHIPMENTS ?? '') || 20_000;
const now = new Date('2026-11-29T10:00:00Z');

const rules = [
  { name: 'late', type: 'shipment_late', params: { graceHours: 4 } },
  { name: 'no update', type: 'shipment_stale', params: { hours: 24 } },
  {
    name: 'on-time by carrier',
    type: 'metric_threshold',
    params: {
      metric: 'onTimeRate',
      op: 'lt',
      value: 0.95,
      dimensions: ['carrier'],
      timeRange: { last: 28, unit: 'days' },
    },
  },
  { name: 'stock-out', type: 'stockout_projected', params: { days: 7 } },
];

export const benchmark = {
  name: 'alerts',
  async run(): Promise<void> {
    section(`alerts: rule evaluation on the demo company (${shipments.toLocaleString('en-US')} shipments)`);
    for (const dialect of testDialects) {
      const test = await createTestDatabase(dialect);
      const database = connect(test.target);
      try {
        await migrateToLatest(database.db);
        const { orgId } = await seedDemoCompany(database.db, { shipments, seed: 42, now });
        await rebuildRollups(database.db, orgId);
        const caller = systemCaller(orgId);
        for (const spec of rules) {
          const created = await createRule(database.db, caller, {
            ...spec,
            severity: 'warning',
            status: 'paused',
          });
          const row = await database.db
            .selectFrom('alert_rules')
            .selectAll()
            .where('id', '=', created.id)
            .executeTakeFirstOrThrow();
          const first = await timed(() => evaluateRule(database.db, row, new Date()));
          const again = await timed(() => evaluateRule(database.db, row, new Date()));
          const found = first.result.outcome;
          if (found.error) throw new Error(`${spec.name}: ${found.error.message}`);
          figure(
            `${dialect}: ${spec.name}: first evaluation (${found.findings} found, ${found.opened} opened)`,
            first.ms,
            'ms',
          );
          figure(`${dialect}: ${spec.name}: next evaluation`, again.ms, 'ms');
        }
      } finally {
        await database.close();
        await test.drop();
      }
    }
  },
};

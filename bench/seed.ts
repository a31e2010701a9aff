import fs from 'node:fs';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { Dialect } from '../src/db/url.js';
import { seedDemoCompany } from '../src/modules/demo/index.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { figure, section } from './report.js';

/**
 * Demo company generation end to end (generate, derive, insert every table) into a fresh
 * database of each dialect. LANEWISE_BENCH_SHIPMENTS overrides the sizes, which default to
 * what keeps the whole run within a few minutes on a small machine.
 */
const defaults: Record<Dialect, number> = { sqlite: 50_000, mysql: 20_000, postgres: 20_000 };
const override = Number(process.env.LANEWISE_BENCH_SHIPMENTS ?? '');

export const benchmark = {
  name: 'seed',
  run: async () => {
    for (const dialect of testDialects) {
      const shipments = Number.isInteger(override) && override > 0 ? override : defaults[dialect];
      section(`demo company seed (${dialect}, ${shipments.toLocaleString('en-US')} shipments)`);
      const test = await createTestDatabase(dialect);
      const database = connect(test.target);
      try {
        await migrateToLatest(database.db);
        const memoryBefore = process.memoryUsage().rss;
        let peak = memoryBefore;
        const summary = await seedDemoCompany(database.db, {
          shipments,
          seed: 42,
          now: new Date('2026-11-29T10:00:00Z'),
          onProgress: () => {
            peak = Math.max(peak, process.memoryUsage().rss);
          },
        });
        const seconds = summary.ms / 1000;
        const rows =
          summary.orders +
          summary.orderLines +
          summary.shipments +
          summary.trackingEvents +
          summary.inventoryMovements +
          summary.inventorySnapshots;
        figure(`${dialect} seed: shipments per second`, summary.shipments / seconds, 'shipments/s');
        figure(`${dialect} seed: rows per second (all tables)`, rows / seconds, 'rows/s');
        figure(`${dialect} seed: time`, summary.ms, 'ms');
        figure(`${dialect} seed: rows written`, rows, 'rows');
        figure(`${dialect} seed: resident memory growth (peak)`, (peak - memoryBefore) / 1e6, 'MB');
        if (test.target.dialect === 'sqlite') {
          const size =
            fs.statSync(test.target.file).size +
            (fs.statSync(`${test.target.file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
          figure('sqlite seed: database size (with WAL)', size / 1e6, 'MB');
        }
      } finally {
        await database.close();
        await test.drop();
      }
    }
  },
};

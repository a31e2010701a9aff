import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import {
  createBackup,
  nativeSqliteBackup,
  restoreBackup,
  verifyBackup,
} from '../src/modules/backup/index.js';
import { createOrgDataset } from '../test/support/factories.js';
import { figure, section, timed } from './report.js';

const SHIPMENTS = 100_000;
const EVENTS_PER_SHIPMENT = 2;

/**
 * Portable backup and restore throughput on SQLite for an organization with ~100k shipments
 * (and two tracking events each), next to SQLite's own online backup of the same file.
 */
export const benchmark = {
  name: 'backup',
  run: async () => {
    section(`backup and restore (SQLite, ${SHIPMENTS.toLocaleString('en-US')} shipments)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanewise-bench-backup-'));
    const sourceFile = path.join(dir, 'source.db');
    const source = connect({ dialect: 'sqlite', file: sourceFile });
    const target = connect({ dialect: 'sqlite', file: path.join(dir, 'target.db') });
    try {
      await migrateToLatest(source.db);
      const seeded = await timed(() =>
        createOrgDataset(source.db, { shipments: SHIPMENTS, eventsPerShipment: EVENTS_PER_SHIPMENT }),
      );
      const rows = Object.values(seeded.result.counts).reduce((sum, n) => sum + n, 0);
      figure('dataset rows (all tables)', rows, 'rows');
      figure('dataset database size', fs.statSync(sourceFile).size / 1e6, 'MB');

      const out = path.join(dir, 'bench.lwbak');
      const made = await timed(() => createBackup(source.db, { out }));
      figure('backup: rows written per second', rows / (made.ms / 1000), 'rows/s');
      figure('backup: time', made.ms, 'ms');
      figure('backup: file size (gzip JSON lines)', made.result.bytes / 1e6, 'MB');
      figure('backup: bytes per row', made.result.bytes / rows, 'B');

      const verified = await timed(() => verifyBackup(out));
      figure('verify: rows checked per second', rows / (verified.ms / 1000), 'rows/s');

      const restored = await timed(() => restoreBackup(target.db, { file: out }));
      figure('restore (verify + load): rows per second', rows / (restored.ms / 1000), 'rows/s');
      figure('restore: time', restored.ms, 'ms');

      const native = await timed(() =>
        nativeSqliteBackup({ dialect: 'sqlite', file: sourceFile }, { out: path.join(dir, 'copy.db') }),
      );
      figure('native SQLite backup + integrity check: time', native.ms, 'ms');
      figure('native SQLite backup: file size', native.result.bytes / 1e6, 'MB');
    } finally {
      await source.close();
      await target.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

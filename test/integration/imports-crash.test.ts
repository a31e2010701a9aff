import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { type RunningCli, runCli, spawnCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/**
 * Crash safety of imports (issue #11): the process loading a file is killed with SIGKILL at a
 * random moment — the real CLI's `import --wait`, then `lanewise import --resume` carries on; or a
 * `lanewise worker` running the queued run, then the next worker takes the job over. Whatever the moment, the database
 * must end as one clean run leaves it: every good row once with its last values, every bad row
 * quarantined once, and the run's counts those of a run that never died.
 */

// The full size is 200,000 rows (LANEWISE_TEST_CRASH_ROWS=200000); CI runs a smaller file.
const total = Number(process.env.LANEWISE_TEST_CRASH_ROWS ?? 3000);
const badEvery = 97;
const repeatEvery = 10;

/** Row r (1-based): a shipment; every 97th has a weight no kg column holds; every 10th updates an earlier one. */
function fileRows(): { csv: string; expected: Map<string, number>; bad: number[]; updates: number } {
  const lines = ['ref,mode,city,country,weight'];
  const expected = new Map<string, number>();
  const bad: number[] = [];
  let updates = 0;
  for (let r = 1; r <= total; r++) {
    const isUpdate = r % repeatEvery === 0;
    const ref = isUpdate ? `S-${r - 5}` : `S-${r}`;
    if (r % badEvery === 0) {
      lines.push(`${ref},road,Lyon,FR,heavy`);
      bad.push(r);
      continue;
    }
    const weight = r + 0.5;
    lines.push(`${ref},road,Lyon,FR,${weight}`);
    if (expected.has(ref)) updates++;
    expected.set(ref, weight);
  }
  return { csv: `${lines.join('\n')}\n`, expected, bad, updates };
}

const mapping = {
  target: 'shipments',
  source: 'crash',
  fields: {
    reference: { column: 'ref' },
    mode: { column: 'mode' },
    'origin.city': { column: 'city' },
    'origin.country': { column: 'country' },
    'destination.city': { column: 'city' },
    'destination.country': { column: 'country' },
    weightKg: { column: 'weight', transforms: [{ op: 'number' }] },
  },
};

/** A small deterministic generator, so a failing seed can be run again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Ten kills per dialect, each at its own moment.
const seeds = 10;
// Time allowed for one load (room for a busy machine), and for one test of ten.
const stepMs = Math.max(120_000, total * 2);
const testMs = Math.max(600_000, seeds * total * 3);

describe.each(testDialects)('imports killed with SIGKILL on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let dir: string;
  let env: Record<string, string>;
  const file = fileRows();

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    dir = await mkdtemp(path.join(os.tmpdir(), 'lw-crash-'));
    await writeFile(path.join(dir, 'shipments.csv'), file.csv);
    await writeFile(path.join(dir, 'mapping.json'), JSON.stringify(mapping));
    env = {
      DATABASE_URL: testDb.target.dialect === 'sqlite' ? `sqlite:${testDb.target.file}` : testDb.target.url,
      LANEWISE_IMPORT_DIR: path.join(dir, 'files'),
      LANEWISE_IMPORT_BATCH_ROWS: '100',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const importArgs = (slug: string) => [
    'import',
    path.join(dir, 'shipments.csv'),
    '--mapping',
    path.join(dir, 'mapping.json'),
    '--org',
    slug,
    '--wait',
  ];

  /** What the organization's data says after the import. */
  async function stateOf(orgId: number) {
    const db = database.db;
    const shipments = await db
      .selectFrom('shipments')
      .select(['reference', 'weight_kg'])
      .where('org_id', '=', orgId)
      .execute();
    const quarantine = await db
      .selectFrom('import_quarantine')
      .select('row_number')
      .where('org_id', '=', orgId)
      .orderBy('row_number')
      .execute();
    const runs = await db.selectFrom('import_runs').selectAll().where('org_id', '=', orgId).execute();
    // Every stored column but the row's own identity and clock, and the rollups the writes kept.
    const rows = await db.selectFrom('shipments').selectAll().where('org_id', '=', orgId).execute();
    const daily = await db
      .selectFrom('analytics_shipment_daily')
      .selectAll()
      .where('org_id', '=', orgId)
      .execute();
    const digest = (list: Record<string, unknown>[], drop: string[]) =>
      list
        .map((row) => JSON.stringify(Object.entries(row).filter(([key]) => !drop.includes(key))))
        .sort()
        .join('\n');
    return {
      checksum: `${digest(rows, ['id', 'org_id', 'created_at', 'updated_at'])}\n--\n${digest(daily, ['org_id', 'id'])}`,
      shipments: new Map(shipments.map((s) => [s.reference, Number(s.weight_kg)])),
      quarantined: quarantine.map((q) => Number(q.row_number)),
      runs,
    };
  }

  function expectClean(state: Awaited<ReturnType<typeof stateOf>>) {
    expect(state.shipments.size).toBe(file.expected.size);
    for (const [ref, weight] of file.expected) expect(state.shipments.get(ref), ref).toBe(weight);
    expect(state.quarantined).toEqual(file.bad);
  }

  /** The state after a killed run was finished equals the clean run's: data, rollups, one run with its counts. */
  function expectAsCleanRun(after: Awaited<ReturnType<typeof stateOf>>, seed: number) {
    expectClean(after);
    expect(
      after.checksum === cleanChecksum,
      `seed ${seed}: shipments and rollups equal the clean run's`,
    ).toBe(true);
    expect(after.runs).toHaveLength(1);
    const run = after.runs[0];
    expect(run?.status).toBe('succeeded');
    expect({
      read: Number(run?.read_rows),
      inserted: Number(run?.inserted),
      updated: Number(run?.updated),
      quarantined: Number(run?.quarantined),
    }).toEqual({
      read: total,
      inserted: file.expected.size,
      updated: file.updates,
      quarantined: file.bad.length,
    });
  }

  // How long the clean run loads, from its "Run N started" line to its end: the window kills aim at.
  let loadMs = 0;
  let cleanChecksum = '';

  it('loads the file in one clean run (the reference the killed runs must match)', {
    timeout: 2 * stepMs,
  }, async () => {
    const org = await createOrganization(database.db, { slug: 'crash-clean', name: 'Clean' });
    const running = spawnCli(importArgs('crash-clean'), env);
    await running.waitFor(/Run \d+ started/, stepMs);
    const started = performance.now();
    // The window ends with the counts line, not with the process (closing a pool takes a while).
    await running.waitFor(/Run \d+ succeeded/, stepMs);
    loadMs = performance.now() - started;
    const result = await running.exited;
    expect(result.code, result.stderr).toBe(0);
    const state = await stateOf(org.id);
    expectClean(state);
    cleanChecksum = state.checksum;
    const run = state.runs[0];
    expect(Number(run?.inserted)).toBe(file.expected.size);
    expect(Number(run?.updated)).toBe(file.updates);
    expect(Number(run?.quarantined)).toBe(file.bad.length);
    expect(Number(run?.read_rows)).toBe(total);
  });

  it('ends as the clean run did after a kill at any moment and a resume', { timeout: testMs }, async () => {
    let diedMidway = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const slug = `crash-${seed}`;
      const org = await createOrganization(database.db, { slug, name: `Crash ${seed}` });
      const next = random(seed * 7919);
      const running = spawnCli(importArgs(slug), env);
      // Most kills land while rows load; the first seed dies before the run is even created.
      if (seed > 1) await running.waitFor(/Run \d+ started/, stepMs);
      // Within the first 60 % of the clean run's window: later runs may load faster (a warm
      // cache), and a kill after the end proves nothing about resuming.
      await new Promise((r) => setTimeout(r, next() * 0.6 * loadMs));
      running.child.kill('SIGKILL');
      await running.exited;

      const before = await stateOf(org.id);
      const killed = before.runs[0];
      // A kill that left a run unfinished hit it in flight (before its first commit counts too).
      if (killed && killed.status !== 'succeeded') diedMidway++;
      const finish = killed
        ? await runCli(['import', '--resume', String(killed.id), '--org', slug, '--wait'], env, stepMs)
        : await runCli(importArgs(slug), env, stepMs);
      expect(finish.code, `seed ${seed}: ${finish.stderr}`).toBe(0);

      expectAsCleanRun(await stateOf(org.id), seed);
    }
    // The kills must have hit runs in flight, or the test proved nothing about resuming.
    expect(diedMidway).toBeGreaterThanOrEqual(3);
  });

  it('ends as the clean run did after the worker running it is killed at any moment', {
    timeout: testMs,
  }, async () => {
    // A short lease, so the next worker takes the killed worker's job over within seconds.
    const workerEnv = { ...env, LANEWISE_JOB_LEASE_MS: '1000', LANEWISE_JOB_POLL_MS: '100' };
    const runStatus = async (orgId: number) =>
      (
        await database.db
          .selectFrom('import_runs')
          .select('status')
          .where('org_id', '=', orgId)
          .executeTakeFirst()
      )?.status;
    let diedMidway = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const slug = `worker-crash-${seed}`;
      const org = await createOrganization(database.db, { slug, name: `Worker crash ${seed}` });
      const next = random(seed * 104_729);
      const queued = await runCli(importArgs(slug).slice(0, -1), env, stepMs);
      expect(queued.code, `seed ${seed}: ${queued.stderr}`).toBe(0);
      expect(queued.stdout).toMatch(/Run \d+ queued/);

      const worker = spawnCli(['worker'], workerEnv);
      // The first seed dies before its worker has claimed the job; the others while it loads.
      if (seed > 1) await until(async () => (await runStatus(org.id)) !== 'queued', worker);
      await new Promise((r) => setTimeout(r, next() * 0.6 * loadMs));
      worker.child.kill('SIGKILL');
      await worker.exited;
      if ((await runStatus(org.id)) !== 'succeeded') diedMidway++;

      const successor = spawnCli(['worker'], workerEnv);
      try {
        await until(async () => (await runStatus(org.id)) === 'succeeded', successor);
      } finally {
        successor.child.kill('SIGTERM');
        await successor.exited;
      }

      expectAsCleanRun(await stateOf(org.id), seed);
    }
    expect(diedMidway).toBeGreaterThanOrEqual(3);
  });
});

/** Polls `condition` every 20 ms until it holds; fails if `worker` ends first or after one load's time. */
async function until(condition: () => Promise<boolean>, worker: RunningCli): Promise<void> {
  const deadline = performance.now() + stepMs;
  while (!(await condition())) {
    const { exitCode, signalCode } = worker.child;
    if (exitCode !== null || signalCode !== null)
      throw new Error(`the worker ended (${exitCode ?? signalCode}):\n${worker.output().stderr}`);
    if (performance.now() > deadline) throw new Error(`not within ${stepMs} ms:\n${worker.output().stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { writeShipments } from '../../src/modules/shipments/index.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, databaseUrlOf, type TestDatabase, testDialects } from '../support/databases.js';

/** `lanewise alerts` as an operator runs it: create a rule, evaluate it, list, acknowledge, resolve. */
describe.each(testDialects)('lanewise alerts on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    const orgId = (await createOrganization(database.db, { slug: 'cli-alerts', name: 'CLI alerts' })).id;
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    await database.db.transaction().execute((trx) =>
      writeShipments(
        trx,
        systemCaller(orgId),
        [
          {
            op: 'create',
            item: {
              reference: 'CLI-LATE',
              mode: 'ftl',
              status: 'in_transit',
              plannedPickupAt: hoursAgo(50),
              actualPickupAt: hoursAgo(49),
              plannedDeliveryAt: hoursAgo(2),
            },
          },
        ],
        { mode: 'all' },
      ),
    );
    env = { DATABASE_URL: databaseUrlOf(testDb.target), LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('creates a rule, evaluates it, lists the alert, acknowledges and resolves it', {
    timeout: 120_000,
  }, async () => {
    const created = await runCli(
      [
        'alerts',
        'create-rule',
        'Late loads',
        '--type',
        'shipment_late',
        '--params',
        '{"graceHours":1}',
        '--severity',
        'critical',
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Rule \d+ "Late loads" \(shipment_late, critical\) created/);
    const evaluated = await runCli(['alerts', 'evaluate'], env);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain('Late loads: 1 holding, 1 opened, 0 updated, 0 resolved');
    const listed = await runCli(['alerts', 'list', '--state', 'open'], env);
    const [, id] = /^(\d+)\topen\tcritical\tLate loads\tShipment CLI-LATE is late/m.exec(listed.stdout) ?? [];
    expect(id, listed.stdout).toBeDefined();
    const acked = await runCli(['alerts', 'ack', String(id)], env);
    expect(acked.stdout).toMatch(new RegExp(`Alert ${id} acknowledged`));
    expect((await runCli(['alerts', 'list', '--state', 'acknowledged'], env)).stdout).toContain('CLI-LATE');
    expect((await runCli(['alerts', 'resolve', String(id)], env)).stdout).toMatch(/resolved/);
    const rules = await runCli(['alerts', 'rules'], env);
    expect(rules.stdout).toMatch(/Late loads\tshipment_late\tcritical\tactive\t1 holding/);
  });

  it('creates channels (a webhook prints its secret once) and lists them', { timeout: 60_000 }, async () => {
    const allowed = { ...env, LANEWISE_IMPORT_ALLOW_HOSTS: '127.0.0.1' };
    const hook = await runCli(
      ['alerts', 'create-channel', 'ops', '--webhook', 'http://127.0.0.1:9/hook'],
      allowed,
    );
    expect(hook.code, hook.stderr).toBe(0);
    expect(hook.stdout).toMatch(/Channel \d+ "ops" \(webhook\) created/);
    expect(hook.stdout).toMatch(/Signing secret .*: lwas_\S+/);
    const refused = await runCli(
      ['alerts', 'create-channel', 'lan', '--webhook', 'https://10.0.0.7/hook'],
      env,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/10\.0\.0\.7/);
    const noSmtp = await runCli(['alerts', 'create-channel', 'mail', '--email', 'ops@example.test'], env);
    expect(noSmtp.code).not.toBe(0);
    expect(noSmtp.stderr).toMatch(/LANEWISE_SMTP_URL/);
    const listed = await runCli(['alerts', 'channels'], env);
    expect(listed.stdout).toMatch(
      /\tops\twebhook\thttp:\/\/127\.0\.0\.1:9\/hook\twarning and up\tdigest off/,
    );
    expect(listed.stdout).not.toContain('lwas_');
  });

  it('refuses bad input with a clear message', { timeout: 60_000 }, async () => {
    const badJson = await runCli(
      ['alerts', 'create-rule', 'x', '--type', 'shipment_stale', '--params', '{hours'],
      env,
    );
    expect(badJson.code).not.toBe(0);
    expect(badJson.stderr).toMatch(/--params/);
    const badParams = await runCli(
      ['alerts', 'create-rule', 'y', '--type', 'shipment_stale', '--params', '{"hours":0}'],
      env,
    );
    expect(badParams.code).not.toBe(0);
    expect(badParams.stderr).toMatch(/params\.hours/);
    const unknown = await runCli(['alerts', 'ack', '999999'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/No alert with id 999999/);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { ingest, signFeedRequest } from '../../src/modules/feeds/index.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { writeShipments } from '../../src/modules/shipments/index.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

/** `lanewise feeds` as an operator runs it: create (the secret printed once), list, events, replay. */
describe.each(testDialects)('lanewise feeds on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let env: Record<string, string>;
  let dir: string;
  let orgId: number;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = connect(testDb.target);
    await migrateToLatest(database.db);
    orgId = (await createOrganization(database.db, { slug: 'cli-feeds', name: 'CLI feeds' })).id;
    dir = await mkdtemp(path.join(os.tmpdir(), 'lw-feeds-cli-'));
    env = {
      DATABASE_URL: testDb.target.dialect === 'sqlite' ? `sqlite:${testDb.target.file}` : testDb.target.url,
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a feed, lists it, shows its quarantined events and replays them', {
    timeout: 120_000,
  }, async () => {
    const created = await runCli(['feeds', 'create', 'Acme tracking', '--org', 'cli-feeds'], env);
    expect(created.code, created.stderr).toBe(0);
    const [, id, intake] = /Feed (\d+) "Acme tracking" \(json\): POST (\S+)/.exec(created.stdout) ?? [];
    const [, secret] = /Secret .*: (lwfs_\S+)/.exec(created.stdout) ?? [];
    expect(intake).toBe(`/api/v1/feeds/${id}/events`);
    expect(secret).toBeDefined();

    // An event for a shipment that does not exist yet, taken in as the intake takes it.
    const body = JSON.stringify({
      id: 'c-1',
      shipment: 'CLI-1',
      code: 'PICKED_UP',
      occurredAt: '2026-11-30T08:00:00Z',
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const sender = { ...systemCaller(orgId), has: (p: string) => p === 'feeds:ingest' };
    const { answer } = await ingest(database.db, sender, Number(id), {
      timestamp: ts,
      signature: signFeedRequest(secret as string, ts, body),
      raw: Buffer.from(body),
      parsed: JSON.parse(body),
    });
    expect(answer.quarantined).toBe(1);

    const listed = await runCli(['feeds', 'list', '--org', 'cli-feeds'], env);
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}\\tAcme tracking\\tjson\\t1 received\\t1 quarantined`, 'm'),
    );
    expect(listed.stdout).not.toContain(secret);
    const events = await runCli(['feeds', 'events', String(id), '--quarantined', '--org', 'cli-feeds'], env);
    expect(events.stdout).toMatch(/c-1\tquarantined/);
    expect(events.stdout).toMatch(/shipment: .*CLI-1/);

    await database.db.transaction().execute((trx) =>
      writeShipments(
        trx,
        systemCaller(orgId),
        [{ op: 'create', item: { reference: 'CLI-1', mode: 'ftl' } }],
        {
          mode: 'all',
        },
      ),
    );
    const replayed = await runCli(['feeds', 'replay', String(id), '--org', 'cli-feeds'], env);
    expect(replayed.stdout).toContain('1 tried: 1 applied, 0 still quarantined');
  });

  it('refuses a mapping that does not fit, with its code', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ target: 'shipments', fields: { reference: { column: 'r' } } }));
    const res = await runCli(['feeds', 'create', 'Bad', '--mapping', file, '--org', 'cli-feeds'], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/maps its events to tracking-events\. \[IMPORT_MAPPING_INVALID\]/);
  });

  it('creates an MQTT feed with its password from the environment, never on the command line', {
    timeout: 60_000,
  }, async () => {
    const allowed = { ...env, LANEWISE_IMPORT_ALLOW_HOSTS: '127.0.0.1', CLI_MQTT_PASSWORD: 's3cret-broker' };
    const args = ['feeds', 'create', 'Trackers', '--org', 'cli-feeds', '--shape', 'telemetry'];
    const mqtt = ['--mqtt', 'mqtt://127.0.0.1:1883', '--topic', 'fleet/+/events', '--username', 'lw'];
    const created = await runCli([...args, ...mqtt, '--password-env', 'CLI_MQTT_PASSWORD'], allowed);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(
      /Feed \d+ "Trackers" \(telemetry\): subscribes to fleet\/\+\/events on mqtt:\/\/127\.0\.0\.1:1883/,
    );
    expect(created.stdout).not.toContain('s3cret-broker');
    const stored = await database.db
      .selectFrom('feeds')
      .select(['kind', 'mqtt_password'])
      .where('name', '=', 'Trackers')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ kind: 'mqtt', mqtt_password: 's3cret-broker' });
    const unset = await runCli(
      ['feeds', 'create', 'T2', '--org', 'cli-feeds', ...mqtt, '--password-env', 'NOPE'],
      allowed,
    );
    expect(unset.code).not.toBe(0);
    expect(unset.stderr).toMatch(/NOPE is not set/);
    const refused = await runCli(['feeds', 'create', 'T3', '--org', 'cli-feeds', ...mqtt], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/FEED_MQTT_BROKER_REFUSED/);
  });
});

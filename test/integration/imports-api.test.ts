import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, expectProblem } from '../support/auth.js';
import { testDialects } from '../support/databases.js';
import { multipart } from '../support/multipart.js';

/**
 * File imports through HTTP, end to end on each database: upload (streamed, detected), a saved
 * mapping, a run in the in-process worker, quarantine with its reasons, correction and replay,
 * idempotent re-runs, and the refusals (empty, too large, wrong kind, no permission, other org).
 */

// A TMS export as people send it: semicolons, Latin-1 (é), a BOM-less header, pounds, day-first dates.
const rows = [
  'Shipment No;Mode;Carrier;From City;From Country;To City;To Country;Delivery Date;Weight (lb);Freight',
  'TMS-1;Truck;Acme Freight;Lyon;France;Paris;FR;02/06/2024;2204.62;1.250,50',
  'TMS-2;Air;Blue Line;Orléans;FR;New York;United States;15/06/2024;100;N/A',
  'TMS-3;Truck;Acme Freight;Lyon;FR;Madrid;ES;31/02/2024;50;300',
  'TMS-4;Boat;Blue Line;Lyon;FR;Oslo;NO;01/07/2024;10;20',
];
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const csv = latin1(`${rows.join('\r\n')}\r\n`);

const definition = {
  target: 'shipments',
  source: 'tms',
  timeZone: 'Europe/Paris',
  fields: {
    reference: { column: 'Shipment No' },
    mode: { column: 'Mode', transforms: [{ op: 'map', values: { truck: 'ftl', air: 'air' } }] },
    carrier: { column: 'Carrier', lookup: { by: 'name', create: true } },
    'origin.city': { column: 'From City' },
    'origin.country': { column: 'From Country' },
    'destination.city': { column: 'To City' },
    'destination.country': { column: 'To Country' },
    plannedDeliveryAt: { column: 'Delivery Date', transforms: [{ op: 'date', formats: ['dd/MM/yyyy'] }] },
    weightKg: { column: 'Weight (lb)', transforms: [{ op: 'number' }, { op: 'unit', from: 'lb', to: 'kg' }] },
    'freightCost.amount': {
      column: 'Freight',
      transforms: [{ op: 'number', decimal: ',', thousands: '.' }],
    },
  },
};

describe.each(testDialects)('imports API on %s', (dialect) => {
  let ctx: TestContext;
  let directory: string;
  let operator: Record<string, string>;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let otherOrg: Record<string, string>;
  let orgId: number;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'lw-imports-'));
    ctx = await createTestApp(dialect, {
      worker: true,
      env: {
        LANEWISE_IMPORT_DIR: directory,
        LANEWISE_IMPORT_MAX_BYTES: '100000',
        LANEWISE_JOB_POLL_MS: '50',
      },
    });
    const a = await createOrgWithUsers(ctx.database.db, { slug: 'importer-a' });
    const b = await createOrgWithUsers(ctx.database.db, { slug: 'importer-b' });
    orgId = a.orgId;
    operator = bearer(await accessTokenFor(ctx.app, a.users.operator.id, a.orgId));
    admin = bearer(await accessTokenFor(ctx.app, a.users.admin.id, a.orgId));
    viewer = bearer(await accessTokenFor(ctx.app, a.users.viewer.id, a.orgId));
    otherOrg = bearer(await accessTokenFor(ctx.app, b.users.owner.id, b.orgId));
  });
  afterAll(async () => {
    await ctx?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const upload = (headers: Record<string, string>, name: string, content: Buffer | string, fields = {}) => {
    const form = multipart({ name, content }, fields);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports/files',
      headers: { ...headers, ...form.headers },
      payload: form.body,
    });
  };
  const finished = async (runId: number) => {
    for (let i = 0; i < 400; i++) {
      const res = await send(ctx.app, 'GET', `/api/v1/imports/runs/${runId}`, operator);
      const run = res.json();
      if (run.status !== 'queued' && run.status !== 'running') return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`run ${runId} did not finish`);
  };

  let fileId: number;
  let firstRun: { id: number };

  it('stores an upload and detects its format: CSV, semicolons, Latin-1', async () => {
    const res = await upload(operator, 'tms export.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({ name: 'tms export.csv', bytes: csv.length, origin: 'upload' });
    expect(file.format.kind).toBe('csv');
    fileId = file.id;
    const sample = await send(ctx.app, 'POST', `/api/v1/imports/files/${fileId}/preview`, operator, {
      definition,
    });
    expect(sample.statusCode, sample.body).toBe(200);
    const body = sample.json();
    expect(body.columns).toContain('Weight (lb)');
    expect(body.records[1].values['origin.city']).toBe('Orléans');
    expect(body.records[0].values.weightKg).toBeCloseTo(1000, 2);
    expect(body.records[0].values['freightCost.amount']).toBe(1250.5);
  });

  it('suggests a mapping that can be saved as it is', async () => {
    const res = await send(ctx.app, 'POST', `/api/v1/imports/files/${fileId}/suggest`, operator, {
      target: 'shipments',
    });
    expect(res.statusCode, res.body).toBe(200);
    const suggestion = res.json();
    expect(suggestion.definition.fields.reference.column).toBe('Shipment No');
    const saved = await send(ctx.app, 'POST', '/api/v1/imports/mappings', operator, {
      name: 'suggested',
      definition: suggestion.definition,
    });
    expect(saved.statusCode, saved.body).toBe(201);
  });

  it('saves mappings by name with versions, and refuses a taken name and a broken definition', async () => {
    const first = await send(ctx.app, 'POST', '/api/v1/imports/mappings', operator, {
      name: 'tms',
      definition,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ name: 'tms', version: 1, target: 'shipments' });
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/imports/mappings', operator, { name: 'tms', definition }),
      409,
      'IMPORT_MAPPING_NAME_TAKEN',
    );
    const second = await send(ctx.app, 'POST', '/api/v1/imports/mappings/tms/versions', operator, {
      definition,
      description: 'same again',
    });
    expect(second.json()).toMatchObject({ version: 2, description: 'same again' });
    const versions = await send(ctx.app, 'GET', '/api/v1/imports/mappings/tms/versions', operator);
    expect(
      versions
        .json()
        .data.map((m: { version: number }) => m.version)
        .sort(),
    ).toEqual([1, 2]);
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/imports/mappings', operator, {
        name: 'broken',
        definition: { ...definition, fields: { ...definition.fields, nosuchField: { column: 'Mode' } } },
      }),
      422,
      'IMPORT_MAPPING_INVALID',
    );
  });

  it('loads a run in the background: good rows in, bad rows quarantined with their reasons', async () => {
    // Creating carriers needs master-data:write, which operators lack: refused before anything runs.
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/imports/runs', operator, { fileId, mapping: { name: 'tms' } }),
      403,
      'AUTH_FORBIDDEN',
    );
    const res = await send(ctx.app, 'POST', '/api/v1/imports/runs', admin, {
      fileId,
      mapping: { name: 'tms' },
    });
    expect(res.statusCode, res.body).toBe(202);
    firstRun = res.json();
    const run = await finished(firstRun.id);
    expect(run).toMatchObject({
      status: 'succeeded',
      mapping: { name: 'tms', version: 2 },
      counts: { read: 4, inserted: 2, updated: 0, unchanged: 0, quarantined: 2 },
      checkpointRow: 4,
    });
    const shipments = await ctx.database.db
      .selectFrom('shipments')
      .select(['reference', 'source', 'weight_kg', 'freight_cost'])
      .where('org_id', '=', orgId)
      .orderBy('reference')
      .execute();
    expect(shipments.map((s) => s.reference)).toEqual(['TMS-1', 'TMS-2']);
    expect(Number(shipments[0]?.weight_kg)).toBeCloseTo(1000, 2);
    const quarantine = await send(ctx.app, 'GET', `/api/v1/imports/runs/${firstRun.id}/quarantine`, operator);
    const records = quarantine.json().data;
    expect(records.map((r: { row: number }) => r.row)).toEqual([3, 4]);
    expect(records[0].reasons[0]).toMatchObject({ field: 'plannedDeliveryAt', rule: 'date' });
    expect(records[1].reasons[0]).toMatchObject({ field: 'mode', rule: 'map' });
  });

  it('changes nothing when the same file runs again', async () => {
    const res = await send(ctx.app, 'POST', '/api/v1/imports/runs', admin, {
      fileId,
      mapping: { name: 'tms' },
    });
    const run = await finished(res.json().id);
    expect(run.counts).toEqual({ read: 4, inserted: 0, updated: 0, unchanged: 2, quarantined: 2 });
  });

  it('replays a corrected record once, and discards another', async () => {
    const list = (
      await send(ctx.app, 'GET', `/api/v1/imports/runs/${firstRun.id}/quarantine`, operator)
    ).json();
    const [badDate, badMode] = list.data;
    const fixed = await send(
      ctx.app,
      'PATCH',
      `/api/v1/imports/runs/${firstRun.id}/quarantine/${badDate.id}`,
      operator,
      { values: { ...badDate.values, 'Delivery Date': '29/02/2024' } },
    );
    expect(fixed.statusCode, fixed.body).toBe(200);
    const discarded = await send(
      ctx.app,
      'PATCH',
      `/api/v1/imports/runs/${firstRun.id}/quarantine/${badMode.id}`,
      operator,
      { status: 'discarded' },
    );
    expect(discarded.json().status).toBe('discarded');
    const replay = await send(
      ctx.app,
      'POST',
      `/api/v1/imports/runs/${firstRun.id}/quarantine/replay`,
      admin,
      {},
    );
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json()).toMatchObject({ loaded: 1, quarantined: 0 });
    expect(replay.json().records[0]).toMatchObject({ status: 'loaded', replays: 1 });
    const again = await send(
      ctx.app,
      'POST',
      `/api/v1/imports/runs/${firstRun.id}/quarantine/replay`,
      admin,
      {},
    );
    expect(again.json()).toMatchObject({ loaded: 0, quarantined: 0, records: [] });
    const run = (await send(ctx.app, 'GET', `/api/v1/imports/runs/${firstRun.id}`, operator)).json();
    expect(run.counts).toMatchObject({ inserted: 3, quarantined: 1 });
    const tms3 = await ctx.database.db
      .selectFrom('shipments')
      .select('planned_delivery_at')
      .where('org_id', '=', orgId)
      .where('reference', '=', 'TMS-3')
      .executeTakeFirstOrThrow();
    expect(new Date(tms3.planned_delivery_at as string).toISOString()).toBe('2024-02-28T23:00:00.000Z');
  });

  it('refuses empty, too large and mislabelled files with stable codes', async () => {
    expectProblem(await upload(operator, 'empty.csv', ''), 422, 'IMPORT_FILE_EMPTY');
    expectProblem(await upload(operator, 'big.csv', 'a,b\n'.repeat(30_000)), 413, 'IMPORT_FILE_TOO_LARGE');
    expectProblem(
      await upload(operator, 'rows.xlsx', 'reference,mode\nA,air\n'),
      422,
      'IMPORT_FILE_MISMATCH',
    );
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/imports/files', operator, { not: 'multipart' }),
      415,
      'REQUEST_UNSUPPORTED_MEDIA_TYPE',
    );
    const left = await ctx.database.db
      .selectFrom('import_files')
      .select('id')
      .where('org_id', '=', orgId)
      .execute();
    expect(left).toHaveLength(1);
  });

  it('refuses broken EDI, EPCIS, workbooks and header-only tables when they are uploaded', async () => {
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));
    expectProblem(
      await upload(operator, 'status.edi', fixture('x12-214-bad-se-count.edi')),
      422,
      'IMPORT_X12_INVALID',
    );
    expectProblem(
      await upload(operator, 'events.jsonld', fixture('epcis-bad-schema-version.json')),
      422,
      'IMPORT_EPCIS_INVALID',
    );
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Shipments').addRows([['reference'], ['A-1']]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expectProblem(
      await upload(operator, 'cut.xlsx', xlsx.subarray(0, Math.floor(xlsx.length / 2))),
      422,
      'IMPORT_FILE_MALFORMED',
    );
    expect((await upload(operator, 'whole.xlsx', xlsx)).statusCode).toBe(201);
    expectProblem(await upload(operator, 'header.csv', 'reference,mode\r\n'), 422, 'IMPORT_NO_ROWS');
  });

  it('imports an X12 856 ship notice with its preset mapping', async () => {
    const res = await upload(
      admin,
      'asn.edi',
      readFileSync(new URL('../fixtures/imports/x12-856-two-shipments.edi', import.meta.url)),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().format.kind).toBe('x12');
    const suggestion = await send(ctx.app, 'POST', `/api/v1/imports/files/${res.json().id}/suggest`, admin, {
      target: 'shipments',
    });
    const presets = (await send(ctx.app, 'GET', '/api/v1/imports/presets', admin)).json().data;
    const preset = presets.find((p: { name: string }) => p.name === 'x12-856');
    expect(suggestion.json().definition).toEqual(preset.definition);
    await send(ctx.app, 'POST', '/api/v1/imports/mappings', admin, {
      name: 'asn',
      definition: preset.definition,
    });
    const started = await send(ctx.app, 'POST', '/api/v1/imports/runs', admin, {
      fileId: res.json().id,
      mapping: { name: 'asn' },
    });
    const run = await finished(started.json().id);
    expect(run).toMatchObject({ status: 'succeeded', counts: { read: 2, inserted: 2, quarantined: 0 } });
  });

  it('imports X12 214 statuses as tracking events of the shipments they name', async () => {
    for (const reference of ['SHP-1001', 'SHP-1002']) {
      const created = await send(ctx.app, 'POST', '/api/v1/shipments', admin, {
        reference,
        mode: 'ftl',
        origin: { city: 'Chicago', country: 'US' },
        destination: { city: 'Dallas', country: 'US' },
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const res = await upload(
      admin,
      'status.edi',
      readFileSync(new URL('../fixtures/imports/x12-214-two-sets.edi', import.meta.url)),
    );
    expect(res.statusCode, res.body).toBe(201);
    const suggestion = (
      await send(ctx.app, 'POST', `/api/v1/imports/files/${res.json().id}/suggest`, admin, {
        target: 'shipments',
      })
    ).json();
    expect(suggestion.definition.target).toBe('tracking-events');
    await send(ctx.app, 'POST', '/api/v1/imports/mappings', admin, {
      name: 'carrier-214',
      definition: { ...suggestion.definition, source: 'manual' },
    });
    const started = await send(ctx.app, 'POST', '/api/v1/imports/runs', admin, {
      fileId: res.json().id,
      mapping: { name: 'carrier-214' },
    });
    const run = await finished(started.json().id);
    expect(run.status).toBe('succeeded');
    expect(run.counts.read).toBeGreaterThanOrEqual(4);
    expect(run.counts.inserted + run.counts.quarantined).toBe(run.counts.read);
    expect(run.counts.inserted).toBeGreaterThan(0);
    const shipment = await ctx.database.db
      .selectFrom('shipments')
      .select(['id', 'status'])
      .where('org_id', '=', orgId)
      .where('reference', '=', 'SHP-1001')
      .executeTakeFirstOrThrow();
    const events = (await send(ctx.app, 'GET', `/api/v1/shipments/${shipment.id}/events`, admin)).json();
    expect(events.data.length).toBeGreaterThanOrEqual(3);
    // Running the same file again adds nothing.
    const again = await send(ctx.app, 'POST', '/api/v1/imports/runs', admin, {
      fileId: res.json().id,
      mapping: { name: 'carrier-214' },
    });
    const second = await finished(again.json().id);
    expect(second.counts.inserted).toBe(0);
    expect(second.counts.unchanged).toBe(run.counts.inserted);
  });

  it('refuses URL pulls to loopback, private and metadata addresses, and plain http', async () => {
    for (const url of [
      'https://127.0.0.1/export.csv',
      'https://localhost:8443/export.csv',
      'https://10.1.2.3/export.csv',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::ffff:127.0.0.1]/x.csv',
      'http://example.com/export.csv',
      'https://user:secret@example.com/export.csv',
    ]) {
      const res = await send(ctx.app, 'POST', '/api/v1/imports/files:fetch', operator, { url });
      const problem = expectProblem(res, 422, 'IMPORT_URL_REFUSED');
      expect(JSON.stringify(problem), url).not.toContain('secret');
    }
  });

  it('keeps imports to people who may run them, in their own organization', async () => {
    expectProblem(await upload(viewer, 'x.csv', 'a\n1\n'), 403, 'AUTH_FORBIDDEN');
    expectProblem(
      await send(ctx.app, 'GET', `/api/v1/imports/files/${fileId}`, otherOrg),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectProblem(
      await send(ctx.app, 'GET', `/api/v1/imports/runs/${firstRun.id}`, otherOrg),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectProblem(
      await send(ctx.app, 'POST', '/api/v1/imports/runs', otherOrg, { fileId, mapping: { name: 'tms' } }),
      404,
      'RESOURCE_NOT_FOUND',
    );
    const runs = await send(ctx.app, 'GET', '/api/v1/imports/runs', otherOrg);
    expect(runs.json().data).toEqual([]);
  });
});

import fs from 'node:fs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

/**
 * Property-based fuzzing of every API operation in docs/openapi.json: requests generated from
 * each operation's own schemas (valid, and mutated into invalid) must never get a 5xx, every
 * 4xx must be problem+json with a code, and a refused request must not change the data.
 */
type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  $ref?: string;
};
interface Operation {
  parameters?: { name: string; in: string; schema: Schema; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
const doc = JSON.parse(fs.readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema): Schema {
  return schema.$ref
    ? resolve(doc.components.schemas[schema.$ref.split('/').pop() as string] as Schema)
    : schema;
}

/** Values that satisfy a JSON schema (the subset our generator emits). */
function valid(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.enum) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  const union = s.anyOf ?? s.oneOf;
  if (union) return fc.oneof(...union.map((u) => valid(u, depth)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'date-time')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (s.format === 'date')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      if (s.format === 'email') return fc.emailAddress();
      if (typeof s.pattern === 'string')
        return fc
          .stringMatching(new RegExp(s.pattern))
          .filter((v) => v.length <= ((s.maxLength as number) ?? 64));
      {
        const size = {
          minLength: (s.minLength as number) ?? 0,
          maxLength: Math.min((s.maxLength as number) ?? 20, 20),
        };
        // Any code point too (NUL, controls, astral): databases differ in what text they accept.
        return fc.oneof(
          fc.string(size),
          fc.string({ ...size, unit: 'binary' }),
          fc.constantFrom('a\u0000b', 'x\ud800y'),
        );
      }
    }
    case 'integer':
    case 'number': {
      // Typical values, and the schema's own bounds exactly: a bound the database cannot store
      // (a column narrower than the schema) must not become a 500.
      const lo =
        typeof s.minimum === 'number'
          ? s.minimum
          : typeof s.exclusiveMinimum === 'number'
            ? s.exclusiveMinimum + 1
            : undefined;
      const hi =
        typeof s.maximum === 'number'
          ? s.maximum
          : typeof s.exclusiveMaximum === 'number'
            ? s.exclusiveMaximum - 1
            : undefined;
      const bounds = [lo, hi].filter(
        (b): b is number => b !== undefined && Number.isSafeInteger(Math.trunc(b)),
      );
      const range =
        type === 'integer'
          ? fc.integer({ min: Math.max(lo ?? -1000, -1e6), max: Math.min(hi ?? 1000, 1e6) })
          : fc.double({ min: Math.max(lo ?? -1000, -1e6), max: Math.min(hi ?? 1000, 1e6), noNaN: true });
      return bounds.length ? fc.oneof(range, fc.constantFrom(...bounds)) : range;
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(valid(s.items ?? {}, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const parts = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valid(v, depth + 1)]));
      return fc.record(parts, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A valid value, or one broken in a typical way (wrong type, unknown field, missing field, junk). */
function any(schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: valid(schema) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid(schema), fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
        .map(([value, key, junk]) =>
          value && typeof value === 'object' && !Array.isArray(value)
            ? { ...value, [key || 'x']: junk }
            : junk,
        ),
    },
  );
}

/**
 * The largest value a schema allows: every optional field present, numbers at their maximum,
 * strings at their longest (in a two-byte letter), one array item. A schema that promises more
 * than its column stores fails here instead of with a 500 in production.
 */
function maximal(schema: Schema, name = ''): unknown {
  const s = resolve(schema);
  if (s.enum) return s.enum[0];
  if ('const' in s) return s.const;
  const union = s.anyOf ?? s.oneOf;
  // References (…Id) stay empty: an id of nothing is refused before any write.
  if (union && /Id$/.test(name) && union.some((u) => resolve(u).type === 'null')) return null;
  if (union)
    return maximal(
      union.find((u) => resolve(u).type === 'object') ?? union.find((u) => resolve(u).type !== 'null') ?? {},
      name,
    );
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      // Values checked beyond the JSON schema (time zones…) come with a valid example.
      if (typeof s.example === 'string') return s.example;
      if (s.format === 'date-time') return '2999-12-31T23:59:59.999Z';
      if (s.format === 'date') return '2999-12-31';
      if (s.format === 'email') return `${'a'.repeat(60)}@example.com`;
      if (typeof s.pattern === 'string') {
        const samples = fc.sample(fc.stringMatching(new RegExp(s.pattern)), { numRuns: 200, seed: 1 });
        const fitting = samples.filter((v) => v.length <= ((s.maxLength as number) ?? 64));
        return fitting.sort((x, y) => y.length - x.length)[0] ?? '';
      }
      return 'é'.repeat(Math.min((s.maxLength as number) ?? 40, 1000));
    }
    case 'integer':
    case 'number':
      if (typeof s.maximum === 'number') return s.maximum;
      if (typeof s.exclusiveMaximum === 'number')
        return type === 'integer' ? s.exclusiveMaximum - 1 : s.exclusiveMaximum - 0.01;
      return 1000;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: Math.max(1, (s.minItems as number) ?? 1) }, () =>
        maximal(s.items ?? {}, name),
      );
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, maximal(v, k)]));
    default:
      return 'x';
  }
}

// Routes that end the caller's own session or credentials would only make later runs 401; the
// live stream stays open by design (its refusals are tested in stream.test.ts).
const skipped =
  /\/auth\/|\/me\/password|\/users\/\{id\}\/(disable|role)|\/service-accounts\/\{id\}\/disable|^\/api\/v1\/stream$/;
const dataTables = [
  'shipments',
  'tracking_events',
  'carriers',
  'customers',
  'suppliers',
  'facilities',
  'products',
  'orders',
  'order_lines',
  'inventory_snapshots',
  'inventory_movements',
  'users',
  'memberships',
  'api_keys',
];

describe.each(testDialects)('fuzzing every operation on %s', (dialect) => {
  let ctx: TestContext;
  let headers: Record<string, string>;
  let ids: number[] = [];
  const outcomes = { accepted: 0, refused: 0 };

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const org = await createOrgWithUsers(ctx.database.db, { slug: 'fuzz' });
    headers = bearer(await accessTokenFor(ctx.app, org.users.owner.id, org.orgId));
    const carrier = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/carriers',
      headers,
      payload: { name: 'Fuzz Freight' },
    });
    const shipment = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers,
      payload: { reference: 'F-1', mode: 'ftl' },
    });
    ids = [carrier.json().id, shipment.json().id, org.users.viewer.id];
  });
  afterAll(() => ctx?.close());

  async function fingerprint(): Promise<string> {
    const parts: string[] = [];
    for (const table of dataTables) {
      const row = await sql<{
        n: number;
        t: string | null;
      }>`select count(*) as n, max(id) as t from ${sql.table(table)}`.execute(ctx.database.db);
      parts.push(`${table}:${row.rows[0]?.n}:${row.rows[0]?.t}`);
    }
    const updated = await sql<{ t: string | null }>`select max(updated_at) as t from shipments`.execute(
      ctx.database.db,
    );
    return `${parts.join(',')}|${updated.rows[0]?.t}`;
  }

  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

  it.each(operations.filter((o) => !skipped.test(o.path)).map((o) => [`${o.method} ${o.path}`, o] as const))(
    '%s',
    async (_name, { path, method, op }) => {
      const params = op.parameters ?? [];
      const queryParams = params.filter((p) => p.in === 'query');
      const bodySchema = op.requestBody?.content['application/json']?.schema;
      const request = fc.record({
        path: fc.record(
          Object.fromEntries(
            params
              .filter((p) => p.in === 'path')
              .map((p) => [
                p.name,
                fc.oneof(
                  fc.constantFrom(...ids.map(String)),
                  fc.integer({ min: -5, max: 1e9 }).map(String),
                  fc.string({ minLength: 1, maxLength: 8 }),
                ),
              ]),
          ),
        ),
        // A few query parameters at a time, so valid combinations are common too.
        query: queryParams.length
          ? fc
              .uniqueArray(fc.constantFrom(...queryParams), { maxLength: 3 })
              .chain((chosen) =>
                fc.record(
                  Object.fromEntries(
                    chosen.map((p) => [
                      p.name,
                      any(p.schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
                    ]),
                  ),
                ),
              )
          : fc.constant({}),
        body: bodySchema ? any(bodySchema) : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const url = `${path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String((r.path as Record<string, string>)[name])))}?${new URLSearchParams(r.query as Record<string, string>)}`;
          const before = await fingerprint();
          const res = await ctx.app.inject({
            method: method as 'GET',
            url,
            headers,
            ...(r.body === undefined
              ? {}
              : {
                  payload: JSON.stringify(r.body),
                  headers: { ...headers, 'content-type': 'application/json' },
                }),
          });
          expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(500);
          outcomes[res.statusCode < 400 ? 'accepted' : 'refused']++;
          if (res.statusCode >= 400) {
            expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
            expect(res.json().code).toMatch(/^[A-Z]+(_[A-Z]+)+$/);
            expect(await fingerprint(), `${method} ${url} was refused but changed data`).toBe(before);
          }
        }),
        { numRuns: 20, seed: 20261129, endOnFailure: true },
      );
    },
  );

  it.each(
    operations
      .filter((o) => !skipped.test(o.path) && o.op.requestBody)
      .map((o) => [`${o.method} ${o.path}`, o] as const),
  )('%s with every field at its largest', async (_name, { path, method, op }) => {
    const body = maximal(op.requestBody?.content['application/json']?.schema ?? {});
    for (const id of ids) {
      const url = path.replace(/\{(\w+)\}/g, String(id));
      const res = await ctx.app.inject({ method: method as 'POST', url, headers, payload: body as object });
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(500);
    }
  });

  const expectRefused = (
    res: { statusCode: number; headers: Record<string, unknown>; body: string },
    what: string,
  ) => {
    expect(res.statusCode, `${what}: ${res.body}`).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(500);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  };

  it('refuses deeply nested JSON on every operation with a body, public ones included', async () => {
    const withBody = operations.filter((o) => o.op.requestBody);
    for (const depth of [65, 6000]) {
      const deep = `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      for (const { path, method } of withBody) {
        const url = path.replace(/\{(\w+)\}/g, String(ids[1]));
        const before = await fingerprint();
        const res = await ctx.app.inject({
          method: method as 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: deep,
        });
        expectRefused(res, `${method} ${url} nested ${depth}`);
        expect(await fingerprint()).toBe(before);
      }
    }
  });

  it('refuses tampered cursors on every list', async () => {
    const lists = operations.filter(
      (o) => o.method === 'GET' && (o.op.parameters ?? []).some((p) => p.name === 'cursor'),
    );
    expect(lists.length).toBeGreaterThan(8);
    const urlOf = (path: string) => path.replace(/\{(\w+)\}/g, String(ids[1]));
    // A genuine cursor of each list (seeded rows make at least one list page), to tamper with.
    const issued: string[] = [];
    for (const { path } of lists) {
      const res = await ctx.app.inject({ method: 'GET', url: `${urlOf(path)}?limit=1`, headers });
      const next = res.statusCode === 200 ? (res.json().nextCursor as string | null) : null;
      if (next) issued.push(next);
    }
    expect(issued.length).toBeGreaterThan(0);
    const tampered = fc.sample(
      fc.oneof(
        // One byte flipped.
        fc
          .tuple(fc.constantFrom(...issued), fc.nat(), fc.constantFrom('A', 'z', '-', '_', '.', '0'))
          .map(([c, at, ch]) => `${c.slice(0, at % c.length)}${ch}${c.slice((at % c.length) + 1)}`),
        // The position re-encoded with other values, with and without the original MAC.
        fc
          .tuple(
            fc.constantFrom(...issued),
            fc.oneof(
              fc.string(),
              fc.constantFrom('9999-99-99T99:99:99.999Z', '0000-00-00', '+275760-09-13T00:00:00.000Z'),
              fc.double(),
              fc.constant(null),
            ),
            fc.integer(),
            fc.boolean(),
          )
          .map(([c, value, id, keepMac]) => {
            const [body = '', mac = ''] = c.split('.');
            const [sort] = JSON.parse(Buffer.from(body, 'base64url').toString()) as unknown[];
            const forged = Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
            return keepMac ? `${forged}.${mac}` : forged;
          }),
      ),
      { numRuns: 40, seed: 7 },
    );
    for (const { path } of lists) {
      // Every list is also handed the other lists' genuine cursors.
      for (const cursor of [...tampered, ...issued]) {
        const res = await ctx.app.inject({
          method: 'GET',
          url: `${urlOf(path)}?limit=1&cursor=${encodeURIComponent(cursor)}`,
          headers,
        });
        if (issued.includes(cursor) && res.statusCode === 200) continue; // its own cursor
        expectRefused(res, `GET ${path} cursor ${cursor}`);
        if (res.statusCode === 400)
          expect(['REQUEST_INVALID_CURSOR', 'REQUEST_INVALID']).toContain(res.json().code);
      }
    }
  });

  it('refuses loose spellings of ids and integer query parameters', async () => {
    const loose = (n: number) => [
      `0x${n.toString(16)}`,
      `${n}.0`,
      `0${n}`,
      `+${n}`,
      `${n}e0`,
      ` ${n}`,
      `${n} `,
    ];
    for (const { path, method, op } of operations.filter((o) => !skipped.test(o.path))) {
      const params = op.parameters ?? [];
      if (params.some((p) => p.in === 'path')) {
        for (const spelling of loose(ids[1] as number)) {
          const url = path.replace(/\{(\w+)\}/g, encodeURIComponent(spelling));
          expectRefused(await ctx.app.inject({ method: method as 'GET', url, headers }), `${method} ${url}`);
        }
      }
      if (method !== 'GET') continue;
      for (const p of params.filter((q) => q.in === 'query' && resolve(q.schema).type === 'integer')) {
        for (const spelling of loose(1)) {
          const url = `${path.replace(/\{(\w+)\}/g, String(ids[1]))}?${p.name}=${encodeURIComponent(spelling)}`;
          const res = await ctx.app.inject({ method: 'GET', url, headers });
          expectRefused(res, `GET ${url}`);
          expect(res.json().code).toBe('REQUEST_INVALID');
        }
      }
    }
  });

  // Guards the generator itself: a fuzzer whose requests were all refused would prove little.
  it('sent both accepted and refused requests', () => {
    expect(outcomes.accepted).toBeGreaterThan(200);
    expect(outcomes.refused).toBeGreaterThan(200);
  });
});

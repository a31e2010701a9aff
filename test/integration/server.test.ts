import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { latestSchemaVersion } from '../../src/db/migrator.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body);
  expect(body).toMatchObject({ status, code, type: `urn:lanewise:problem:${code}` });
  expect(typeof body.requestId).toBe('string');
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/); // no stack frames
  return body;
}

describe.each(testDialects)('HTTP server on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(dialect, {
      env: { LANEWISE_BODY_LIMIT: '2048' },
      prepare: (app) => {
        app.post(
          '/test/echo',
          {
            config: { access: 'public' },
            schema: { body: z.object({ name: z.string().min(1), qty: z.number().int() }).strict() },
          },
          async (request) => request.body,
        );
        app.get('/test/boom', { config: { access: 'public' } }, async () => {
          throw new Error('secret internals: password=hunter2');
        });
      },
    });
  });
  afterAll(() => ctx?.close());

  it('answers /healthz', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with the schema version when migrated', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', schemaVersion: latestSchemaVersion });
  });

  it('keeps a sane caller request id and replaces an unsafe one', async () => {
    const kept = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'a b<script>' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 404 and 405 as problems', async () => {
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/no/such/route' }), 404, 'ROUTE_NOT_FOUND');
    const res = await ctx.app.inject({ method: 'DELETE', url: '/healthz' });
    expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('answers 400 with the invalid field paths, including unknown fields', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/test/echo',
      payload: { name: '', qty: 1.5, extra: true },
    });
    const body = expectProblem(res, 400, 'REQUEST_INVALID');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.qty']));
    expect(JSON.stringify(body.errors)).toContain('extra');
  });

  it('answers 400 for malformed JSON, 413 for a large body, 415 for another media type', async () => {
    expectProblem(
      await ctx.app.inject({
        method: 'POST',
        url: '/test/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"name":',
      }),
      400,
      'REQUEST_MALFORMED_JSON',
    );
    expectProblem(
      await ctx.app.inject({
        method: 'POST',
        url: '/test/echo',
        payload: { name: 'x'.repeat(5000), qty: 1 },
      }),
      413,
      'REQUEST_BODY_TOO_LARGE',
    );
    expectProblem(
      await ctx.app.inject({
        method: 'POST',
        url: '/test/echo',
        headers: { 'content-type': 'text/csv' },
        payload: 'a,b',
      }),
      415,
      'REQUEST_UNSUPPORTED_MEDIA_TYPE',
    );
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/test/echo',
      payload: { name: 'pallet', qty: 3 },
    });
    expect(ok.json()).toEqual({ name: 'pallet', qty: 3 });
  });

  it('answers 500 without leaking the error', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/test/boom' });
    const body = expectProblem(res, 500, 'INTERNAL_ERROR');
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('secret internals');
    expect(body.detail).toMatch(/request id/);
  });

  it('finishes in-flight requests when closing, and refuses new ones', async () => {
    let entered: () => void = () => {};
    const handlerEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release: () => void = () => {};
    const server = await createTestApp(dialect, {
      prepare: (app) => {
        app.get('/test/slow', { config: { access: 'public' } }, async () => {
          entered();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          return { finished: true };
        });
      },
    });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.app.server.address() as { port: number };
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ port, host: '127.0.0.1', path: '/test/slow', agent: false }, (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
    await handlerEntered;
    const closing = server.app.close();
    await new Promise((r) => setTimeout(r, 20));
    const refused = await new Promise<string>((resolve) => {
      http
        .get({ port, host: '127.0.0.1', path: '/healthz', agent: false }, (res) =>
          resolve(String(res.statusCode)),
        )
        .on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(['ECONNREFUSED', '503']).toContain(refused);
    release();
    const result = await inFlight;
    await closing;
    expect(result).toEqual({ status: 200, body: JSON.stringify({ finished: true }) });
    expect(server.app.server.listening).toBe(false);
    await server.close(); // drops the test database too (it used to be left behind every run)
  });
});

describe.each(testDialects)('requests the framework answers, on %s', (dialect) => {
  let ctx: TestContext;
  let port: number;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as { port: number }).port;
  });
  afterAll(() => ctx?.close());

  /** Sends raw bytes (what no HTTP client library would send) and reads the whole answer. */
  function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', body = ''] = data.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
      });
    });
  }

  it('refuses JSON nested 6,000 levels deep with 400, not a crash, on a public route', async () => {
    const deep = `${'['.repeat(6000)}${']'.repeat(6000)}`;
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"email":"a@example.com","password":"x","extra":${deep}}`,
    });
    const body = expectProblem(res, 400, 'REQUEST_INVALID');
    expect(JSON.stringify(body.errors)).toMatch(/deeper than 64 levels/);
    // A sane depth still reaches the schema, which names the field.
    const shallow = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@example.com', password: 'x', extra: [[[1]]] },
    });
    expect(expectProblem(shallow, 400, 'REQUEST_INVALID').errors).toEqual([
      { path: 'body.extra', message: 'unknown field' },
    ]);
  });

  it('answers a URL that does not decode with a problem document', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/shipments/%E0%A4%A' });
    expectProblem(res, 400, 'REQUEST_MALFORMED_URL');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers oversized and malformed headers (refused by Node before Fastify) with problems', async () => {
    const big = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big.status).toBe(431);
    expect(big.headers).toContain('content-type: application/problem+json');
    expect(JSON.parse(big.body)).toMatchObject({ status: 431, code: 'REQUEST_HEADERS_TOO_LARGE' });
    const bad = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n');
    expect(bad.status).toBe(400);
    expect(bad.headers).toContain('content-type: application/problem+json');
    expect(JSON.parse(bad.body)).toMatchObject({ status: 400, code: 'REQUEST_MALFORMED_HTTP' });
    const badValue = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n');
    expect(badValue.status).toBe(400);
    expect(JSON.parse(badValue.body).code).toBe('REQUEST_MALFORMED_HTTP');
  });

  it('names in Allow exactly the methods routed for the path, colon paths included', async () => {
    const batch = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/shipments:batch' });
    expectProblem(batch, 405, 'METHOD_NOT_ALLOWED');
    expect(batch.headers.allow).toBe('PUT');
    const one = await ctx.app.inject({ method: 'PUT', url: '/api/v1/shipments/7' });
    expect(one.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
  });

  it('sends HSTS only over HTTPS, and /docs works over plain HTTP', async () => {
    const plain = await ctx.app.inject({ method: 'GET', url: '/docs/' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(String(plain.headers['content-security-policy'])).not.toMatch(/upgrade-insecure-requests/);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security'],
    ).toBeUndefined();
  });
});

describe('behind a TLS-terminating proxy', () => {
  it('sends HSTS when the request came over HTTPS', async () => {
    const ctx = await createTestApp('sqlite', { env: { LANEWISE_TRUST_PROXY: 'true' } });
    try {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      const spoofed = await ctx.app.inject({ method: 'GET', url: '/healthz' });
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });
});

describe('logs', () => {
  it('never write a secret sent in the query string, and never accept it as a credential', async () => {
    const lines: string[] = [];
    const logStream = { write: (line: string) => void lines.push(line) };
    const ctx = await createTestApp('sqlite', { env: { LOG_LEVEL: 'info' }, logStream });
    try {
      const key = 'lwk_SuperSecretKeyValue1234567890';
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/shipments?api_key=${key}&limit=5&access_token=tok-9f8e7d&Password=hunter2`,
      });
      expectProblem(res, 401, 'AUTH_MISSING_TOKEN');
      const keyed = await ctx.app.inject({ method: 'GET', url: `/api/v1/shipments?key=${key}` });
      expectProblem(keyed, 401, 'AUTH_MISSING_TOKEN');
      const log = lines.join('');
      expect(log).toContain('/api/v1/shipments?api_key=[redacted]&limit=5');
      for (const secret of [key, 'tok-9f8e7d', 'hunter2']) expect(log).not.toContain(secret);
    } finally {
      await ctx.close();
    }
  });
});

describe('request log', () => {
  it('writes one line per request with its id, method, route, status and time, and no credentials', async () => {
    const lines: string[] = [];
    const logStream = { write: (line: string) => void lines.push(line) };
    const ctx = await createTestApp('sqlite', { env: { LOG_LEVEL: 'info' }, logStream });
    try {
      const org = await createOrgWithUsers(ctx.database.db, { slug: 'logs' });
      const token = await accessTokenFor(ctx.app, org.users.admin.id, org.orgId);
      const apiKey = 'lwk_NotARealKeyButSecretLooking0123456789';
      const read = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/shipments/999999?token=tok-in-query-1234',
        headers: { ...bearer(token), 'x-request-id': 'log-check-1' },
      });
      expect(read.statusCode).toBe(404);
      const keyed = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/shipments?limit=1',
        headers: { 'x-api-key': apiKey, 'x-request-id': 'log-check-2' },
      });
      expect(keyed.statusCode).toBe(401);

      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const completed = entries.filter((e) => e.msg === 'request completed');
      expect(completed.find((e) => e.reqId === 'log-check-1')).toMatchObject({
        level: 30,
        method: 'GET',
        route: '/api/v1/shipments/:id',
        url: '/api/v1/shipments/999999?token=[redacted]',
        statusCode: 404,
        responseTime: expect.any(Number),
      });
      expect(completed.find((e) => e.reqId === 'log-check-2')).toMatchObject({
        method: 'GET',
        route: '/api/v1/shipments',
        statusCode: 401,
      });
      // One line per request from the framework (no separate "incoming request" line), plus
      // the refusals the errors plugin logs with the same request id.
      expect(entries.filter((e) => e.reqId === 'log-check-1').map((e) => e.msg)).toEqual([
        'request rejected',
        'request completed',
      ]);
      expect(entries.some((e) => e.msg === 'incoming request')).toBe(false);
      const log = lines.join('');
      for (const secret of [token, apiKey, 'tok-in-query-1234']) expect(log).not.toContain(secret);
      expect(log.toLowerCase()).not.toContain('authorization');
    } finally {
      await ctx.close();
    }
  });

  it('writes nothing per request above info, and still logs server errors', async () => {
    const lines: string[] = [];
    const logStream = { write: (line: string) => void lines.push(line) };
    const ctx = await createTestApp('sqlite', {
      env: { LOG_LEVEL: 'warn' },
      logStream,
      prepare: (app) => {
        app.get('/test/log-boom', { config: { access: 'public' } }, async () => {
          throw new Error('boom');
        });
      },
    });
    try {
      expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await ctx.app.inject({ method: 'GET', url: '/test/log-boom' })).statusCode).toBe(500);
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries.map((e) => e.msg)).toEqual(['request failed']);
    } finally {
      await ctx.close();
    }
  });
});

describe.each(testDialects)('readiness on %s', (dialect) => {
  it('is 503 with the reason while migrations are pending', async () => {
    const ctx = await createTestApp(dialect, { migrate: false });
    try {
      const res = await ctx.app.inject({ method: 'GET', url: '/readyz' });
      const body = expectProblem(res, 503, 'SERVICE_NOT_READY');
      expect(body.detail).toMatch(/migrate/);
      expect(body.expectedSchemaVersion).toBe(latestSchemaVersion);
    } finally {
      await ctx.close();
    }
  });
});

describe('CORS', () => {
  it('is closed by default and open to configured origins only', async () => {
    const closed = await createTestApp('sqlite');
    const open = await createTestApp('sqlite', { env: { LANEWISE_CORS_ORIGINS: 'https://app.example.com' } });
    try {
      const preflight = (app: typeof closed.app, origin: string) =>
        app.inject({
          method: 'OPTIONS',
          url: '/api/v1/shipments',
          headers: { origin, 'access-control-request-method': 'GET' },
        });
      expect(
        (await preflight(closed.app, 'https://app.example.com')).headers['access-control-allow-origin'],
      ).toBeUndefined();
      const allowed = await preflight(open.app, 'https://app.example.com');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(String(allowed.headers['access-control-allow-headers'])).toContain('idempotency-key');
      expect(
        (await preflight(open.app, 'https://evil.example')).headers['access-control-allow-origin'],
      ).toBeUndefined();
      const simple = await open.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { origin: 'https://app.example.com' },
      });
      expect(simple.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(simple.headers['x-content-type-options']).toBe('nosniff');
      expect(simple.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      // The docs page is the one document: it carries the UI's own policy, which lets its scripts run.
      const docs = await open.app.inject({ method: 'GET', url: '/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(String(docs.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    } finally {
      await closed.close();
      await open.close();
    }
  });

  it('compresses large answers for clients that accept it', async () => {
    const ctx = await createTestApp('sqlite');
    try {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/openapi.json',
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(res.headers['content-encoding']).toBe('gzip');
    } finally {
      await ctx.close();
    }
  });

  it('decompresses request bodies on routes that take one, and ignores Content-Encoding on GET', async () => {
    const ctx = await createTestApp('sqlite');
    try {
      const body = JSON.stringify({ email: 'nobody@example.test', password: 'not the password at all' });
      const gzipped = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        payload: gzipSync(body),
      });
      // Decompressed and read: the credentials are checked (and wrong), not refused as unreadable.
      expectProblem(gzipped, 401, 'AUTH_INVALID_CREDENTIALS');
      const unknown = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
        payload: body,
      });
      expect(expectProblem(unknown, 400, 'REQUEST_REJECTED').detail).toMatch(/Content-Encoding/);
      // A GET has no body to decompress: its route carries no decompression hook at all.
      const read = await ctx.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'content-encoding': 'x-unknown' },
      });
      expect(read.statusCode).toBe(200);
    } finally {
      await ctx.close();
    }
  });
});

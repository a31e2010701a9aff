import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, send, type TestContext } from '../support/app.js';
import { accessTokenFor, bearer, createOrgWithUsers, type TestOrg } from '../support/auth.js';
import { testDialects } from '../support/databases.js';

describe.each(testDialects)('explore %s', (dialect) => {
  let ctx: TestContext;
  let a: TestOrg;
  let admin: Record<string, string>;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    a = await createOrgWithUsers(ctx.database.db, { slug: 'asst-a' });
    admin = bearer(await accessTokenFor(ctx.app, a.users.admin.id, a.orgId));
    analyst = bearer(await accessTokenFor(ctx.app, a.users.analyst.id, a.orgId));
    const c1 = (await send(ctx.app, 'POST', '/api/v1/carriers', admin, { name: 'Swift Freight', scac: 'SWFT' })).json().id;
    const c2 = (await send(ctx.app, 'POST', '/api/v1/carriers', admin, { name: 'Blue Line', scac: 'BLUE' })).json().id;
    const h1 = (await send(ctx.app, 'POST', '/api/v1/customers', admin, { code: 'HG', name: 'Harbor Goods' })).json().id;
    const h2 = (await send(ctx.app, 'POST', '/api/v1/customers', admin, { code: 'HS', name: 'Harbor Supply' })).json().id;
    const items = Array.from({ length: 12 }, (_, i) => ({
      reference: `AS-${String(i).padStart(4, '0')}`,
      mode: ['ftl', 'air', 'ocean'][i % 3],
      carrierId: i % 2 === 0 ? c1 : c2,
      customerId: i % 4 === 0 ? h1 : i % 4 === 1 ? h2 : null,
      origin: { city: 'Chicago', country: 'US' },
      destination: { city: 'Dallas', country: 'US', timezone: 'America/Chicago' },
      plannedDeliveryAt: new Date(Date.UTC(2026, 2, 1 + i, 17)).toISOString(),
      actualPickupAt: new Date(Date.UTC(2026, 1, 27 + i, 17)).toISOString(),
      actualDeliveryAt: new Date(Date.UTC(2026, 2, 1 + i, 17 + (i % 3 === 0 ? 20 : -2))).toISOString(),
      freightCost: { amount: 100 + i, currency: 'USD' },
    }));
    const res = await send(ctx.app, 'PUT', '/api/v1/shipments:batch', admin, { items });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(() => ctx?.close());

  it('streams', async () => {
    const res = await send(ctx.app, 'POST', '/api/v1/assistant/ask/stream', analyst, { question: 'shipments by carrier' });
    console.log(res.statusCode, res.headers, res.body.slice(0, 1500));
    const bad = await send(ctx.app, 'POST', '/api/v1/assistant/ask/stream', analyst, { question: '' });
    console.log(bad.statusCode, bad.headers['content-type'], bad.body);
    const nf = await send(ctx.app, 'POST', '/api/v1/assistant/ask/stream', analyst, { question: 'x', conversationId: 99999 });
    console.log(nf.statusCode, nf.headers['content-type'], nf.body);
    const big = await send(ctx.app, 'POST', '/api/v1/assistant/ask', analyst, { question: 'a'.repeat(2001) });
    console.log(big.statusCode, big.body);
    const unk = await send(ctx.app, 'POST', '/api/v1/assistant/ask', analyst, { question: 'a', foo: 1 });
    console.log(unk.statusCode, unk.body);
    const nob = await send(ctx.app, 'POST', '/api/v1/assistant/conversations', analyst);
    console.log(nob.statusCode, nob.body);
    const r1 = (await send(ctx.app, 'POST', '/api/v1/assistant/ask', analyst, { question: 'freight cost by mode' })).json();
    const w = await send(ctx.app, 'POST', '/api/v1/shipments', admin, { reference: 'NEW-1', mode: 'air' });
    console.log(w.statusCode);
    const r2 = (await send(ctx.app, 'POST', '/api/v1/assistant/ask', analyst, { question: 'freight cost by mode' })).json();
    const r3 = (await send(ctx.app, 'POST', '/api/v1/assistant/ask', analyst, { question: 'freight cost by mode' })).json();
    console.log(r1.dataVersion, r1.cached, r2.dataVersion, r2.cached, r3.cached);
    const q = (await send(ctx.app, 'POST', '/api/v1/analytics/query', analyst, r3.query)).json();
    console.log(JSON.stringify(q).slice(0, 1500));
  });
  it('explores', async () => {
    let conv: number | undefined;
    for (const q of (process.env.QS ?? 'shipments by carrier').split('|')) {
      const fresh = q.startsWith('!');
      const question = fresh ? q.slice(1) : q;
      const res = await send(ctx.app, 'POST', '/api/v1/assistant/ask', analyst, {
        question,
        ...(conv && !fresh ? { conversationId: conv } : {}),
      });
      const b = res.json();
      conv = b.conversationId;
      console.log(JSON.stringify({ q: question, status: res.statusCode, kind: b.kind, text: b.text, query: b.query, sql: b.sql, rows: b.data?.rows, choices: b.choices, cached: b.cached, code: b.code }, null, 1));
    }
  });
});

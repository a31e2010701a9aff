import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, send, type TestContext } from '../support/app.js';
import {
  accessTokenFor,
  apiKeyFor,
  bearer,
  createOrgWithUsers,
  expectProblem,
  type TestOrg,
} from '../support/auth.js';
import { testDialects } from '../support/databases.js';
import { parseSse } from '../support/sse.js';

/**
 * The assistant's REST API on each database (issue #13): an answer is the analytics engine's own
 * result for the semantic query it ran, and its text only shows numbers of that result;
 * follow-ups edit the conversation's last query; an ambiguous name is asked back and a choice
 * settles it; writes are refused; shipments are looked up by reference; conversations are their
 * caller's alone; answers are cached until the data changes; the streamed answer is the JSON one;
 * viewers and operators may not ask; bad input is a 400 with a stable code.
 */

type Headers = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON in assertions
type Json = Record<string, any>;

const ASK = '/api/v1/assistant/ask';
const STREAM = '/api/v1/assistant/ask/stream';
const CONVERSATIONS = '/api/v1/assistant/conversations';

/** Swift Freight carries 7 shipments (3 by air), Blue Line 5 (1 by air); Harbor Goods receives 3, Harbor Supply 2. */
const plan = [
  ...(['air', 'air', 'air', 'ftl', 'ftl', 'ocean', 'ocean'] as const).map((mode) => ({
    carrier: 'swift',
    mode,
  })),
  ...(['air', 'ftl', 'ftl', 'ftl', 'ocean'] as const).map((mode) => ({ carrier: 'blue', mode })),
].map((s, i) => ({ ...s, customer: i < 3 ? 'goods' : i < 5 ? 'supply' : null }));

/** The numbers a text shows ("1,234.50 USD" is 1234.5; "45.0%" is 0.45). */
function numbersIn(text: string): number[] {
  return [...text.matchAll(/(?<![\w.])\d[\d,]*(?:\.\d+)?(%?)/g)].map((m) => {
    const n = Number(m[0].replace(/[,%]/g, ''));
    return m[1] === '%' ? n / 100 : n;
  });
}

/** Whether every number the text shows is a cell of the rows (to the precision shown). */
function numbersNotInData(text: string, rows: readonly Json[]): number[] {
  const cells = rows.flatMap((r) => Object.values(r)).filter((v): v is number => typeof v === 'number');
  return numbersIn(text).filter((n) => !cells.some((c) => Math.abs(c - n) < 0.005));
}

/** An answer without what differs between two askings of one question. */
function comparable(answer: Json): Json {
  const { timings: _t, messageId: _m, conversationId: _c, cached: _cached, ...rest } = answer;
  return rest;
}

describe.each(testDialects)('assistant API on %s', (dialect) => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: Headers;
  let analyst: Headers;
  /** A second analyst of the same organization. */
  let colleague: Headers;
  let viewer: Headers;
  let operator: Headers;
  let carriers: { swift: number; blue: number };

  const ask = async (headers: Headers, question: string, conversationId?: number) => {
    const res = await send(ctx.app, 'POST', ASK, headers, {
      question,
      ...(conversationId ? { conversationId } : {}),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Json;
  };
  const analytics = async (headers: Headers, query: unknown) => {
    const res = await send(ctx.app, 'POST', '/api/v1/analytics/query', headers, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Json;
  };
  const shipmentTotal = async () =>
    (await send(ctx.app, 'GET', '/api/v1/shipments?includeTotal=true&limit=1', admin)).json().total as number;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const { db } = ctx.database;
    org = await createOrgWithUsers(db, { slug: 'assistant-a' });
    const second = await createOrgWithUsers(db, { slug: 'assistant-a2', orgId: org.orgId });
    const token = (id: number) => accessTokenFor(ctx.app, id, org.orgId).then(bearer);
    admin = await token(org.users.admin.id);
    analyst = await token(org.users.analyst.id);
    colleague = await token(second.users.analyst.id);
    viewer = await token(org.users.viewer.id);
    operator = await token(org.users.operator.id);

    const create = async (path: string, body: unknown) => {
      const res = await send(ctx.app, 'POST', `/api/v1/${path}`, admin, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    carriers = {
      swift: await create('carriers', { name: 'Swift Freight', scac: 'SWFT' }),
      blue: await create('carriers', { name: 'Blue Line', scac: 'BLUE' }),
    };
    const customers = {
      goods: await create('customers', { code: 'HG-1', name: 'Harbor Goods' }),
      supply: await create('customers', { code: 'HS-1', name: 'Harbor Supply' }),
    };
    const items = plan.map((s, i) => ({
      reference: `AS-${String(i).padStart(4, '0')}`,
      mode: s.mode,
      carrierId: carriers[s.carrier as keyof typeof carriers],
      customerId: s.customer ? customers[s.customer as keyof typeof customers] : null,
      origin: { city: 'Chicago', country: 'US' },
      destination: { city: 'Dallas', country: 'US', timezone: 'America/Chicago' },
      plannedDeliveryAt: new Date(Date.UTC(2026, 2, 1 + i, 17)).toISOString(),
      actualPickupAt: new Date(Date.UTC(2026, 1, 26 + i, 17)).toISOString(),
      actualDeliveryAt: new Date(Date.UTC(2026, 2, 1 + i, i % 3 === 0 ? 23 : 15)).toISOString(),
      freightCost: { amount: 100 + i, currency: 'USD' },
    }));
    const res = await send(ctx.app, 'PUT', '/api/v1/shipments:batch', admin, { items });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(() => ctx?.close());

  it('answers "shipments by carrier" with what POST /analytics/query gives for the query it ran', async () => {
    const answer = await ask(analyst, 'shipments by carrier');
    expect(answer).toMatchObject({ kind: 'answer', engine: 'offline', cached: false, choices: [] });
    expect(answer.query).toMatchObject({ metrics: ['shipments'], dimensions: ['carrier'], filters: [] });
    const direct = await analytics(analyst, answer.query);
    expect(answer.data.rows).toEqual(direct.rows);
    expect(answer.data.columns).toEqual(direct.columns);
    expect(answer.sql).toBe(direct.sql);
    expect(answer.dataVersion).toBe(direct.dataVersion);
    expect(answer.data.rows).toEqual([
      { carrier: 'Swift Freight', carrierId: carriers.swift, shipments: 7 },
      { carrier: 'Blue Line', carrierId: carriers.blue, shipments: 5 },
    ]);
    // The text names the carriers and shows only numbers of the data (and shows some).
    expect(answer.text).toContain('Swift Freight');
    expect(answer.text).toContain('Blue Line');
    expect(numbersIn(answer.text)).toEqual(expect.arrayContaining([7, 5]));
    expect(numbersNotInData(answer.text, answer.data.rows)).toEqual([]);
    expect(answer.chart).not.toBeNull();
  });

  it('reads a follow-up in the same conversation as an edit of the previous query', async () => {
    const first = await ask(analyst, 'shipments by carrier');
    const onlyAir = await ask(analyst, 'and only air', first.conversationId);
    expect(onlyAir.conversationId).toBe(first.conversationId);
    expect(onlyAir.kind).toBe('answer');
    expect(onlyAir.query).toEqual({
      ...first.query,
      filters: [{ field: 'mode', op: 'eq', value: 'air' }],
    });
    expect(onlyAir.data.rows).toEqual([
      { carrier: 'Swift Freight', carrierId: carriers.swift, shipments: 3 },
      { carrier: 'Blue Line', carrierId: carriers.blue, shipments: 1 },
    ]);
    expect(onlyAir.data.rows).toEqual((await analytics(analyst, onlyAir.query)).rows);

    // The messages route is the same conversation: "by mode" swaps the dimension, the filter stays.
    const res = await send(ctx.app, 'POST', `${CONVERSATIONS}/${first.conversationId}/messages`, analyst, {
      text: 'by mode',
    });
    expect(res.statusCode, res.body).toBe(200);
    const byMode = res.json();
    expect(byMode.conversationId).toBe(first.conversationId);
    expect(byMode.query).toMatchObject({
      metrics: ['shipments'],
      dimensions: ['mode'],
      filters: [{ field: 'mode', op: 'eq', value: 'air' }],
    });
    expect(byMode.data.rows).toEqual([{ mode: 'air', shipments: 4 }]);
    expect(byMode.data.rows).toEqual((await analytics(analyst, byMode.query)).rows);

    // Without the conversation the same words are not a follow-up of anything.
    const alone = await ask(analyst, 'and only air');
    expect(alone.conversationId).not.toBe(first.conversationId);
    expect(alone.query?.dimensions ?? []).not.toContain('carrier');
  });

  it('asks back when a name could be two customers, and a choice label settles it', async () => {
    const asked = await ask(analyst, 'shipments for Harbor');
    expect(asked).toMatchObject({ kind: 'clarification', query: null, sql: null, data: null });
    const labels = asked.choices.map((c: Json) => c.label);
    expect(labels).toHaveLength(2);
    expect(labels.some((l: string) => l.includes('Harbor Goods'))).toBe(true);
    expect(labels.some((l: string) => l.includes('Harbor Supply'))).toBe(true);
    expect(asked.text).toContain('Harbor');

    const label = labels.find((l: string) => l.includes('Harbor Supply'));
    const settled = await ask(analyst, label, asked.conversationId);
    expect(settled.kind).toBe('answer');
    expect(settled.query.filters).toEqual([{ field: 'customer', op: 'eq', value: 'Harbor Supply' }]);
    expect(settled.data.rows).toEqual([{ shipments: 2 }]);
    expect(settled.data.rows).toEqual((await analytics(analyst, settled.query)).rows);

    // The choice's own question asks the same thing in a new conversation.
    const choice = asked.choices.find((c: Json) => c.label === label);
    expect((await ask(analyst, choice.question)).query).toEqual(settled.query);
  });

  it('refuses to delete shipments, and deletes nothing', async () => {
    const before = await shipmentTotal();
    const answer = await ask(analyst, 'delete all shipments');
    expect(answer).toMatchObject({ kind: 'refusal', query: null, sql: null, data: null, chart: null });
    expect(answer.text.length).toBeGreaterThan(0);
    expect(await shipmentTotal()).toBe(before);
    expect(before).toBe(plan.length);
  });

  it('looks a shipment up by its reference', async () => {
    const answer = await ask(analyst, 'where is shipment AS-0003?');
    expect(answer.kind).toBe('lookup');
    expect(answer.data.rows).toEqual([
      expect.objectContaining({
        reference: 'AS-0003',
        status: 'delivered',
        mode: 'ftl',
        carrier: 'Swift Freight',
        origin: 'Chicago, US',
        destination: 'Dallas, US',
        plannedDelivery: '2026-03-04T17:00:00.000Z',
        actualDelivery: '2026-03-04T23:00:00.000Z',
      }),
    ]);
    expect(answer.text).toContain('AS-0003');
    expect(answer.text).toContain('Swift Freight');
    const unknown = await ask(analyst, 'where is shipment ZZ-99999?');
    expect(unknown.kind).toBe('lookup');
    expect(unknown.data.rows).toEqual([]);
    expect(unknown.text).toContain('ZZ-99999');
  });

  it("keeps each caller's conversations to themselves, in order, until deleted", async () => {
    const first = await ask(analyst, 'shipments by carrier');
    const id = first.conversationId as number;
    const second = await ask(analyst, 'and only air', id);
    const theirs = await ask(colleague, 'shipments by mode');

    const list = async (headers: Headers) => {
      const res = await send(ctx.app, 'GET', `${CONVERSATIONS}?limit=500`, headers);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as Json[]).map((c) => c.id as number);
    };
    const mine = await list(analyst);
    expect(mine).toContain(id);
    expect(mine).not.toContain(theirs.conversationId);
    const colleagues = await list(colleague);
    expect(colleagues).toEqual([theirs.conversationId]);

    // Another analyst of the organization cannot read, continue or delete it: it is not there.
    const url = `${CONVERSATIONS}/${id}`;
    expectProblem(await send(ctx.app, 'GET', url, colleague), 404, 'RESOURCE_NOT_FOUND');
    expectProblem(
      await send(ctx.app, 'POST', `${url}/messages`, colleague, { text: 'by mode' }),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectProblem(
      await send(ctx.app, 'POST', ASK, colleague, { question: 'by mode', conversationId: id }),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectProblem(await send(ctx.app, 'DELETE', url, colleague), 404, 'RESOURCE_NOT_FOUND');

    // Its owner reads every turn in order: question, answer, question, answer.
    const res = await send(ctx.app, 'GET', url, analyst);
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json();
    expect(detail.id).toBe(id);
    expect(detail.title).toBe('shipments by carrier');
    expect(detail.messages.map((m: Json) => [m.role, m.text])).toEqual([
      ['user', 'shipments by carrier'],
      ['assistant', first.text],
      ['user', 'and only air'],
      ['assistant', second.text],
    ]);
    const ids = detail.messages.map((m: Json) => m.id as number);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids[1]).toBe(first.messageId);
    expect(ids[3]).toBe(second.messageId);
    expect(detail.messages[3].answer).toMatchObject({ kind: 'answer', query: second.query });
    expect(detail.messages[0].answer).toBeNull();

    const deleted = await send(ctx.app, 'DELETE', url, analyst);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectProblem(await send(ctx.app, 'GET', url, analyst), 404, 'RESOURCE_NOT_FOUND');
    expectProblem(await send(ctx.app, 'DELETE', url, analyst), 404, 'RESOURCE_NOT_FOUND');
    expect(await list(analyst)).not.toContain(id);
    expect(await list(colleague)).toEqual([theirs.conversationId]);
  });

  it('starts a conversation with a title, and an API key has conversations of its own', async () => {
    const created = await send(ctx.app, 'POST', CONVERSATIONS, analyst, { title: 'Weekly review' });
    expect(created.statusCode, created.body).toBe(201);
    const conversation = created.json();
    expect(conversation).toMatchObject({ title: 'Weekly review' });
    const answer = await send(ctx.app, 'POST', `${CONVERSATIONS}/${conversation.id}/messages`, analyst, {
      text: 'shipments by carrier',
    });
    expect(answer.json()).toMatchObject({ kind: 'answer', conversationId: conversation.id });
    const untitled = await send(ctx.app, 'POST', CONVERSATIONS, analyst, {});
    expect(untitled.statusCode, untitled.body).toBe(201);

    const key = bearer(await apiKeyFor(ctx.database.db, org, ['assistant:ask', 'analytics:read'], 'bot'));
    const byKey = await ask(key, 'shipments by carrier');
    expect(byKey.data.rows).toEqual(answer.json().data.rows);
    const keyList = (await send(ctx.app, 'GET', CONVERSATIONS, key)).json().data.map((c: Json) => c.id);
    expect(keyList).toEqual([byKey.conversationId]);
    expectProblem(
      await send(ctx.app, 'GET', `${CONVERSATIONS}/${conversation.id}`, key),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectProblem(
      await send(ctx.app, 'GET', `${CONVERSATIONS}/${byKey.conversationId}`, analyst),
      404,
      'RESOURCE_NOT_FOUND',
    );
  });

  it("answers within the caller's permissions: a key without analytics:read gets no figures", async () => {
    const key = bearer(await apiKeyFor(ctx.database.db, org, ['assistant:ask'], 'ask only'));
    // A question nobody in the organization has asked yet (no cached answer).
    const figures = await ask(key, 'on-time rate by mode');
    expect(figures).toMatchObject({ kind: 'refusal', data: null, sql: null });
    expect(figures.text).toContain('analytics:read');
    const lookup = await ask(key, 'where is shipment AS-0003?');
    expect(lookup).toMatchObject({ kind: 'refusal', data: null });
    expect(lookup.text).toContain('shipments:read');
  });

  it('streams understood, the text in pieces, then the answer the JSON route gives', async () => {
    const question = 'freight cost by carrier';
    const res = await send(ctx.app, 'POST', STREAM, analyst, { question });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseSse(res.body);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('understood');
    expect(names.at(-1)).toBe('answer');
    const middle = names.slice(1, -1);
    expect(middle.length).toBeGreaterThan(1);
    expect(new Set(middle)).toEqual(new Set(['text']));
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));

    const streamed = events.at(-1)?.data as Json;
    expect(
      events
        .slice(1, -1)
        .map((e) => e.data.delta as string)
        .join(''),
    ).toBe(streamed.text);
    expect(events[0]?.data).toEqual({ kind: streamed.kind, engine: streamed.engine, query: streamed.query });
    expect(streamed.kind).toBe('answer');

    const json = await ask(analyst, question);
    expect(comparable(streamed)).toEqual(comparable(json));
    expect(json.conversationId).not.toBe(streamed.conversationId);
    // The streamed turn is kept like any other.
    const kept = (await send(ctx.app, 'GET', `${CONVERSATIONS}/${streamed.conversationId}`, analyst)).json();
    expect(kept.messages.map((m: Json) => m.text)).toEqual([question, streamed.text]);
  });

  it('streams an error event when the conversation is not the caller’s, and 400s bad input', async () => {
    const theirs = await ask(colleague, 'shipments by carrier');
    const res = await send(ctx.app, 'POST', STREAM, analyst, {
      question: 'by mode',
      conversationId: theirs.conversationId,
    });
    expect(res.statusCode).toBe(200);
    const events = parseSse(res.body);
    expect(events.map((e) => e.event)).toEqual(['error']);
    expect(events[0]?.data).toMatchObject({ status: 404, code: 'RESOURCE_NOT_FOUND' });
    expectProblem(await send(ctx.app, 'POST', STREAM, analyst, { question: '' }), 400, 'REQUEST_INVALID');
    expectProblem(await send(ctx.app, 'POST', STREAM, viewer, { question: 'x' }), 403, 'AUTH_FORBIDDEN');
  });

  it('answers 403 to a viewer and an operator', async () => {
    for (const headers of [viewer, operator]) {
      expectProblem(
        await send(ctx.app, 'POST', ASK, headers, { question: 'shipments by carrier' }),
        403,
        'AUTH_FORBIDDEN',
      );
      expectProblem(await send(ctx.app, 'GET', CONVERSATIONS, headers), 403, 'AUTH_FORBIDDEN');
      expectProblem(await send(ctx.app, 'POST', CONVERSATIONS, headers, {}), 403, 'AUTH_FORBIDDEN');
    }
    expectProblem(await send(ctx.app, 'POST', ASK, {}, { question: 'x' }), 401, 'AUTH_MISSING_TOKEN');
  });

  it('refuses bad input with 400 REQUEST_INVALID naming the field', async () => {
    const field = (res: Awaited<ReturnType<typeof send>>) =>
      (expectProblem(res, 400, 'REQUEST_INVALID').errors as Json[]).map((e) => e.path);
    const post = (url: string, body: unknown) => send(ctx.app, 'POST', url, analyst, body);
    expect(field(await post(ASK, { question: '' }))).toEqual(['body.question']);
    expect(field(await post(ASK, { question: '   ' }))).toEqual(['body.question']);
    expect(field(await post(ASK, { question: 'x'.repeat(2001) }))).toEqual(['body.question']);
    expect(field(await post(ASK, { question: 'shipments by carrier', sql: 'select 1' }))).toEqual([
      'body.sql',
    ]);
    expect(field(await post(ASK, {}))).toEqual(['body.question']);
    expect(field(await post(ASK, { question: 'shipments', conversationId: 0 }))).toEqual([
      'body.conversationId',
    ]);
    expect(field(await post(ASK, { question: 'shipments', conversationId: '1' }))).toEqual([
      'body.conversationId',
    ]);
    const conversation = (await post(CONVERSATIONS, {})).json().id as number;
    const messages = `${CONVERSATIONS}/${conversation}/messages`;
    expect(field(await post(messages, { text: '' }))).toEqual(['body.text']);
    expect(field(await post(messages, { question: 'shipments by carrier' }))).toEqual(
      expect.arrayContaining(['body.text']),
    );
    expect(field(await post(CONVERSATIONS, { title: 'x'.repeat(201) }))).toEqual(['body.title']);
    expect(field(await post(CONVERSATIONS, { title: 'ok', owner: 'user:1' }))).toEqual(['body.owner']);
    expectProblem(await send(ctx.app, 'GET', `${CONVERSATIONS}/abc`, analyst), 400, 'REQUEST_INVALID');
    expectProblem(await send(ctx.app, 'GET', `${CONVERSATIONS}?sort=title`, analyst), 400, 'REQUEST_INVALID');
    // 2,000 characters is still a question (the limit is not one off).
    const long = `shipments by carrier ${'please '.repeat(400)}`.slice(0, 2000);
    expect((await post(ASK, { question: long })).statusCode).toBe(200);
  });

  // Last: it writes a shipment, which the answers above do not expect.
  it('caches an answer until a write changes the data version', async () => {
    const question = 'freight cost by mode';
    const first = await ask(analyst, question);
    expect(first.cached).toBe(false);
    const again = await ask(analyst, question);
    expect(again.cached).toBe(true);
    expect(comparable(again)).toEqual(comparable(first));
    // Cached per organization's data, not per conversation or person.
    expect((await ask(colleague, question)).cached).toBe(true);

    const written = await send(ctx.app, 'POST', '/api/v1/shipments', admin, {
      reference: 'AS-NEW-1',
      mode: 'air',
      carrierId: carriers.blue,
      freightCost: { amount: 1000, currency: 'USD' },
    });
    expect(written.statusCode, written.body).toBe(201);
    const after = await ask(analyst, question);
    expect(after.cached).toBe(false);
    expect(after.dataVersion).toBeGreaterThan(first.dataVersion);
    const air = (a: Json) => a.data.rows.find((r: Json) => r.mode === 'air').freightCost as number;
    expect(air(after)).toBe(air(first) + 1000);
    expect(after.data.rows).toEqual((await analytics(analyst, after.query)).rows);
    expect((await ask(analyst, question)).cached).toBe(true);
  });
});

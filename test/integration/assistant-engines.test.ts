import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/modules/assistant/index.js';
import { createLlmEngine, type LlmConfig, llmConfigOf } from '../../src/modules/assistant/llm/index.js';
import { systemCaller } from '../../src/modules/auth/index.js';
import { seedDemoCompany } from '../../src/modules/demo/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { testDialects } from '../support/databases.js';
import { type FakeOpenAi, startFakeOpenAi, toolCall, unreachableBaseUrl } from '../support/fake-openai.js';

/**
 * The assistant with a language model engine, end to end on each database: the model's
 * run_query is run through the analytics engine like the offline engine's; its wording is used
 * only when every number in it is in the data; a model that is down or too slow leaves the
 * answer to the offline engine, which says so.
 */
describe.each(testDialects)('assistant engines on %s', (dialect) => {
  let ctx: TestContext;
  let fake: FakeOpenAi;
  let orgId: number;
  const now = new Date('2026-06-15T12:00:00Z');

  const configOf = (baseUrl: string, timeoutMs = 2000): LlmConfig =>
    llmConfigOf({
      LANEWISE_ASSISTANT_ENGINE: 'openai-compatible',
      LANEWISE_ASSISTANT_MODEL: 'scripted-model',
      LANEWISE_ASSISTANT_BASE_URL: baseUrl,
      LANEWISE_ASSISTANT_TIMEOUT_MS: String(timeoutMs),
    }) as LlmConfig;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    ({ orgId } = await seedDemoCompany(ctx.database.db, { shipments: 800, seed: 3, now }));
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake?.close();
    await ctx?.close();
  });
  beforeEach(() => fake.reset());

  it('runs the model’s query through the semantic layer and keeps its wording only when the numbers hold', async () => {
    const db = ctx.database.db;
    const assistant = createAssistant({ db, engine: createLlmEngine(configOf(fake.baseUrl)), cacheTtlMs: 0 });
    const offline = createAssistant({ db, cacheTtlMs: 0 });
    const caller = systemCaller(orgId);
    const expected = await offline.ask(caller, { question: 'shipments by mode' }, { now });
    const byMode = expected.data?.rows ?? [];
    expect(byMode.length).toBeGreaterThan(1);
    const top = byMode[0] as { mode: string; shipments: number };

    // A wording whose numbers are the data's is sent as the model wrote it.
    fake.replies.push(
      toolCall('run_query', {
        metrics: ['shipments'],
        dimensions: ['mode'],
        orderBy: [{ field: 'shipments', direction: 'desc' }],
        shape: 'breakdown',
      }),
      { text: `Most shipments went by ${top.mode}: ${top.shipments.toLocaleString('en-US')} of them.` },
    );
    const worded = await assistant.ask(caller, { question: 'how do shipments split by mode?' }, { now });
    expect(worded.engine).toBe('llm:openai-compatible:scripted-model');
    expect(worded.data?.rows).toEqual(byMode);
    expect(worded.text).toBe(
      `Most shipments went by ${top.mode}: ${top.shipments.toLocaleString('en-US')} of them.`,
    );
    expect(fake.requests).toHaveLength(2);

    // A wording with a number the data does not hold is dropped for the offline text.
    fake.replies.push(
      toolCall('run_query', {
        metrics: ['shipments'],
        dimensions: ['mode'],
        orderBy: [{ field: 'shipments', direction: 'desc' }],
        shape: 'breakdown',
      }),
      { text: `Most shipments went by ${top.mode}: 987,654,321 of them.` },
    );
    const checked = await assistant.ask(caller, { question: 'and how do they split by mode now?' }, { now });
    expect(checked.text).not.toContain('987,654,321');
    expect(checked.text).toBe(expected.text);
  });

  it('answers with the offline engine, and says so, when the model is down or too slow', async () => {
    const db = ctx.database.db;
    const caller = systemCaller(orgId);
    const offline = await createAssistant({ db, cacheTtlMs: 0 }).ask(
      caller,
      { question: 'on-time rate by carrier' },
      { now },
    );

    const down = createAssistant({
      db,
      engine: createLlmEngine(configOf(await unreachableBaseUrl())),
      cacheTtlMs: 0,
    });
    const fromDown = await down.ask(caller, { question: 'on-time rate by carrier' }, { now });
    expect(fromDown.engine).toBe('offline');
    expect(fromDown.data?.rows).toEqual(offline.data?.rows);
    expect(fromDown.notes.some((n) => n.includes('language model did not answer (unreachable)'))).toBe(true);

    fake.replies.push({ delayMs: 2_000 });
    const slow = createAssistant({ db, engine: createLlmEngine(configOf(fake.baseUrl, 200)), cacheTtlMs: 0 });
    const fromSlow = await slow.ask(caller, { question: 'on-time rate by carrier' }, { now });
    expect(fromSlow.engine).toBe('offline');
    expect(fromSlow.data?.rows).toEqual(offline.data?.rows);
    expect(fromSlow.notes.some((n) => n.includes('(timeout)'))).toBe(true);
  });
});

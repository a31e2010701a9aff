import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { runQuery } from '../src/modules/analytics/index.js';
import { createAssistant } from '../src/modules/assistant/index.js';
import { systemCaller } from '../src/modules/auth/index.js';
import { createTestDatabase } from '../test/support/databases.js';
import { createBenchOrg, END, writeBenchShipments } from './analytics-data.js';
import { figure, ratio, section, timed } from './report.js';

/**
 * The assistant's offline engine at scale (issue #13): on a SQLite database of
 * LANEWISE_BENCH_ASSISTANT_SHIPMENTS shipments (default 1,000,000; the analytics benchmark's
 * network), a mix of 20 questions of every shape, each asked with the answer cache off:
 * - p50/p95 of the whole answer (understand, run, write the text and chart, store the turn) and
 *   of understanding alone;
 * - the ratio of the total answer time to the time of the SQL it ran (the same semantic query
 *   through runQuery, warm, as the baseline; target ≤ 1.5: understanding a question must cost
 *   little next to the query);
 * - the latency of an answer the cache has.
 */
const SHIPMENTS = Number(process.env.LANEWISE_BENCH_ASSISTANT_SHIPMENTS ?? 1_000_000);

const questions = [
  'shipments last month',
  'on-time rate by carrier this year',
  'top 5 lanes by freight cost last quarter',
  'freight spend per month in 2026',
  'average transit days from Chicago to Rotterdam',
  'cost per kg by mode over the last 90 days',
  'Air vs Ocean on-time rate this year',
  'what share of shipments went by ocean last year?',
  'late shipments for Carrier 3 last month',
  'median transit time by mode',
  'which carrier had the worst on-time rate to Chicago last month?',
  'shipments heavier than 500 kg to Germany this year',
  'why did on-time drop last month?',
  'on-time this month vs last month',
  '2025 vs 2026 shipments',
  'weekly shipments over the last 12 weeks',
  'top 10 customers by freight spend',
  'exceptions by carrier',
  'freight cost of late shipments by carrier this year',
  'shipments to Mexico by week last quarter',
];

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
};

export const benchmark = {
  name: 'assistant',
  async run() {
    section(`assistant: offline engine, ${SHIPMENTS.toLocaleString('en-US')} shipments (sqlite)`);
    const test = await createTestDatabase('sqlite');
    const database = connect(test.target);
    try {
      const { db } = database;
      await migrateToLatest(db);
      const org = await createBenchOrg(db, 'assistant-bench');
      const written = await timed(() => writeBenchShipments(db, org, SHIPMENTS));
      figure('shipments written', written.ms / 1000, 's', 1);
      const caller = systemCaller(org.orgId);
      const now = END;
      const uncached = createAssistant({ db, cacheTtlMs: 0 });
      const cached = createAssistant({ db });
      // The first question loads the English word list and builds the organization's lexicon.
      const first = await timed(() => uncached.ask(caller, { question: 'shipments by carrier' }, { now }));
      figure('first question (word list, vocabulary, lexicon)', first.ms, 'ms');

      const totals: number[] = [];
      const understanding: number[] = [];
      const sqlTimes: number[] = [];
      let answered = 0;
      for (const question of questions) {
        const answer = await uncached.ask(caller, { question }, { now });
        if (answer.kind !== 'answer' || !answer.query) {
          process.stdout.write(
            `  (not a query answer: "${question}" → ${answer.kind}: ${answer.text.slice(0, 80)})\n`,
          );
          continue;
        }
        answered++;
        const query = answer.query;
        // Warm both the same way: one run of each, then the measured runs.
        await runQuery(db, caller, query, { now });
        const asked = await timed(() => uncached.ask(caller, { question }, { now }));
        const ran = await timed(() => runQuery(db, caller, query, { now }));
        totals.push(asked.ms);
        understanding.push(asked.result.timings.understandMs);
        sqlTimes.push(ran.ms);
      }
      figure('questions answered with a query', answered, `of ${questions.length}`);
      figure('answer p50', percentile(totals, 0.5), 'ms', 1);
      figure('answer p95', percentile(totals, 0.95), 'ms', 1);
      figure('understanding p50', percentile(understanding, 0.5), 'ms', 2);
      figure('understanding p95', percentile(understanding, 0.95), 'ms', 2);
      const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
      process.stdout.write(
        '  time ratio: lower is better; target ≤ 1.5 (the answer costs little more than its SQL)\n',
      );
      ratio('answer time vs its SQL, all questions', sum(totals), sum(sqlTimes), 'ms');
      const perQuestion = totals.map((t, i) => t / (sqlTimes[i] ?? t));
      figure('answer time ÷ SQL time, median question', percentile(perQuestion, 0.5), '×', 2);
      figure('answer time ÷ SQL time, p95 question', percentile(perQuestion, 0.95), '×', 2);

      const hits: number[] = [];
      for (const question of questions) {
        await cached.ask(caller, { question }, { now });
        const hit = await timed(() => cached.ask(caller, { question }, { now }));
        if (hit.result.cached) hits.push(hit.ms);
      }
      figure('cache hits', hits.length, `of ${questions.length}`);
      figure('cache hit p50', percentile(hits, 0.5), 'ms', 2);
      figure('cache hit p95', percentile(hits, 0.95), 'ms', 2);
    } finally {
      await database.close();
      await test.drop();
    }
  },
};

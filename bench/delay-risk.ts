import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { seedDemoCompany } from '../src/modules/demo/index.js';
import { evaluateDelayRisk } from '../src/modules/forecasting/delay-risk/index.js';
import { loadShipmentExamples } from '../src/modules/forecasting/delay-risk-data.js';
import { createTestDatabase } from '../test/support/databases.js';
import { figure, section } from './report.js';

/**
 * The delay-risk model (issue #10) on the demo company (LANEWISE_BENCH_DELAY_SHIPMENTS, default
 * 50,000 shipments): a time-based holdout of the last 20 % of delivered shipments, AUC, Brier
 * score and log loss of the model against the baseline "historical late rate of the carrier on
 * that lane", the Brier improvement, and how long loading, evaluating and training take.
 */
const shipments = Number(process.env.LANEWISE_BENCH_DELAY_SHIPMENTS ?? '') || 50_000;

export const benchmark = {
  name: 'delay-risk',
  async run(): Promise<void> {
    section(`delay risk: demo company (${shipments.toLocaleString('en-US')} shipments), last 20 % held out`);
    const test = await createTestDatabase('sqlite');
    const database = connect(test.target);
    try {
      await migrateToLatest(database.db);
      const { orgId } = await seedDemoCompany(database.db, {
        shipments,
        seed: 42,
        now: new Date('2026-11-30T08:00:00Z'),
      });
      let started = performance.now();
      const examples = await loadShipmentExamples(database.db, orgId);
      figure('delay risk: shipments loaded', examples.length, 'shipments');
      figure('delay risk: load time', performance.now() - started, 'ms');
      started = performance.now();
      const evaluation = evaluateDelayRisk(examples);
      figure('delay risk: evaluation (train + holdout) time', performance.now() - started, 'ms');
      figure('delay risk: holdout shipments', evaluation.holdout.examples, 'shipments');
      figure(
        'delay risk: holdout late share',
        (100 * evaluation.holdout.late) / evaluation.holdout.examples,
        '%',
      );
      for (const [name, metrics] of [
        ['model', evaluation.model],
        ['baseline (carrier on lane)', evaluation.baseline],
      ] as const) {
        figure(`delay risk ${name}: AUC`, metrics.auc ?? Number.NaN, '', 3);
        figure(`delay risk ${name}: Brier`, metrics.brier, '', 4);
        figure(`delay risk ${name}: log loss`, metrics.logLoss, '', 4);
      }
      figure(
        'delay risk: Brier improvement over the baseline',
        100 * (evaluation.brierImprovement ?? Number.NaN),
        '%',
        2,
      );
    } finally {
      await database.close();
      await test.drop();
    }
  },
};

import { beforeAll, describe, expect, it } from 'vitest';
import { type EvalReport, gateFailures } from '../../eval/assistant/evaluate.js';
import { runEvaluation } from '../../eval/assistant/harness.js';
import { formatScores, formatWrong } from '../../eval/assistant/report.js';
import { evalSets } from '../../eval/assistant/setup.js';
import { testDialects } from '../support/databases.js';

/**
 * The assistant's CI gate (issue #13): the evaluation `npm run eval:assistant` prints, run once
 * on SQLite — the demo company's questions and the second organization's — and held to at least
 * 95 % execution accuracy, and 95 % correct clarifications and refusals, on each set. A failure
 * lists every wrong answer of the set.
 */
describe.runIf(testDialects.includes('sqlite'))('the assistant evaluation on SQLite', () => {
  let report: EvalReport;

  beforeAll(async () => {
    report = await runEvaluation();
  }, 900_000);

  it('asks both sets', () => {
    expect(report.sets.map((s) => s.set)).toEqual([...evalSets]);
    for (const set of report.sets) expect(set.questions, `${set.set} has questions`).toBeGreaterThan(0);
  });

  for (const set of evalSets) {
    it(`${set}: execution accuracy, clarifications and refusals of at least 95 %`, () => {
      const one = { ...report, sets: report.sets.filter((s) => s.set === set) };
      const failures = gateFailures(one, ['execution', 'clarification', 'refusal']);
      const wrong = report.outcomes.filter((o) => o.set === set && !o.correct);
      const message = [
        ...failures,
        '',
        ...formatScores(one),
        '',
        `Wrong (${wrong.length}):`,
        ...formatWrong(wrong),
      ].join('\n');
      expect(failures, message).toEqual([]);
    });
  }
});

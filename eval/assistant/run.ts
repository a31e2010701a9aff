import { parseArgs } from 'node:util';
import { gateFailures } from './evaluate.js';
import { runEvaluation } from './harness.js';
import { formatReport } from './report.js';
import { type EvalSet, evalSets } from './setup.js';

/**
 * `npm run eval:assistant`: builds the evaluation databases, asks every question of both sets,
 * prints the scores and every wrong answer, and exits 1 when the execution accuracy of a set is
 * below 95 %.
 */

const usage = `Usage: npm run eval:assistant -- [options]
  --set demo|other   one set only
  --only <x>         questions whose id starts with x, or of question type x
  --json             print the report as JSON
  --no-gate          print only; never exit 1 for accuracy
  --db <file>        build the databases into this SQLite file, or reuse it when it holds them
  --quiet            no progress on stderr`;

const { values } = parseArgs({
  options: {
    set: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    'no-gate': { type: 'boolean', default: false },
    db: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (values.set !== undefined && !(evalSets as readonly string[]).includes(values.set)) {
  process.stderr.write(`--set must be one of ${evalSets.join(', ')} (got "${values.set}")\n${usage}\n`);
  process.exit(2);
}

const progress = (line: string) => {
  if (!values.quiet) process.stderr.write(`${line}\n`);
};
const report = await runEvaluation({
  ...(values.set === undefined ? {} : { set: values.set as EvalSet }),
  ...(values.only === undefined ? {} : { only: values.only }),
  ...(values.db === undefined ? {} : { file: values.db }),
  log: progress,
  onOutcome: (outcome, done, total) => {
    if (done % 25 === 0 || done === total) progress(`${done}/${total} questions asked`);
    if (!outcome.correct) progress(`  wrong: [${outcome.set}] ${outcome.id}: ${outcome.reason ?? ''}`);
  },
});

const failures = gateFailures(report, ['execution']);
if (values.json) process.stdout.write(`${JSON.stringify({ ...report, gate: { failures } }, null, 2)}\n`);
else {
  process.stdout.write(`${formatReport(report)}\n`);
  process.stdout.write(failures.length ? `\nGate failed:\n  ${failures.join('\n  ')}\n` : '\nGate passed.\n');
}
if (failures.length > 0 && !values['no-gate']) process.exitCode = 1;

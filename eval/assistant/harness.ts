import { createAssistant } from '../../src/modules/assistant/index.js';
import { type EvalReport, evaluate, type Outcome } from './evaluate.js';
import { type Selection, selectQuestions } from './questions.js';
import { type SetupOptions, setUpEvaluation } from './setup.js';

/**
 * One evaluation run from start to end, as `npm run eval:assistant` and the CI gate both make it:
 * the databases, the assistant on them, the chosen questions asked and graded.
 */

export interface RunOptions extends Selection, SetupOptions {
  readonly onOutcome?: (outcome: Outcome, done: number, total: number) => void;
}

/** Sets up, asks every selected question of the assistant, grades; the databases are closed after. */
export async function runEvaluation(options: RunOptions = {}): Promise<EvalReport> {
  const setup = await setUpEvaluation(options);
  try {
    const assistant = createAssistant({ db: setup.database.db });
    return await evaluate(setup, assistant, selectQuestions(options), {
      ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
    });
  } finally {
    await setup.close();
  }
}

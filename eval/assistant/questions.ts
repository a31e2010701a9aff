import { demoQuestions } from './demo-questions.js';
import type { QuestionSet } from './evaluate.js';
import { demoHoldout, nordlysHoldout } from './holdout-questions.js';
import { otherQuestions } from './other-questions.js';
import { type EvalSet, evalSets } from './setup.js';

/** Which questions a run asks: both sets by default, narrowed by set, id prefix or question type. */
export interface Selection {
  /** One set only (default both). */
  readonly set?: EvalSet;
  /** Questions whose id starts with it, or of this type. */
  readonly only?: string;
}

const questionsOf: Record<EvalSet, QuestionSet['questions']> = {
  demo: [...demoQuestions, ...demoHoldout],
  other: [...otherQuestions, ...nordlysHoldout],
};

/** The question sets a selection keeps, in the order demo, other. */
export function selectQuestions(selection: Selection = {}): QuestionSet[] {
  const { only } = selection;
  return evalSets
    .filter((set) => selection.set === undefined || selection.set === set)
    .map((set) => ({
      set,
      questions: questionsOf[set].filter(
        (q) => only === undefined || q.id.startsWith(only) || q.type === only,
      ),
    }));
}

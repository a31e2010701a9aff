/**
 * The assistant's engines, pure (no database, no network): the offline engine that reads a
 * question into a semantic query, the text written from a result, and the numbers check.
 */
import { interpretQuestion } from './interpret.js';
import type { Engine } from './types.js';

export { describePeriod, formatValue, type NarrationInput, narrate } from './narrate.js';
export { checkNumbers, type NumbersCheck } from './numbers.js';
export { CAN_ANSWER } from './scope.js';
export { fold } from './text.js';
export type * from './types.js';
export { interpretQuestion };

/** The default engine: deterministic, no network. */
export const offlineEngine: Engine = {
  name: 'offline',
  interpret: async (question, context) => interpretQuestion(question, context),
};

import { Counter, type Registry } from 'prom-client';

/** What the assistant reports: each answer, and each call it made to a language model. */
export interface AssistantInstruments {
  answered(outcome: { readonly kind: string; readonly engine: string; readonly cached: boolean }): void;
  llmCall(outcome: 'hit' | 'miss' | 'error' | 'timeout'): void;
}

/**
 * `lanewise_assistant_answers_total{kind,engine,cache}` (cache: hit or miss) and
 * `lanewise_assistant_llm_calls_total{outcome}` (hit, miss, error, timeout): the hit rates of the
 * answer cache and of the model-call cache are hit ÷ all of each. The engine label is offline or
 * llm (never the model name, which an operator's configuration spells).
 */
export function assistantInstruments(registry: Registry): AssistantInstruments {
  const answers = new Counter({
    name: 'lanewise_assistant_answers_total',
    help: 'Answers of the assistant in this process, by kind (answer, clarification, refusal, lookup), engine (offline, llm) and answer cache (hit, miss)',
    labelNames: ['kind', 'engine', 'cache'] as const,
    registers: [registry],
  });
  const calls = new Counter({
    name: 'lanewise_assistant_llm_calls_total',
    help: 'Calls of the assistant to a language model in this process, by outcome: hit (answered from the call cache), miss (the model answered), error, timeout',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return {
    answered({ kind, engine, cached }) {
      answers.inc({ kind, engine: engine === 'offline' ? 'offline' : 'llm', cache: cached ? 'hit' : 'miss' });
    },
    llmCall(outcome) {
      calls.inc({ outcome });
    },
  };
}

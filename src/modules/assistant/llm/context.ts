import type { Interpretation, PreviousTurn } from '../engine/types.js';

/**
 * What the model is told about the conversation: the most recent turns in full and a running
 * summary of the ones before, within a token budget.
 *
 * Tokens are estimated as characters ÷ 4, rounded up: close to what OpenAI, Anthropic and Llama
 * tokenizers give for English prose and JSON, and slightly high for the short names of the
 * catalog, so a budget errs on the small side. It needs no tokenizer per model.
 */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** The conversation so far, as the caller keeps it. */
export interface Conversation {
  /** Earlier turns, oldest first. */
  readonly turns: readonly PreviousTurn[];
  /** The running summary of turns older than these (what the last trim returned). */
  readonly summary?: string | null;
}

export interface TrimmedConversation {
  /** The running summary to keep for the next turn: earlier summary plus the turns left out. */
  readonly summary: string | null;
  /** The turns kept in full, oldest first. */
  readonly turns: readonly PreviousTurn[];
  /** What the prompt carries: the summary and the turns, or '' when there is nothing. */
  readonly text: string;
  readonly tokens: number;
}

const MAX_QUESTION_CHARS = 300;

/**
 * Keeps the newest turns that fit three quarters of the budget (the rest is the summary's), folds
 * the older ones into the summary (one line each) and drops the summary's oldest lines until the
 * whole fits. The summary returned is the one the prompt carries, so it never outgrows the budget.
 */
export function trimConversation(conversation: Conversation, budgetTokens: number): TrimmedConversation {
  // Each part's cost is summed line by line, an upper bound of the joined text's.
  const turnBudget = Math.floor((budgetTokens * 3) / 4) - estimateTokens(RECENT);
  const kept: { turn: PreviousTurn; text: string }[] = [];
  let used = 0;
  let index = conversation.turns.length - 1;
  for (; index >= 0; index--) {
    const turn = conversation.turns[index] as PreviousTurn;
    const text = turnText(turn);
    const cost = estimateTokens(`${text}\n`);
    if (used + cost > turnBudget) break;
    kept.unshift({ turn, text });
    used += cost;
  }
  if (kept.length > 0) used += estimateTokens(RECENT);
  const folded = conversation.turns.slice(0, index + 1).map(summaryLine);
  const lines = [...(conversation.summary ? conversation.summary.split('\n') : []), ...folded].filter(
    Boolean,
  );
  const summaryLines = fitLines(lines, budgetTokens - used - estimateTokens(SUMMARY));
  const parts = [
    ...(summaryLines.length > 0 ? [`${SUMMARY}${summaryLines.join('\n')}`] : []),
    ...(kept.length > 0 ? [`${RECENT}${kept.map((k) => k.text).join('\n')}`] : []),
  ];
  const text = parts.join('\n');
  return {
    summary: summaryLines.length > 0 ? summaryLines.join('\n') : null,
    turns: kept.map((k) => k.turn),
    text,
    tokens: estimateTokens(text),
  };
}

const SUMMARY = 'Summary of earlier turns:\n';
const RECENT = 'Recent turns, oldest first:\n';

// The newest lines that fit, in order; a lone line longer than the budget is cut.
function fitLines(lines: readonly string[], budgetTokens: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    const cost = estimateTokens(`${line}\n`);
    if (used + cost > budgetTokens) {
      if (out.length === 0 && budgetTokens > 8) out.unshift(`${line.slice(0, budgetTokens * 4 - 8)}…`);
      break;
    }
    out.unshift(line);
    used += cost;
  }
  return out;
}

/** A turn in full: the question (as a JSON string, so it stays data) and what it was read as. */
export function turnText(turn: PreviousTurn): string {
  return `- question: ${JSON.stringify(clip(turn.question))}\n  read as: ${JSON.stringify(turn.interpretation)}`;
}

/** One line of the running summary for a turn. */
export function summaryLine(turn: PreviousTurn): string {
  return `- ${JSON.stringify(clip(turn.question, 120))} → ${gist(turn.interpretation)}`;
}

function gist(interpretation: Interpretation): string {
  switch (interpretation.kind) {
    case 'query': {
      const q = interpretation.query;
      const parts = [q.metrics.join(', ')];
      if (q.dimensions?.length) parts.push(`by ${q.dimensions.join(', ')}`);
      if (q.filters?.length)
        parts.push(`where ${q.filters.map((f) => `${f.field} ${JSON.stringify(f.value)}`).join(', ')}`);
      if (q.timeRange) parts.push(JSON.stringify(q.timeRange));
      if (q.grain) parts.push(`per ${q.grain}`);
      return `${interpretation.shape}: ${parts.join(' ')}`;
    }
    case 'lookup':
      return `lookup ${interpretation.entity} ${JSON.stringify(interpretation.reference)}`;
    case 'stockRisk':
      return `stock risk within ${interpretation.withinDays} days`;
    case 'clarification':
      return 'asked for clarification';
    case 'refusal':
      return 'refused';
  }
}

const clip = (text: string, max = MAX_QUESTION_CHARS) =>
  text.length > max ? `${text.slice(0, max)}…` : text;

import type { EvalReport, Outcome, Percentiles, Score } from './evaluate.js';
import { percent } from './evaluate.js';

/** The evaluation's report as text: the scores per set, by question type, latency, and every wrong answer. */
export function formatReport(report: EvalReport): string {
  const lines = formatScores(report);
  const wrong = report.outcomes.filter((o) => !o.correct);
  lines.push('', wrong.length === 0 ? 'Every answer was right.' : `Wrong (${wrong.length}):`);
  lines.push(...formatWrong(wrong));
  return lines.join('\n');
}

/** The scores per set, by question type, and the latency percentiles, as lines. */
export function formatScores(report: EvalReport): string[] {
  const lines = [`Assistant evaluation (clock ${report.now})`, ''];
  const table: string[][] = [['set', 'questions', 'execution', 'clarification', 'refusal', 'lookup']];
  for (const s of report.sets) {
    table.push([
      s.set,
      String(s.questions),
      cell(s.execution),
      cell(s.clarification),
      cell(s.refusal),
      cell(s.lookup),
    ]);
  }
  lines.push(...columns(table), '');
  for (const s of report.sets) {
    const types = Object.entries(s.byType).map(([type, score]) => `${type} ${cell(score as Score)}`);
    lines.push(`By question type (${s.set}): ${types.join(', ') || 'none'}`);
  }
  lines.push('');
  for (const s of report.sets) {
    lines.push(
      `Latency (${s.set}): assistant totalMs ${latency(s.latency.totalMs)}; wall ${latency(s.latency.wallMs)}${s.cached ? ` (${s.cached} answers from the cache)` : ''}`,
    );
  }
  return lines;
}

/** Each wrong answer in four lines: which question, what was expected, what came, why it is wrong. */
export function formatWrong(outcomes: readonly Outcome[]): string[] {
  return outcomes.flatMap((o) => [
    `  [${o.set}] ${o.id} (${o.type}) ${o.turns.length ? `${o.turns.map((t) => JSON.stringify(t)).join(' → ')} → ` : ''}${JSON.stringify(o.question)}`,
    `      expected: ${o.expected}`,
    `      got:      ${o.got}`,
    `      why:      ${o.reason ?? '?'}`,
  ]);
}

function cell(score: Score): string {
  return score.accuracy === null ? '—' : `${percent(score.accuracy)} (${score.correct}/${score.total})`;
}

function latency(p: Percentiles | null): string {
  if (!p) return '—';
  const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
  return `p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, p99 ${ms(p.p99)}, max ${ms(p.max)}`;
}

function columns(rows: readonly string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

import type { CellValue } from '../../src/modules/analytics/index.js';
import type { Expected } from './types.js';

/**
 * Grading of one answer (eval/assistant/CONVENTIONS.md), pure: the expected answer, the data it
 * stands for (computed independently of the engine) and what the assistant said go in; whether
 * it is right, and why not, comes out.
 */

/** What grading reads of an assistant's answer (an AssistantAnswer has all of it). */
export interface GradedAnswer {
  readonly kind: 'answer' | 'clarification' | 'refusal' | 'lookup';
  readonly text: string;
  readonly data: {
    readonly columns: readonly { readonly name: string }[];
    readonly rows: readonly Readonly<Record<string, CellValue>>[];
  } | null;
  readonly choices: readonly { readonly label: string }[];
}

/** The data an expected answer stands for. */
export type Reference =
  /**
   * The result of the expected semantic query, and the fields of its orderBy: with some, rows
   * must come in that order (rows tied on every one of them in any order among themselves);
   * with none, in any order.
   */
  | {
      readonly kind: 'rows';
      readonly columns: readonly string[];
      readonly rows: readonly Readonly<Record<string, CellValue>>[];
      readonly orderBy: readonly string[];
    }
  /** Products × facilities at risk within the question's days. */
  | {
      readonly kind: 'pairs';
      readonly pairs: readonly { readonly sku: string; readonly facilityCode: string }[];
    };

export interface Grade {
  readonly correct: boolean;
  readonly reason?: string;
}

const right: Grade = { correct: true };
const wrong = (reason: string): Grade => ({ correct: false, reason });

/** Grades an answer against the expected one; `reference` is required for answer and stockRisk. */
export function grade(expected: Expected, answer: GradedAnswer, reference?: Reference): Grade {
  switch (expected.kind) {
    case 'answer': {
      if (answer.kind !== 'answer') return wrong(unexpectedKind(answer));
      if (reference?.kind !== 'rows') return wrong('no expected result to compare with');
      return compareRows(reference, answer.data);
    }
    case 'stockRisk': {
      if (answer.kind !== 'answer') return wrong(unexpectedKind(answer));
      if (reference?.kind !== 'pairs') return wrong('no expected stock risks to compare with');
      return comparePairs(reference.pairs, answer.data);
    }
    case 'lookup': {
      if (answer.kind !== 'lookup') return wrong(unexpectedKind(answer));
      const got = answer.data?.rows[0]?.reference;
      return got === expected.reference
        ? right
        : wrong(
            `looked up ${got === undefined ? 'nothing' : show(got)}, expected ${show(expected.reference)}`,
          );
    }
    case 'clarification': {
      if (answer.kind !== 'clarification') return wrong(unexpectedKind(answer));
      const labels = answer.choices.map((c) => c.label.toLowerCase());
      const missing = (expected.choicesInclude ?? []).filter(
        (wanted) => !labels.some((label) => label.includes(wanted.toLowerCase())),
      );
      return missing.length === 0
        ? right
        : wrong(
            `no choice ${missing.map(show).join(', ')} among ${answer.choices.map((c) => show(c.label)).join(', ') || 'no choices'}`,
          );
    }
    case 'refusal':
      return answer.kind === 'refusal' ? right : wrong(unexpectedKind(answer));
  }
}

function unexpectedKind(answer: GradedAnswer): string {
  const text = answer.text.length > 120 ? `${answer.text.slice(0, 117)}…` : answer.text;
  const what = answer.kind === 'answer' ? 'answered' : `gave a ${answer.kind}`;
  return `${what} instead: ${show(text)}`;
}

/** Numbers equal within 1e-9 relative; anything else strictly. */
export function sameValue(a: CellValue | undefined, b: CellValue | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

function compareRows(reference: Extract<Reference, { kind: 'rows' }>, data: GradedAnswer['data']): Grade {
  if (!data) return wrong('the answer has no data');
  const present = new Set(data.columns.map((c) => c.name));
  const missing = reference.columns.filter((c) => !present.has(c));
  if (missing.length > 0)
    return wrong(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (has ${[...present].join(', ')})`,
    );
  const { columns, rows } = reference;
  if (data.rows.length !== rows.length) {
    return wrong(`${data.rows.length} row${data.rows.length === 1 ? '' : 's'}, expected ${rows.length}`);
  }
  if (reference.orderBy.length === 0) return sameRows(rows, data.rows, columns);
  const tied = (a: Row, b: Row) => reference.orderBy.every((field) => sameValue(a[field], b[field]));
  for (let start = 0; start < rows.length; ) {
    let end = start + 1;
    while (end < rows.length && tied(rows[end] as Row, rows[end - 1] as Row)) end++;
    const expected = rows[start] as Row;
    const got = data.rows[start] as Row;
    if (end - start === 1) {
      if (!columns.every((c) => sameValue(got[c], expected[c])))
        return wrong(`row ${start + 1} is ${rowText(got, columns)}, expected ${rowText(expected, columns)}`);
    } else {
      const group = sameRows(rows.slice(start, end), data.rows.slice(start, end), columns);
      if (!group.correct)
        return wrong(`rows ${start + 1}–${end} (tied on ${reference.orderBy.join(', ')}): ${group.reason}`);
    }
    start = end;
  }
  return right;
}

type Row = Readonly<Record<string, CellValue>>;

/** The same rows in any order: grouped by their non-numeric cells, numbers compared within tolerance. */
function sameRows(expected: readonly Row[], got: readonly Row[], columns: readonly string[]): Grade {
  const keyOf = (row: Row) =>
    JSON.stringify(columns.map((c) => (typeof row[c] === 'number' ? 0 : (row[c] ?? null))));
  const unmatched = new Map<string, Row[]>();
  for (const row of got) {
    const key = keyOf(row);
    unmatched.set(key, [...(unmatched.get(key) ?? []), row]);
  }
  for (const row of expected) {
    const candidates = unmatched.get(keyOf(row)) ?? [];
    const at = candidates.findIndex((candidate) => columns.every((c) => sameValue(candidate[c], row[c])));
    if (at < 0) {
      const near = candidates[0];
      return wrong(`no row ${rowText(row, columns)}${near ? `; nearest ${rowText(near, columns)}` : ''}`);
    }
    candidates.splice(at, 1);
  }
  return right;
}

function comparePairs(
  pairs: Extract<Reference, { kind: 'pairs' }>['pairs'],
  data: GradedAnswer['data'],
): Grade {
  if (!data) return wrong('the answer has no data');
  const names = new Set(data.columns.map((c) => c.name));
  if (!names.has('sku') || !names.has('facilityCode'))
    return wrong(`the answer has no sku and facilityCode columns (has ${[...names].join(', ')})`);
  const key = (sku: unknown, facility: unknown) => `${String(sku)} @ ${String(facility)}`;
  const expected = new Set(pairs.map((p) => key(p.sku, p.facilityCode)));
  const got = new Set(data.rows.map((r) => key(r.sku, r.facilityCode)));
  const missing = [...expected].filter((p) => !got.has(p));
  const extra = [...got].filter((p) => !expected.has(p));
  if (missing.length === 0 && extra.length === 0) return right;
  const list = (items: string[]) =>
    `${items.slice(0, 3).join(', ')}${items.length > 3 ? ` and ${items.length - 3} more` : ''}`;
  return wrong(
    [
      `${got.size} at risk, expected ${expected.size}`,
      missing.length ? `missing ${list(missing)}` : '',
      extra.length ? `not expected ${list(extra)}` : '',
    ]
      .filter(Boolean)
      .join('; '),
  );
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function rowText(row: Readonly<Record<string, CellValue>>, columns: readonly string[]): string {
  const cell = (v: CellValue | undefined) =>
    typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(8))) : show(v ?? null);
  return `{${columns.map((c) => `${c}: ${cell(row[c])}`).join(', ')}}`;
}

/**
 * The numbers check (issue #13, point 2): every number in an answer's text must be one of the
 * numbers of its data, as shown (rounded to the decimals the text gives; a percentage is the
 * ratio × 100). Dates, periods and names that hold digits ("SKU ELE-10013", "Q3") are not numbers
 * of the answer: text that appears in the data's text cells or in the given literals is taken out
 * first. An answer whose text fails is never sent.
 */
export interface NumbersCheck {
  readonly ok: boolean;
  /** The numbers of the text found nowhere in the data. */
  readonly unmatched: readonly string[];
}

type Cell = string | number | boolean | null;

export function checkNumbers(
  text: string,
  rows: readonly Record<string, Cell>[],
  literals: readonly string[] = [],
): NumbersCheck {
  const values: number[] = [];
  const strings = new Set<string>(literals.filter((l) => /\d/.test(l)));
  for (const row of rows) {
    for (const cell of Object.values(row)) {
      if (typeof cell === 'number' && Number.isFinite(cell)) values.push(cell);
      else if (typeof cell === 'string' && /\d/.test(cell)) strings.add(cell);
    }
  }
  let rest = text;
  // Longest first, so "DC-12 North" goes before "DC-12".
  for (const s of [...strings].sort((a, b) => b.length - a.length)) rest = rest.split(s).join(' ');
  rest = rest
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ')
    .replace(/\b\d{4}-\d{2}\b/g, ' ')
    .replace(/\b(?:Q[1-4]|H[12]|W\d{1,2})\s+\d{4}\b/g, ' ')
    .replace(/\b(?:Q[1-4]|H[12])\b/g, ' ');
  const unmatched: string[] = [];
  for (const match of rest.matchAll(/[-−+]?\d[\d,]*(?:\.\d+)?\s*%?/g)) {
    const token = match[0].trim();
    if (!matches(token, values)) unmatched.push(token);
  }
  return { ok: unmatched.length === 0, unmatched };
}

function matches(token: string, values: readonly number[]): boolean {
  const percent = token.endsWith('%');
  const digits = token.replace(/[%\s,+]/g, '').replace('−', '-');
  const shown = Number(digits);
  if (!Number.isFinite(shown)) return false;
  const decimals = digits.includes('.') ? (digits.split('.')[1] ?? '').length : 0;
  const round = (v: number) => Number(v.toFixed(decimals));
  return values.some((v) => {
    const candidates = percent ? [v * 100] : [v, v * 100];
    // Signs may be written as words ("down 2.1 points"): compare magnitudes too.
    return candidates.some((c) => round(c) === shown || round(Math.abs(c)) === Math.abs(shown));
  });
}

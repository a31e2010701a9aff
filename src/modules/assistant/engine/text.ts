/**
 * Text as the offline engine reads it: folded (lower case, no accents, ß → ss, ø → o…), split
 * into word tokens, with the character span of each token so a recognised phrase can be taken
 * out of the question and the rest read on.
 */

const foldings: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Lower case without accents: "Gdańsk" → "gdansk", "Zürich" → "zurich", "Øresund" → "oresund". */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßøæœłđðþı]/g, (c) => foldings[c] ?? c)
    .replace(/[’‘`´]/g, "'");
}

export interface Token {
  /** Folded word: letters and digits, a decimal number, or `%`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Set when left-out words stand between it and the token before (fillers: still one phrase). */
  readonly previousEnd?: number;
}

/**
 * Word tokens of folded text. Thousands separators go ("1,250" → 1250); decimals stay ("2.5");
 * "90%" is two tokens; hyphens, slashes and apostrophes split ("on-time" → on, time; "carrier's"
 * → carrier, s).
 */
export function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[a-z0-9]+|%/g;
  for (const match of folded.matchAll(pattern)) {
    tokens.push({ text: match[0].replace(/,/g, ''), start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Words that never tell one phrase from another ("value of our inventory" = "value of inventory"). */
export const fillerWords: ReadonlySet<string> = new Set(['the', 'our', 'my', 'your', 'their', 'a', 'an']);

/** The folded words of a phrase without fillers, joined by one space: the key phrases are looked up by. */
export function phraseKey(text: string): string {
  return tokenize(fold(text))
    .map((t) => t.text)
    .filter((w) => !fillerWords.has(w))
    .join(' ');
}

/**
 * Edit distance with swaps of neighbours counted as one typo ("teh" → "the": optimal string
 * alignment); stops early once every path exceeds `max` and returns max + 1 then.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (beforePrevious[j - 2] ?? value) + 1);
      }
      current[j] = value;
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Number words a question may use instead of digits. */
export const numberWords: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  fifty: 50,
  hundred: 100,
  a: 1,
  an: 1,
  couple: 2,
};

/** A token's number: digits or a number word; undefined otherwise. */
export function numberOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(word)) return Number(word);
  return numberWords[word];
}

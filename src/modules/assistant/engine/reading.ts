import type { Grain, Having } from '../../analytics/index.js';
import type { Lexicon, Target } from './lexicon.js';
import { fillerWords, numberOf, type Token, tokenize } from './text.js';
import type { EntityValue } from './types.js';

/**
 * A question read into parts, before they become a semantic query: the phrases the lexicon
 * knows (metrics, dimensions, values), numbers with units (weights, "at least 100 shipments",
 * "below 90 %"), ranking words, grain words, and the cues of shape (share, why, chart).
 */
export interface Mention {
  readonly targets: readonly Target[];
  /** Token positions [first, last + 1). */
  readonly from: number;
  readonly to: number;
  /** The folded words. */
  readonly text: string;
}

export interface Ranking {
  readonly direction: 'top' | 'bottom' | 'best' | 'worst';
  /** The word: "top"/"bottom" mean five without a number; "highest", "worst"… one, unless plural. */
  readonly word: string;
  readonly limit?: number;
}

export interface Reading {
  readonly tokens: readonly Token[];
  readonly mentions: readonly Mention[];
  readonly weight?: { readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly kg: number };
  /** "between 500 and 1000 kg", both included. */
  readonly weightRange?: { readonly fromKg: number; readonly toKg: number };
  readonly having: readonly Having[];
  /** A threshold on the question's main metric ("below 90 %"), applied once it is known. */
  readonly threshold?: { readonly op: Having['op']; readonly value: number; readonly percent: boolean };
  readonly ranking?: Ranking;
  readonly grain?: Grain;
  readonly share: boolean;
  readonly why: boolean;
  readonly chart: boolean;
  readonly comparisonWord: boolean;
  readonly negated: boolean;
}

const kgPer: Readonly<Record<string, number>> = {
  kg: 1,
  kgs: 1,
  kilo: 1,
  kilos: 1,
  kilogram: 1,
  kilograms: 1,
  t: 1000,
  ton: 1000,
  tons: 1000,
  tonne: 1000,
  tonnes: 1000,
  lb: 0.45359237,
  lbs: 0.45359237,
  pound: 0.45359237,
  pounds: 0.45359237,
};

const comparators: readonly [RegExp, 'gt' | 'gte' | 'lt' | 'lte'][] = [
  [/^(?:at least|minimum of|min|no less than|not less than|>=)$/, 'gte'],
  [/^(?:at most|maximum of|max|no more than|not more than|up to|<=)$/, 'lte'],
  [
    /^(?:more than|over|above|greater than|heavier than|exceeding|larger than|bigger than|>|higher than)$/,
    'gt',
  ],
  [/^(?:less than|under|below|lighter than|smaller than|fewer than|<|lower than)$/, 'lt'],
];
const comparatorPattern =
  'at least|minimum of|min|no less than|not less than|at most|maximum of|max|no more than|not more than|up to|more than|over|above|greater than|heavier than|exceeding|larger than|bigger than|higher than|less than|under|below|lighter than|smaller than|fewer than|lower than';
const comparatorOf = (words: string) => comparators.find(([pattern]) => pattern.test(words))?.[1] ?? 'gt';

const grainWords: readonly [RegExp, Grain][] = [
  [/\b(?:daily|day by day|per day|by day|each day|every day)\b/, 'day'],
  [/\b(?:weekly|week by week|per week|by week|each week|every week|wow)\b/, 'week'],
  [
    /\b(?:monthly|month by month|per month|by month|each month|every month|over time|trend|trends|trending|evolution|development|mom)\b/,
    'month',
  ],
  [/\b(?:quarterly|per quarter|by quarter|each quarter|quarter by quarter)\b/, 'quarter'],
  [/\b(?:yearly|annual|annually|per year|by year|each year|year by year)\b/, 'year'],
];

const rankingPattern =
  /\b(?:(top|bottom|best|worst|highest|lowest|biggest|largest|smallest|most|least|fewest|slowest|fastest|cheapest|priciest|busiest|poorest|leading|weakest|strongest)(?:\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty))?|(\d+|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+(best|worst|top|bottom|highest|lowest|biggest|largest|slowest|fastest|cheapest|busiest|most|least))\b/;
const rankingDirection: Readonly<Record<string, Ranking['direction']>> = {
  top: 'top',
  highest: 'top',
  biggest: 'top',
  largest: 'top',
  most: 'top',
  busiest: 'top',
  leading: 'top',
  strongest: 'best',
  priciest: 'top',
  bottom: 'bottom',
  lowest: 'bottom',
  smallest: 'bottom',
  least: 'bottom',
  fewest: 'bottom',
  cheapest: 'bottom',
  best: 'best',
  fastest: 'best',
  worst: 'worst',
  poorest: 'worst',
  weakest: 'worst',
  slowest: 'worst',
};

/**
 * Reads the parts of a folded question whose time expressions are already blanked out.
 * `codes` are the two-letter words the question wrote in capitals ("to CA"): only those may be
 * place codes.
 */
export function readQuestion(text: string, lexicon: Lexicon, codes: ReadonlySet<string>): Reading {
  let rest = text;
  const blank = (match: RegExpExecArray) => {
    rest =
      rest.slice(0, match.index) + ' '.repeat(match[0].length) + rest.slice(match.index + match[0].length);
  };

  // "between 500 and 1000 kg": two bounds.
  let weightRange: Reading['weightRange'];
  const between =
    /\b(?:weigh(?:s|ing|ed)?\s+|weight\s+)?between\s+(\d+(?:\.\d+)?)\s*(?:kg|kgs|kilos?)?\s+and\s+(\d+(?:\.\d+)?)\s*(kg|kgs|kilos?|kilograms?|t|tons?|tonnes?|lbs?|pounds?)\b/.exec(
      rest,
    );
  if (between) {
    const per = kgPer[between[3] ?? 'kg'] ?? 1;
    weightRange = { fromKg: Number(between[1]) * per, toKg: Number(between[2]) * per };
    blank(between);
  }
  let weight: Reading['weight'];
  const weightMatch = new RegExp(
    `\\b(?:weigh(?:s|ing|ed)?\\s+|weight\\s+(?:of\\s+)?)?(${comparatorPattern})\\s+(\\d+(?:\\.\\d+)?)\\s*(kg|kgs|kilos?|kilograms?|t|tons?|tonnes?|lbs?|pounds?)\\b`,
  ).exec(rest);
  if (weightMatch) {
    weight = {
      op: comparatorOf(weightMatch[1] ?? ''),
      kg: Number(weightMatch[2]) * (kgPer[weightMatch[3] ?? 'kg'] ?? 1),
    };
    blank(weightMatch);
  }

  const having: Having[] = [];
  const countMatch = new RegExp(
    `\\b(?:with\\s+|having\\s+|that had\\s+|that have\\s+)?(${comparatorPattern})\\s+(\\d+)\\s+(shipments|loads|orders|deliveries|order lines|lines)\\b`,
  ).exec(rest);
  if (countMatch) {
    const unit = countMatch[3] ?? 'shipments';
    const metric =
      unit === 'orders'
        ? 'orders'
        : unit.includes('lines')
          ? 'orderLines'
          : unit === 'deliveries'
            ? 'deliveredShipments'
            : 'shipments';
    having.push({ metric, op: comparatorOf(countMatch[1] ?? ''), value: Number(countMatch[2]) });
    blank(countMatch);
  }

  let threshold: Reading['threshold'];
  const thresholdMatch = new RegExp(
    `\\b(${comparatorPattern})\\s+(\\d+(?:\\.\\d+)?)\\s*(%|percent|pct|days?|hours?|kg|per kg)?(?=\\s|$)`,
  ).exec(rest);
  if (thresholdMatch) {
    const percent = /%|percent|pct/.test(thresholdMatch[3] ?? '');
    threshold = { op: comparatorOf(thresholdMatch[1] ?? ''), value: Number(thresholdMatch[2]), percent };
    blank(thresholdMatch);
  }

  let ranking: Ranking | undefined;
  const rankingMatch = rankingPattern.exec(rest);
  if (rankingMatch) {
    const word = rankingMatch[1] ?? rankingMatch[4] ?? 'top';
    const count = numberOf(rankingMatch[2] ?? rankingMatch[3]);
    // "most expensive" is the top by cost, "least reliable" the worst.
    ranking = {
      direction: rankingDirection[word] ?? 'top',
      word,
      ...(count !== undefined ? { limit: count } : {}),
    };
    blank(rankingMatch);
  }

  // "which 3 customers", "the five worst lanes": the number of a ranking said before its noun.
  if (ranking && ranking.limit === undefined) {
    const count =
      /\b(?:which|what|the|our)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+[a-z]/.exec(
        rest,
      );
    const n = numberOf(count?.[1]);
    if (n !== undefined) ranking = { ...ranking, limit: n };
  }

  let grain: Grain | undefined;
  for (const [pattern, g] of grainWords) {
    const match = pattern.exec(rest);
    if (match) {
      grain = g;
      blank(match);
      break;
    }
  }

  const share =
    /\b(?:share|percentage of|percent of|proportion|portion|what fraction|what part of|split|mix)\b|%\s*of\b/.test(
      rest,
    ) && !/\bfreight share\b|\bshare of (?:goods )?value\b/.test(rest);
  const why =
    /\b(?:why|what caused|what drove|what explains|what happened|reason for|reasons for|root cause|explain|driver|drivers|contributed|contributors)\b/.test(
      rest,
    );
  const chart = /\b(?:chart|graph|plot|visuali[sz]e|draw|diagram)\b/.test(rest);
  const comparisonWord =
    /\b(?:vs|versus|compare|compared|comparing|comparison|against|difference between)\b/.test(rest);
  const negated = /\b(?:not|excluding|except|without|other than|besides)\b/.test(rest);

  // Fillers leave the token list, but a phrase may run across them ("value of our inventory").
  const all = tokenize(rest);
  const tokens: Token[] = [];
  all.forEach((token, k) => {
    if (fillerWords.has(token.text)) return;
    const before = all[k - 1];
    const bridged =
      before !== undefined &&
      fillerWords.has(before.text) &&
      before.start - (all[k - 2]?.end ?? before.start) <= 3;
    tokens.push(bridged && all[k - 2] ? { ...token, previousEnd: (all[k - 2] as Token).end } : token);
  });
  return {
    tokens,
    mentions: mentionsOf(tokens, lexicon, codes),
    ...(weight ? { weight } : {}),
    ...(weightRange ? { weightRange } : {}),
    having,
    ...(threshold ? { threshold } : {}),
    ...(ranking ? { ranking } : {}),
    ...(grain ? { grain } : {}),
    share,
    why,
    chart,
    comparisonWord,
    negated,
  };
}

/**
 * The known phrases of the question: the segmentation that covers the most words, then has the
 * fewest phrases ("freight cost per kg" is cost per kg after "freight", not freight cost and kg).
 * Phrases never span a blanked-out part of the question.
 */
function mentionsOf(tokens: readonly Token[], lexicon: Lexicon, codes: ReadonlySet<string>): Mention[] {
  const n = tokens.length;
  // best[i]: the best cover of tokens i…n-1 as [covered words, −phrases, phrases].
  const best: { covered: number; count: number; mentions: Mention[] }[] = Array.from({ length: n + 1 });
  best[n] = { covered: 0, count: 0, mentions: [] };
  for (let i = n - 1; i >= 0; i--) {
    const skip = best[i + 1] as { covered: number; count: number; mentions: Mention[] };
    let choice = { covered: skip.covered, count: skip.count, mentions: skip.mentions };
    for (let length = Math.min(lexicon.maxWords, n - i); length >= 1; length--) {
      const words = tokens.slice(i, i + length);
      if (!contiguous(words)) continue;
      const text = words.map((t) => t.text).join(' ');
      const targets =
        length === 1 && codes.has(text)
          ? [...(lexicon.code(text) ?? []), ...(lexicon.lookup(text) ?? [])]
          : lexicon.lookup(text);
      if (!targets || targets.length === 0) continue;
      const rest = best[i + length] as { covered: number; count: number; mentions: Mention[] };
      const covered = rest.covered + length;
      const count = rest.count + 1;
      // Equal cover: the phrase that starts first (the skip's cover starts later).
      if (covered > choice.covered || (covered === choice.covered && count <= choice.count)) {
        choice = { covered, count, mentions: [{ targets, from: i, to: i + length, text }, ...rest.mentions] };
      }
    }
    best[i] = choice;
  }
  return best[0]?.mentions ?? [];
}

/** Tokens of one phrase: separated by spaces or light punctuation only (no blanked-out words). */
function contiguous(words: readonly Token[]): boolean {
  for (let k = 1; k < words.length; k++) {
    const word = words[k] as Token;
    const before = words[k - 1] as Token;
    const gap = word.previousEnd === before.end ? 1 : word.start - before.end;
    if (gap > 3) return false;
  }
  return true;
}

/** The entity targets of a mention, exact ones first: a whole name wins over a head of one. */
export function entityTargets(mention: Mention): EntityValue[] {
  const entities = mention.targets.filter(
    (t): t is Extract<Target, { type: 'entity' }> => t.type === 'entity',
  );
  const exact = entities.filter((t) => t.exact);
  const chosen = (exact.length > 0 ? exact : entities).map((t) => t.entity);
  const seen = new Set<string>();
  return chosen.filter((e) => {
    const key = `${e.kind}\u0000${e.value}\u0000${e.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

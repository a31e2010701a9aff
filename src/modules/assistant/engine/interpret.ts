import { shipmentStatuses } from '../../../db/types.js';
import {
  dimensionNamed,
  dimensionsOfMetric,
  type Filter,
  type Grain,
  type Having,
  metricNamed,
  type SemanticQueryInput,
  type TimeRange,
} from '../../analytics/index.js';
import { type Lexicon, lexiconOf } from './lexicon.js';
import { entityTargets, type Mention, type Reading, readQuestion } from './reading.js';
import { CAN_ANSWER, lookupOf, refusalOf } from './scope.js';
import { correctSpelling, isEnglish, isEveryday } from './spelling.js';
import { fold, numberOf, phraseKey } from './text.js';
import { readTime, type TimeReading } from './time-words.js';
import type { Choice, EntityValue, Interpretation, InterpretContext, Shape } from './types.js';

/**
 * The offline engine: a question to an interpretation, deterministically and without a network.
 * Reads scope first (refusals), then lookups, time, numbers and the phrases of the catalog and
 * of the organization's data; builds the semantic query the conventions in
 * eval/assistant/CONVENTIONS.md describe; edits the previous query for follow-ups; asks back when
 * a value could be two things.
 */
export function interpretQuestion(question: string, context: InterpretContext): Interpretation {
  const original = question.slice(0, 2000);
  const raw = fold(original);
  const refusal = refusalOf(raw);
  if (refusal) return { kind: 'refusal', text: refusal.text };
  const lexicon = lexiconOf(context.vocabulary);
  // The answer to a clarification: one of its choices, by (part of) its label.
  const asked = context.previous?.interpretation;
  if (asked?.kind === 'clarification') {
    const choice = choiceNamed(raw, asked.choices);
    if (choice)
      return interpretQuestion(choice.question, { vocabulary: context.vocabulary, today: context.today });
  }
  const lookup = lookupOf(original, (reference) => isValuePhrase(lexicon, reference));
  if (lookup) return { kind: 'lookup', ...lookup };

  // "10,000 kg" is 10000: thousands separators go before numbers are read.
  const { text: folded, corrections } = correctSpelling(
    raw.replace(/(\d),(?=\d{3}(?!\d))/g, '$1'),
    lexicon.words,
  );
  const stranger = unknownName(original, lexicon, corrections);
  if (stranger) {
    return {
      kind: 'refusal',
      text: `I could not find "${stranger}" in your organization's data (its carriers, customers, suppliers, facilities, products and places). ${CAN_ANSWER}`,
    };
  }
  const codes = new Set([...original.matchAll(/\b[A-Z]{2}\b/g)].map((m) => m[0].toLowerCase()));
  const { time, reading } = readInFocus(folded, lexicon, codes, context);
  const spellings = corrections;

  const stockRisk = stockRiskOf(folded, reading, time, context.today);
  if (stockRisk) return stockRisk;

  const resolved = resolveMentions(reading, question, folded);
  if ('clarification' in resolved) return resolved.clarification;

  const previous = context.previous?.interpretation;
  const followUp =
    previous?.kind === 'query' &&
    (followUpStart.test(folded.trim()) ||
      (resolved.metrics.length === 0 && somethingToEdit(resolved, reading, time)));
  const assumptions: string[] = [...time.assumptions];
  if (spellings.length > 0) assumptions.push(`Read ${spellings.join(', ')}.`);

  if (
    !followUp &&
    resolved.metrics.length === 0 &&
    resolved.dimensions.length === 0 &&
    resolved.entities.length === 0 &&
    !reading.ranking &&
    !/\b(?:how many|count|number of|shipments?|orders?)\b/.test(folded)
  ) {
    return { kind: 'refusal', text: `I did not find anything I can answer in that. ${CAN_ANSWER}` };
  }

  const built = buildQuery(
    folded,
    reading,
    time,
    resolved,
    followUp && previous?.kind === 'query' ? previous : undefined,
    (entity) =>
      context.vocabulary.entities.filter((e) => e.kind === entity.kind && e.value === entity.value).length,
    (kind) => context.vocabulary.entities.some((e) => e.kind === kind),
  );
  if ('refusal' in built) return { kind: 'refusal', text: built.refusal };
  if ('clarification' in built) return built.clarification;
  return {
    kind: 'query',
    query: built.query,
    shape: built.shape,
    chart: reading.chart || (followUp && previous?.kind === 'query' && previous.chart),
    assumptions: [...assumptions, ...built.assumptions],
  };
}

const followUpStart =
  /^(?:and|what about|how about|what of|same|now|ok|okay|also|but|then|only|just|for|by|in|as|show (?:it|that|this|me that|them)|make it|break (?:it|that|this) down|split (?:it|that)|excluding|without|except|versus|vs|compared|what if|instead|do the same|per|over)\b/;

function somethingToEdit(resolved: Resolved, reading: Reading, time: TimeReading): boolean {
  return (
    resolved.entities.length > 0 ||
    resolved.dimensions.length > 0 ||
    time.range !== undefined ||
    time.compare !== undefined ||
    reading.grain !== undefined ||
    reading.chart ||
    reading.ranking !== undefined
  );
}

function blank(text: string, spans: readonly (readonly [number, number])[]): string {
  let out = text;
  for (const [start, end] of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

/**
 * A question after context ("I'm preparing the quarterly review with Alpentrans next week. What
 * was their on-time rate last quarter?"): the last sentence says what to answer — its period, its
 * grain, its shape, its metrics — while the values named anywhere (Alpentrans) still narrow it.
 */
function readInFocus(
  folded: string,
  lexicon: Lexicon,
  codes: ReadonlySet<string>,
  context: InterpretContext,
): { time: TimeReading; reading: Reading } {
  const { today, vocabulary } = context;
  let focusStart = 0;
  for (const match of folded.matchAll(/[a-z0-9)][.?!;:…]+\s+|\s[-–—]\s/g)) {
    const start = match.index + match[0].length;
    if (folded.slice(start).trim().split(/\s+/).length >= 2) focusStart = start;
  }
  if (focusStart === 0) {
    const time = readTime(folded, today, vocabulary.dataRange);
    return { time, reading: readQuestion(blank(folded, time.spans), lexicon, codes) };
  }
  const focus = ' '.repeat(focusStart) + folded.slice(focusStart);
  let time = readTime(focus, today, vocabulary.dataRange);
  if (!time.range) {
    const whole = readTime(folded, today, vocabulary.dataRange);
    // A future date in the context is when the person meets, not what they ask about.
    if (!whole.future) time = whole;
  }
  const whole = readQuestion(blank(folded, time.spans), lexicon, codes);
  const asked = readQuestion(blank(focus, time.spans), lexicon, codes);
  const askedHasMetric = asked.mentions.some((m) => m.targets.some((t) => t.type === 'metric'));
  const mentions = whole.mentions.filter((m) => {
    const inContext = (whole.tokens[m.from]?.start ?? 0) < focusStart;
    return !inContext || !askedHasMetric || m.targets.some((t) => t.type === 'entity');
  });
  // Intent words count anywhere ("rail versus road: average transit days", "why …? by mode");
  // a grain in the context ("quarterly review") does not, when the question has its own metric.
  const reading: Reading = {
    ...whole,
    mentions,
    share: whole.share || asked.share,
    why: whole.why || asked.why,
    chart: whole.chart || asked.chart,
    comparisonWord: whole.comparisonWord || asked.comparisonWord,
    ...(asked.grain ? { grain: asked.grain } : {}),
  };
  if (!asked.grain && askedHasMetric) delete (reading as { grain?: unknown }).grain;
  return { time, reading };
}

/** The choice a reply names: its label, or the start of it ("Foxhollow Retail Group"). */
function choiceNamed(reply: string, choices: readonly Choice[]): Choice | undefined {
  // "2", "#2", "the second one": the choice by its number.
  const ordinals = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];
  const numbered = /^\s*(?:#|no\.?\s*)?(\d)\s*[.)]?\s*$/.exec(reply)?.[1];
  const ordinal = ordinals.findIndex((o) =>
    new RegExp(`^\\s*(?:the\\s+)?${o}(?:\\s+one)?\\s*[.!]?\\s*$`).test(reply),
  );
  const index = numbered !== undefined ? Number(numbered) - 1 : ordinal;
  if (index >= 0 && index < choices.length) return choices[index];
  const said = phraseKey(reply);
  if (said.length < 2) return undefined;
  const named = choices.filter((c) => {
    const label = phraseKey(c.label.replace(/\s*\([^)]*\)\s*/g, ' '));
    return label === said || label.startsWith(`${said} `) || said.includes(label);
  });
  return named.length === 1 ? named[0] : undefined;
}

/**
 * A capitalised name the organization's data does not have ("Walmart's on-time rate"): answering
 * without it would present a guess as fact. Words at the start of a sentence, English words and
 * names corrected into known ones are not strangers.
 */
function unknownName(original: string, lexicon: Lexicon, corrections: readonly string[]): string | undefined {
  // A name of several capitalised words ("Kestrel Air Cargo", "Polar Bakery") with a word that is
  // neither the data's nor an everyday one is a name the data does not have, English or not.
  for (const match of original.matchAll(/(?<=\S\s+)\p{Lu}\p{Ll}+(?:\s+(?:&\s+)?\p{Lu}[\p{L}]*)+/gu)) {
    const before = original.slice(0, match.index).trimEnd();
    if (/[.?!:;]$/.test(before)) continue;
    const words = match[0].split(/\s+/).filter((w) => w !== '&');
    if (lexicon.lookup(phraseKey(match[0]))) continue;
    const stranger = words.find((w) => {
      const word = fold(w);
      return (
        !lexicon.words.has(word) && !isEveryday(word) && !corrections.some((c) => c.startsWith(`${word} → `))
      );
    });
    if (stranger) return match[0];
  }
  // One word; at the start of a sentence only as a possessive ("Walmart's on-time rate").
  for (const match of original.matchAll(/(?:(?<=\S\s+)|^)(\p{Lu}\p{Ll}{2,}\p{L}*)('s)?(?!\p{L})/gu)) {
    const before = original.slice(0, match.index).trimEnd();
    if ((before === '' || /[.?!:;]$/.test(before)) && !match[2]) continue;
    const word = fold(match[1] ?? '');
    if (lexicon.words.has(word) || isEnglish(word) || corrections.some((c) => c.startsWith(`${word} → `)))
      continue;
    return match[1];
  }
  return undefined;
}

function isValuePhrase(lexicon: Lexicon, text: string): boolean {
  return lexicon.lookup(phraseKey(text))?.some((t) => t.type === 'entity') ?? false;
}

// ---------------------------------------------------------------------------------------------
// Mentions → metrics, dimensions and values

interface EntityMention {
  readonly entity: EntityValue;
  readonly direction?: 'origin' | 'destination';
  readonly negated: boolean;
  readonly mention: Mention;
}

interface Resolved {
  readonly metrics: string[];
  /** Metrics read from a bare "late"/"delayed": a filter when another metric is asked for. */
  readonly lateWords: Set<string>;
  readonly dimensions: { readonly name: string; readonly plural: boolean }[];
  readonly entities: EntityMention[];
}

const kindOfDimension: Readonly<Record<string, EntityValue['kind']>> = {
  carrier: 'carrier',
  customer: 'customer',
  supplier: 'supplier',
  product: 'product',
  productCategory: 'productCategory',
  facility: 'facility',
  originFacility: 'facility',
  destinationFacility: 'facility',
  mode: 'mode',
  status: 'status',
  originCity: 'city',
  destinationCity: 'city',
  originRegion: 'region',
  destinationRegion: 'region',
  originCountry: 'country',
  destinationCountry: 'country',
  currency: 'currency',
};

const kindWord: Readonly<Record<EntityValue['kind'], string>> = {
  carrier: 'carrier',
  customer: 'customer',
  supplier: 'supplier',
  product: 'product',
  facility: 'facility',
  productCategory: 'category',
  mode: 'mode',
  status: 'status',
  city: 'city',
  region: 'region',
  country: 'country',
  currency: 'currency',
};

const originWords = new Set([
  'from',
  'out',
  'ex',
  'leaving',
  'departing',
  'origin',
  'originating',
  'sourced',
  'shipped',
  'picked',
  'outbound',
]);
const destinationWords = new Set([
  'to',
  'into',
  'towards',
  'toward',
  'destined',
  'bound',
  'arriving',
  'destination',
  'going',
  'headed',
  'heading',
  'inbound',
  'delivered',
  'deliveries',
]);
const negationWords = new Set(['not', 'excluding', 'except', 'without', 'besides', 'non', 'exclude', 'than']);

function resolveMentions(
  reading: Reading,
  question: string,
  folded: string,
): Resolved | { clarification: Interpretation } {
  const metrics: string[] = [];
  const lateWords = new Set<string>();
  const dimensions: { name: string; plural: boolean; index: number }[] = [];
  const entities: EntityMention[] = [];
  const { mentions, tokens } = reading;
  mentions.forEach((mention, index) => {
    const values = entityTargets(mention);
    const exactValue = mention.targets.some((t) => t.type === 'entity' && t.exact);
    const metric = mention.targets.find((t) => t.type === 'metric');
    const dimension = mention.targets.find((t) => t.type === 'dimension');
    if (values.length > 0 && (exactValue || (!metric && !dimension))) {
      // Two readings of one name: the word next to it ("customer Westfield") may settle it.
      let candidates = values;
      if (new Set(candidates.map((c) => c.kind)).size > 1) {
        const neighbours = [mentions[index - 1], mentions[index + 1]].filter(
          (m): m is Mention =>
            m !== undefined &&
            Math.abs(
              (m.from < mention.from ? m.to : m.from) - (m.from < mention.from ? mention.from : mention.to),
            ) <= 1,
        );
        const kinds = neighbours.flatMap((m) =>
          m.targets.flatMap((t) => (t.type === 'dimension' ? [kindOfDimension[t.name]] : [])),
        );
        const settled = candidates.filter((c) => kinds.includes(c.kind));
        if (settled.length > 0) candidates = settled;
      }
      // A city and the region of the same name in the same country (Berlin, Madrid): the city.
      const cities = candidates.filter((c) => c.kind === 'city');
      candidates = candidates.filter(
        (c) =>
          c.kind !== 'region' ||
          !cities.some(
            (city) => phraseKey(city.value) === phraseKey(c.value) && city.label.endsWith(c.label.slice(-2)),
          ),
      );
      const before = tokens.slice(Math.max(0, mention.from - 3), mention.from).map((t) => t.text);
      const after = tokens[mention.to]?.text;
      const nextMention = mentions[index + 1];
      let direction: 'origin' | 'destination' | undefined;
      for (let k = before.length - 1; k >= 0 && !direction; k--) {
        const word = before[k] ?? '';
        if (originWords.has(word)) direction = 'origin';
        else if (destinationWords.has(word)) direction = 'destination';
      }
      // "Venlo to Lyon": the first place of a pair joined by "to" is the origin.
      if (
        !direction &&
        (after === 'to' || after === 'arrow') &&
        nextMention &&
        nextMention.from === mention.to + 1 &&
        entityTargets(nextMention).some((e) => ['city', 'region', 'country', 'facility'].includes(e.kind))
      ) {
        direction = 'origin';
      }
      const negated =
        before.slice(-2).some((w) => negationWords.has(w)) ||
        /\bnon\s*$/.test(folded.slice(0, tokens[mention.from]?.start ?? 0));
      entities.push({
        entity: candidates[0] as EntityValue,
        direction,
        negated,
        mention: {
          ...mention,
          targets: candidates.map((entity) => ({ type: 'entity', entity, exact: true })),
        },
      });
      return;
    }
    if (metric) {
      // Two metric phrases side by side ("freight" + "cost per shipment"): the longer one.
      const previous = mentions[index - 1];
      const previousMetric =
        previous?.to === mention.from && previous.targets.find((t) => t.type === 'metric');
      if (previousMetric && previous && !values.length) {
        const longer = mention.to - mention.from >= previous.to - previous.from;
        if (!longer) return;
        const at = metrics.lastIndexOf(previousMetric.name);
        if (at >= 0) metrics.splice(at, 1);
      }
      metrics.push(metric.name);
      if (metric.name === 'lateShipments' && /^(?:late|delayed)$/.test(mention.text))
        lateWords.add(metric.name);
      return;
    }
    if (dimension) {
      dimensions.push({
        name: dimension.name,
        plural: /s$/.test(mention.text) && !/status$/.test(mention.text),
        index,
      });
    }
  });

  // A dimension word next to a value of its kind names the value ("carrier Northline"), it
  // does not group by it.
  const qualifiers = new Set<number>();
  mentions.forEach((mention, index) => {
    const dimension = mention.targets.find((t) => t.type === 'dimension');
    if (!dimension || mention.targets.some((t) => t.type === 'metric')) return;
    const kind = kindOfDimension[dimension.name];
    const near = entities.some(
      (e) => e.entity.kind === kind && (e.mention.from === mention.to || e.mention.to === mention.from),
    );
    if (near) qualifiers.add(index);
  });
  // A dimension word groups with a cue ("by", "per", "which", a ranking) or next to a metric
  // ("carrier on-time rate"); otherwise it is context ("did customers order").
  const groupingCues = new Set([
    'by',
    'per',
    'each',
    'every',
    'which',
    'what',
    'across',
    'among',
    'all',
    'between',
    'list',
    'rank',
    'compare',
    'split',
    'breakdown',
    'for',
  ]);
  const cued = (index: number): boolean => {
    const mention = mentions[index] as Mention;
    if (reading.ranking || reading.share || reading.why || mention.from === 0) return true;
    const before = tokens.slice(Math.max(0, mention.from - 2), mention.from + 1).map((t) => t.text);
    if (before.some((w) => groupingCues.has(w))) return true;
    // "by carrier and mode": a second dimension joined to a grouped one.
    const previous = mentions[index - 1];
    const joined = tokens[mention.from - 1]?.text === 'and' && previous?.to === mention.from - 1;
    if (joined && previous.targets.some((t) => t.type === 'dimension') && cued(index - 1)) return true;
    const after = tokens[mention.to]?.text ?? '';
    if (['breakdown', 'scorecard', 'ranking', 'split', 'comparison', 'league'].includes(after)) return true;
    // "carrier on-time rate" groups; "customers order" (a plural, the subject) does not.
    const next = mentions[index + 1];
    const plural = /s$/.test(mention.text) && !/status$/.test(mention.text);
    return (
      !plural &&
      next !== undefined &&
      next.from === mention.to &&
      next.targets.some((t) => t.type === 'metric')
    );
  };
  const grouped = dimensions.filter((d) => !qualifiers.has(d.index) && cued(d.index));
  // "worst origin city … only cities with at least 100": the bare place word is the same place.
  const generic = /^(?:city|cities|country|countries|region|regions|state|states|province|provinces)$/;
  const groupBy = grouped.filter((d) => {
    if (!generic.test(mentions[d.index]?.text ?? '')) return true;
    const kind = d.name.replace(/^destination/, '');
    return !grouped.some(
      (o) => o !== d && o.name.endsWith(kind) && !generic.test(mentions[o.index]?.text ?? ''),
    );
  });

  for (const e of entities) {
    const options = entityTargets(e.mention);
    if (options.length > 1) return { clarification: clarify(question, folded, e.mention, options, reading) };
  }
  return {
    metrics: dedupe(metrics),
    lateWords,
    dimensions: dedupeBy(groupBy, (d) => d.name).map(({ name }) => ({
      name,
      plural: groupBy.some((d) => d.name === name && d.plural),
    })),
    entities,
  };
}

function clarify(
  question: string,
  folded: string,
  mention: Mention,
  options: readonly EntityValue[],
  reading: Reading,
): Interpretation {
  const start = reading.tokens[mention.from]?.start ?? 0;
  const end = reading.tokens[mention.to - 1]?.end ?? start;
  const base = question.length === folded.length ? question : folded;
  const sameLabel = new Set(options.map((o) => phraseKey(o.label))).size < options.length;
  const ranked = [...options].sort((a, b) => b.weight - a.weight).slice(0, 6);
  const choices: Choice[] = ranked.map((option) => {
    const words = sameLabel ? `${kindWord[option.kind]} ${option.label}` : option.label;
    return {
      label: labelOf(option),
      question: `${base.slice(0, start)}${words}${base.slice(end)}`,
    };
  });
  const said = base.slice(start, end);
  return {
    kind: 'clarification',
    text: `"${said}" could mean ${ranked.map(labelOf).join(', ')}. Which one?`,
    choices,
  };
}

const labelOf = (option: EntityValue) =>
  option.label.includes('(') ? option.label : `${option.label} (${kindWord[option.kind]})`;

function dedupe<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Stock risk

function stockRiskOf(
  folded: string,
  reading: Reading,
  time: TimeReading,
  today: string,
): Interpretation | undefined {
  const runOut =
    /\b(?:run(?:ning|s)? out|stock(?:ing)? ?outs?|out of stock|stock-?out|go(?:ing)? out of stock|short(?:age)?s?|reorder|re-order|replenish|below (?:the )?reorder point)\b/.test(
      folded,
    );
  const ahead =
    time.future ||
    /\b(?:will|going to|about to|soon|at risk|risk|within|coming|upcoming|next|expected to|likely|need to|should we|must)\b/.test(
      folded,
    );
  if (!runOut || !ahead) return undefined;
  let withinDays = 14;
  const within =
    /\bwithin\s+(?:the\s+)?(?:next\s+)?(\d+|a|one|two|three|four|five|six|seven|eight|ten|twelve)\s+(days?|weeks?|months?)\b/.exec(
      folded,
    );
  if (time.future && time.range && 'from' in time.range) {
    withinDays = Math.round((Date.parse(time.range.to) - Date.parse(today)) / 86_400_000);
  } else if (within) {
    const n = numberOf(within[1]) ?? 1;
    withinDays = within[2]?.startsWith('week') ? 7 * n : within[2]?.startsWith('month') ? 30 * n : n;
  }
  const filters = reading.mentions.flatMap((mention) =>
    entityTargets(mention)
      .filter((e) => e.kind === 'product' || e.kind === 'facility')
      .slice(0, 1)
      .map((e) => ({ field: e.kind as 'product' | 'facility', value: e.value })),
  );
  return { kind: 'stockRisk', withinDays: Math.max(1, Math.min(366, withinDays)), filters };
}

// ---------------------------------------------------------------------------------------------
// The query

type Built =
  | { readonly query: SemanticQueryInput; readonly shape: Shape; readonly assumptions: string[] }
  | { readonly refusal: string }
  | { readonly clarification: Interpretation };

/** Metrics the ranking words stand for when no metric is named ("slowest lane"). */
const rankingMetric: Readonly<Record<string, string>> = {
  slowest: 'avgTransitDays',
  fastest: 'avgTransitDays',
  cheapest: 'costPerShipment',
  expensive: 'costPerShipment',
  priciest: 'costPerShipment',
  busiest: 'shipments',
};

function buildQuery(
  folded: string,
  reading: Reading,
  time: TimeReading,
  resolved: Resolved,
  previous: Extract<Interpretation, { kind: 'query' }> | undefined,
  homonyms: (entity: EntityValue) => number,
  has: (kind: EntityValue['kind']) => boolean,
): Built {
  const assumptions: string[] = [];
  let metrics = [...resolved.metrics];
  const filters: Filter[] = [];

  // "late shipments", "how many shipments were late": the count of late ones.
  if (metrics.length === 2 && metrics.includes('shipments') && metrics.includes('lateShipments'))
    metrics = ['lateShipments'];
  // "late" next to another metric is a filter ("freight cost of late shipments").
  if (metrics.length > 1 && metrics.includes('lateShipments')) {
    const lateAsFilter =
      resolved.lateWords.has('lateShipments') ||
      /\b(?:of|for|on|among|from) (?:the )?(?:late|delayed)\b/.test(folded);
    if (lateAsFilter) {
      metrics = metrics.filter((m) => m !== 'lateShipments');
      filters.push({ field: 'onTime', op: 'eq', value: false });
    }
  }
  if (
    /\bon[ -]?time (?:shipments|deliveries|loads)\b/.test(folded) &&
    metrics.length > 1 &&
    metrics.includes('onTimeRate')
  ) {
    metrics = metrics.filter((m) => m !== 'onTimeRate');
    filters.push({ field: 'onTime', op: 'eq', value: true });
  }
  // "late shipments", "how many shipments were late": the count of late ones.
  if (metrics.length === 2 && metrics.includes('shipments') && metrics.includes('lateShipments'))
    metrics = ['lateShipments'];
  // "cost per kg", "cheapest per kilo": a cost word with "per kg" is the cost per kg, not the weight.
  if (metrics.includes('weight') && /\bper (?:kg|kgs|kilo|kilos|kilogram)\b/.test(folded)) {
    const costly = /\b(?:cost|costs|spend|cheap|cheapest|cheaper|expensive|priciest|price|rate)\b/.test(
      folded,
    );
    if (costly)
      metrics = [
        'costPerKg',
        ...metrics.filter((m) => !['weight', 'freightCost', 'costPerShipment', 'costPerKg'].includes(m)),
      ];
  }
  if (metrics.length === 1 && metrics[0] === 'orders' && /\bunits?\b/.test(folded)) {
    metrics = [/\bship/.test(folded) ? 'unitsShipped' : 'unitsOrdered'];
  }
  if (metrics.length === 0) {
    const word = reading.ranking ? Object.keys(rankingMetric).find((w) => folded.includes(w)) : undefined;
    if (word) metrics.push(rankingMetric[word] as string);
    else if (/\bdemand\b/.test(folded))
      metrics.push(
        time.future || /\bforecast|predict|project/.test(folded) ? 'forecastDemand' : 'unitsOrdered',
      );
    else if (/\bforecast|predict/.test(folded)) metrics.push('forecastDemand');
    else if (/\border(?:s|ed)?\b/.test(folded) && !/\bshipments?\b/.test(folded)) metrics.push('orders');
    else if (/\bunits\b/.test(folded)) metrics.push(/\bship/.test(folded) ? 'unitsShipped' : 'unitsOrdered');
    else if (!previous) metrics.push('shipments');
  }
  if (
    metrics.includes('shipments') &&
    /\bdeliver(?:ed|ies)\b/.test(folded) &&
    !resolved.metrics.includes('deliveredShipments') &&
    metrics.length === 1 &&
    resolved.metrics.length === 0
  ) {
    metrics = ['deliveredShipments'];
  }

  // Start from the previous query for a follow-up; what the question names replaces its part.
  const base = previous?.query;
  if (metrics.length === 0 && base) metrics = [...base.metrics];
  const main = metrics[0] as string;
  const mainMetric = metricNamed(main);
  if (!mainMetric) return { refusal: `I don't know the measure "${main}". ${CAN_ANSWER}` };

  // Values → filters on the field the metrics support.
  const entityFilters: Filter[] = [];
  const comparedKinds = new Map<string, EntityMention[]>();
  for (const e of resolved.entities) {
    // One group per kind, and per end for places named both ways ("from Venlo to Lyon").
    const ends = new Set(
      resolved.entities.filter((o) => o.entity.kind === e.entity.kind && o.direction).map((o) => o.direction),
    );
    const key = e.entity.kind + (ends.size > 1 ? (e.direction ?? 'destination') : '');
    const list = comparedKinds.get(key) ?? [];
    list.push(e);
    comparedKinds.set(key, list);
  }
  for (const group of comparedKinds.values()) {
    const first = group[0] as EntityMention;
    const direction = group.find((e) => e.direction)?.direction;
    const field = fieldFor(first.entity.kind, direction, metrics, first.entity.value);
    // "open shipments": not delivered, not cancelled (shipments have no status named open).
    if (
      !field &&
      first.entity.kind === 'status' &&
      first.entity.value === 'open' &&
      supportedByAll('status', metrics)
    ) {
      entityFilters.push({
        field: 'status',
        op: 'in',
        value: ['planned', 'booked', 'in_transit', 'exception'],
      });
      continue;
    }
    if (!field) {
      return {
        refusal: `${mainMetric.label} cannot be narrowed to a ${kindWord[first.entity.kind]} ("${first.entity.label}"): it is not recorded for it. ${CAN_ANSWER}`,
      };
    }
    const positive = group.filter((e) => !e.negated).map((e) => e.entity.value);
    const negative = group.filter((e) => e.negated).map((e) => e.entity.value);
    // "Paris, FR" where the data has another Paris: the country is part of the value.
    const places = group.filter(
      (e) => !e.negated && e.entity.country && (e.entity.kind === 'city' || e.entity.kind === 'region'),
    );
    const countries = new Set(places.map((e) => e.entity.country));
    if (
      places.length === group.length &&
      countries.size === 1 &&
      places.some((e) => homonyms(e.entity) > 1)
    ) {
      const end = direction === 'origin' ? 'origin' : 'destination';
      if (supportedByAll(`${end}Country`, metrics)) {
        entityFilters.push({ field: `${end}Country`, op: 'eq', value: [...countries][0] as string });
      }
    }
    if (positive.length === 1) entityFilters.push({ field, op: 'eq', value: positive[0] as string });
    else if (positive.length > 1) entityFilters.push({ field, op: 'in', value: dedupe(positive) });
    if (negative.length === 1) entityFilters.push({ field, op: 'neq', value: negative[0] as string });
    else if (negative.length > 1) entityFilters.push({ field, op: 'notIn', value: dedupe(negative) });
  }
  if (reading.weight) filters.push({ field: 'weightKg', op: reading.weight.op, value: reading.weight.kg });
  if (reading.weightRange) {
    filters.push({ field: 'weightKg', op: 'gte', value: reading.weightRange.fromKg });
    filters.push({ field: 'weightKg', op: 'lte', value: reading.weightRange.toKg });
  }

  // Dimensions named, mapped to what the metric has ("by warehouse" on shipments → origin facility).
  let dimensions: string[] = [];
  for (const d of resolved.dimensions) {
    // "by destination" where the data has countries and no cities: the country.
    const placeless = /City$/.test(d.name) && !has('city') && has('country');
    const name = dimensionFor(placeless ? d.name.replace(/City$/, 'Country') : d.name, metrics);
    if (!name) {
      return {
        refusal: `${mainMetric.label} cannot be broken down by ${dimensionNamed(d.name)?.label.toLowerCase() ?? d.name}. ${CAN_ANSWER}`,
      };
    }
    dimensions.push(name);
  }
  dimensions = dedupe(dimensions);

  let shape: Shape;
  let grain: Grain | undefined = reading.grain ?? time.grain;
  let timeRange: TimeRange | undefined = time.range;
  let compare = time.compare;
  let orderBy: { field: string; direction: 'asc' | 'desc' }[] = [];
  let limit: number | undefined;
  const having: Having[] = [...reading.having];

  // Two values of one kind with a comparison word: side by side, one row each.
  const comparedGroup = [...comparedKinds.values()].find((g) => g.filter((e) => !e.negated).length > 1);
  const entityComparison = comparedGroup !== undefined && (reading.comparisonWord || time.comparison);

  if (metrics.includes('forecastDemand')) {
    shape = 'forecast';
    grain = 'week';
    if (!timeRange || !time.future) {
      timeRange = undefined;
    }
  } else if (reading.why) {
    shape = 'why';
    compare = compare ?? 'previous_period';
    if (!timeRange) {
      timeRange = { relative: 'last_month' };
      assumptions.push('Compared last month with the month before.');
    }
    if (dimensions.length === 0) {
      // The first kind the organization's data has ("(none)" for every row explains nothing).
      const fallback = [
        'carrier',
        'destinationCountry',
        'supplier',
        'customer',
        'facility',
        'product',
        'mode',
      ].find((d) => dimensionFor(d, metrics) === d && has(kindOfDimension[d] ?? 'mode'));
      if (fallback) dimensions = [fallback];
    }
  } else if (reading.share) {
    shape = 'share';
    // "what percentage of shipments to Haiti were late": "late" is the part (named after the
    // values), so delivered shipments split by on time; "late shipments were with Keystone": the
    // carrier is the part.
    const lastValue = Math.max(
      -1,
      ...resolved.entities.map((e) => reading.tokens[e.mention.from]?.start ?? -1),
    );
    const lateAt = /\blate\b/.exec(folded)?.index ?? -1;
    if (
      metrics.length === 1 &&
      metrics[0] === 'lateShipments' &&
      dimensions.length === 0 &&
      lateAt > lastValue
    ) {
      metrics = ['deliveredShipments'];
      dimensions = ['onTime'];
    }
    if (dimensions.length === 0) {
      // "what share of Dairy shipments went to Switzerland": the last value named is the part
      // (its kind is the breakdown); the ones before it narrow the whole.
      const focus = entityFilters[entityFilters.length - 1];
      if (focus) {
        dimensions = [focus.field];
        entityFilters.splice(entityFilters.length - 1, 1);
      }
    }
    if (dimensions.length === 0) return { clarification: whichDimension('Share of what?', folded, metrics) };
    orderBy = [{ field: metrics[0] as string, direction: 'desc' }];
  } else if (entityComparison && comparedGroup) {
    shape = 'comparison';
    const field = fieldFor(
      comparedGroup[0]?.entity.kind ?? 'mode',
      comparedGroup[0]?.direction,
      metrics,
    ) as string;
    if (!dimensions.includes(field)) dimensions = [field, ...dimensions];
  } else if (time.comparison) {
    shape = 'comparison';
  } else if (reading.ranking) {
    shape = 'ranking';
    // "which month had the most shipments", "busiest year": periods ranked.
    const period = /\b(day|week|month|quarter|year)s?\b/.exec(blank(folded, time.spans))?.[1] as
      | Grain
      | undefined;
    if (dimensions.length === 0 && !grain && period) grain = period;
    if (dimensions.length === 0 && !grain) {
      if (!base || base.dimensions === undefined || base.dimensions.length === 0) {
        return { clarification: whichDimension('Top what?', folded, metrics) };
      }
      dimensions = [...base.dimensions];
    }
    const direction = rankingSort(reading.ranking.direction, mainMetric.better);
    orderBy = [{ field: main, direction }];
    const plural = resolved.dimensions.some((d) => d.plural);
    limit =
      reading.ranking.limit ??
      (reading.ranking.word === 'top' || reading.ranking.word === 'bottom' || plural ? 5 : 1);
  } else if (grain) {
    shape = 'trend';
  } else if (dimensions.length > 0) {
    shape = 'breakdown';
    orderBy = [{ field: main, direction: 'desc' }];
  } else {
    shape = 'value';
  }

  if (reading.threshold) {
    const t = reading.threshold;
    const value = mainMetric.unit === 'ratio' && (t.percent || t.value > 1) ? t.value / 100 : t.value;
    if (dimensions.length > 0) having.push({ metric: main, op: t.op, value });
    else assumptions.push(`A threshold needs groups to apply to ("by carrier"); it was left out.`);
  }
  for (const h of having) if (!metrics.includes(h.metric)) metrics.push(h.metric);

  let query: SemanticQueryInput = {
    metrics,
    dimensions,
    filters: [...entityFilters, ...filters],
    ...(timeRange ? { timeRange } : {}),
    ...(grain ? { grain } : {}),
    ...(compare ? { compare } : {}),
    orderBy,
    ...(limit !== undefined ? { limit } : {}),
    having,
  };

  if (base && previous) {
    query = mergeFollowUp(base, previous.shape, query, {
      metricsNamed: resolved.metrics.length > 0 || metrics.some((m) => !base.metrics.includes(m)),
      dimensionsNamed: resolved.dimensions.length > 0 || shape === 'comparison' || shape === 'share',
      timeNamed: time.range !== undefined,
      grainNamed: reading.grain !== undefined,
      rankingNamed: reading.ranking !== undefined,
    });
    shape = followUpShape(previous.shape, shape, query, reading);
  }
  return { query, shape, assumptions };
}

/** The catalog field a value of a kind filters, among those every metric has. */
function fieldFor(
  kind: EntityValue['kind'],
  direction: 'origin' | 'destination' | undefined,
  metrics: readonly string[],
  value?: string,
) {
  const end = direction === 'origin' ? 'origin' : 'destination';
  const candidates: Record<EntityValue['kind'], string[]> = {
    carrier: ['carrier'],
    customer: ['customer'],
    supplier: ['supplier'],
    product: ['product'],
    productCategory: ['productCategory'],
    mode: ['mode'],
    status: ['status', 'orderStatus'],
    city: [`${end}City`],
    region: [`${end}Region`],
    country: [`${end}Country`],
    facility: direction ? [`${direction}Facility`, 'facility'] : ['facility', 'originFacility'],
    currency: ['currency'],
  };
  // A status is a shipment's or an order's, as the value and the metrics say.
  const fits = (field: string) =>
    value === undefined ||
    (field === 'status' && (shipmentStatuses as readonly string[]).includes(value)) ||
    (field === 'orderStatus' && (orderStatuses as readonly string[]).includes(value)) ||
    (field !== 'status' && field !== 'orderStatus');
  return candidates[kind].find((field) => fits(field) && supportedByAll(field, metrics));
}

const orderStatuses = ['open', 'allocated', 'shipped', 'delivered', 'cancelled'] as const;

/** The dimension to group by for a word, mapped to what the metrics have. */
function dimensionFor(name: string, metrics: readonly string[]): string | undefined {
  const alternatives: Record<string, string[]> = {
    facility: ['facility', 'originFacility'],
    originFacility: ['originFacility', 'facility'],
    destinationFacility: ['destinationFacility', 'facility'],
    status: ['status', 'orderStatus'],
    orderStatus: ['orderStatus', 'status'],
  };
  return (alternatives[name] ?? [name]).find((d) => supportedByAll(d, metrics));
}

function supportedByAll(field: string, metrics: readonly string[]): boolean {
  return metrics.every((name) => {
    const metric = metricNamed(name);
    return metric ? dimensionsOfMetric(metric).some((d) => d.name === field) : false;
  });
}

function rankingSort(direction: 'top' | 'bottom' | 'best' | 'worst', better: 'higher' | 'lower' | 'neither') {
  if (direction === 'top') return 'desc';
  if (direction === 'bottom') return 'asc';
  const higherIsBetter = better !== 'lower';
  return (direction === 'best') === higherIsBetter ? 'desc' : 'asc';
}

function whichDimension(text: string, folded: string, metrics: readonly string[]): Interpretation {
  const options = ['carrier', 'lane', 'mode', 'customer', 'destinationCity', 'product', 'facility'].filter(
    (d) => supportedByAll(d, metrics),
  );
  return {
    kind: 'clarification',
    text: `${text} Pick what to group by.`,
    choices: options.slice(0, 5).map((d) => ({
      label: dimensionNamed(d)?.label ?? d,
      question: `${folded.trim().replace(/[?.!]+$/, '')} by ${(dimensionNamed(d)?.label ?? d).toLowerCase()}`,
    })),
  };
}

interface Named {
  readonly metricsNamed: boolean;
  readonly dimensionsNamed: boolean;
  readonly timeNamed: boolean;
  readonly grainNamed: boolean;
  readonly rankingNamed: boolean;
}

/** A follow-up: the previous query with the parts the new question names replaced. */
function mergeFollowUp(
  base: SemanticQueryInput,
  baseShape: Shape,
  next: SemanticQueryInput,
  named: Named,
): SemanticQueryInput {
  const nextFilters = next.filters ?? [];
  const replaced = new Set(nextFilters.map((f) => f.field));
  const filters = [...(base.filters ?? []).filter((f) => !replaced.has(f.field)), ...nextFilters];
  const metrics = named.metricsNamed ? next.metrics : base.metrics;
  const main = metrics[0] as string;
  const dimensions = named.dimensionsNamed ? (next.dimensions ?? []) : (base.dimensions ?? []);
  const keepsRanking =
    !named.rankingNamed && !named.dimensionsNamed && !named.grainNamed && baseShape === 'ranking';
  const orderBy =
    named.rankingNamed || named.dimensionsNamed
      ? (next.orderBy ?? [])
      : keepsRanking || baseShape === 'breakdown'
        ? (base.orderBy ?? []).map((o) => ({
            ...o,
            field: metrics.includes(o.field) || dimensions.includes(o.field) ? o.field : main,
          }))
        : [];
  const limit = named.rankingNamed
    ? next.limit
    : keepsRanking
      ? base.limit
      : named.dimensionsNamed
        ? next.limit
        : base.limit;
  const timeRange = named.timeNamed ? next.timeRange : base.timeRange;
  const compare = named.timeNamed ? next.compare : (next.compare ?? base.compare);
  const grain = named.grainNamed ? next.grain : named.dimensionsNamed ? undefined : base.grain;
  const having = (next.having ?? []).length > 0 ? next.having : base.having;
  return {
    metrics: dedupe([...metrics, ...(having ?? []).map((h) => h.metric)]),
    dimensions,
    filters,
    ...(timeRange ? { timeRange } : {}),
    ...(grain ? { grain } : {}),
    ...(compare ? { compare } : {}),
    orderBy: grain && !named.rankingNamed ? [] : orderBy,
    ...(limit !== undefined ? { limit } : {}),
    having: having ?? [],
  };
}

function followUpShape(previous: Shape, next: Shape, query: SemanticQueryInput, reading: Reading): Shape {
  if (reading.grain) return 'trend';
  if (next !== 'value') return next;
  if (previous === 'trend' && !query.grain)
    return (query.dimensions ?? []).length > 0 ? 'breakdown' : 'value';
  return previous;
}

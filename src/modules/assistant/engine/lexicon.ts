import { shipmentModes } from '../../../db/types.js';
import { dimensionNamed, metricDefinitions } from '../../analytics/index.js';
import { commonWords } from './common-words.js';
import { phraseKey } from './text.js';
import type { EntityValue, Vocabulary } from './types.js';

/**
 * The phrases the offline engine recognises, and what each means: a metric or a dimension of the
 * semantic layer (its name, label and synonyms), or a value of the organization's own data (an
 * entity's name, code or alias; a city; a country by name or code). Nothing here is specific to
 * one organization: the catalog gives the first, the vocabulary (read from the organization's
 * data) the second.
 */

export type Target =
  | { readonly type: 'metric'; readonly name: string }
  | { readonly type: 'dimension'; readonly name: string }
  | {
      readonly type: 'entity';
      readonly entity: EntityValue;
      /** false: only the head of a longer name ("Northline" for "Northline Freight"). */
      readonly exact: boolean;
    };

export interface Lexicon {
  /** The targets of a phrase, or of its singular or plural ("lanes" → lane). */
  lookup(phrase: string): readonly Target[] | undefined;
  /** Places by a two-letter code ("CA", "TX"): read only where the question writes it in capitals. */
  code(word: string): readonly Target[] | undefined;
  /** Longest phrase, in words. */
  readonly maxWords: number;
  /** Every word of every phrase (what spelling corrections may give). */
  readonly words: ReadonlySet<string>;
}

/** Metric synonyms the engine reads otherwise: "in transit" is a status filter (CONVENTIONS.md). */
const metricPhrasesReadOtherwise = new Set([
  'in transit',
  'in transit shipments',
  'moving',
  'on the way',
  'open shipments',
  'demand',
]);

/** Words for modes and statuses, besides their names. */
const modeAliases: Readonly<Record<string, readonly string[]>> = {
  air: ['air freight', 'airfreight', 'by air', 'plane', 'flight', 'flights', 'air cargo'],
  ocean: ['sea', 'sea freight', 'ocean freight', 'vessel', 'by sea', 'maritime', 'shipping line'],
  road: ['truck', 'trucking', 'road freight', 'by road', 'lorry', 'over the road'],
  ltl: ['less than truckload', 'less than truck load', 'groupage', 'partial load'],
  ftl: ['full truckload', 'full truck load', 'truckload', 'tl', 'ftl trucking'],
  parcel: ['courier', 'small parcel', 'parcels', 'express parcel', 'package', 'packages'],
  rail: ['train', 'railway', 'railroad', 'by rail', 'intermodal rail'],
};
const statusAliases: Readonly<Record<string, readonly string[]>> = {
  planned: ['planned', 'not yet booked'],
  booked: ['booked', 'booked but not picked up'],
  in_transit: ['in transit', 'in-transit', 'on the way', 'on the road', 'moving', 'en route', 'underway'],
  cancelled: ['cancelled', 'canceled'],
  // Order statuses (orderStatus): read for order metrics only.
  open: ['open', 'not yet shipped', 'outstanding', 'pending'],
  allocated: ['allocated'],
};

/** Mode and status values as entities: the catalog fixes them, not the organization's data. */
export const catalogEntities: readonly EntityValue[] = [
  ...shipmentModes.map(
    (mode): EntityValue => ({
      kind: 'mode',
      value: mode,
      label: mode === 'ltl' || mode === 'ftl' ? mode.toUpperCase() : mode,
      aliases: modeAliases[mode] ?? [],
      weight: 1,
    }),
  ),
  ...Object.entries(statusAliases).map(
    ([status, aliases]): EntityValue => ({
      kind: 'status',
      value: status,
      label: status.replace('_', ' '),
      aliases,
      weight: 1,
    }),
  ),
];

const camelWords = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');

interface Builder {
  readonly phrases: Map<string, Target[]>;
  maxWords: number;
}

function add(builder: Builder, text: string, target: Target) {
  const key = phraseKey(text);
  if (key === '') return;
  const list = builder.phrases.get(key) ?? [];
  const same = list.find((t) => sameTarget(t, target));
  if (same) {
    // An exact reading wins over a head-of-name one for the same entity.
    if (same.type === 'entity' && target.type === 'entity' && target.exact && !same.exact) {
      list[list.indexOf(same)] = target;
    }
  } else list.push(target);
  builder.phrases.set(key, list);
  builder.maxWords = Math.max(builder.maxWords, key.split(' ').length);
  // "ontime", "freightcost": the words written together are the same phrase (not for places:
  // "u s" is not "us").
  const place = target.type === 'entity' && ['country', 'region', 'city'].includes(target.entity.kind);
  if (key.includes(' ') && key.length <= 24 && !place) {
    const joined = key.replace(/ /g, '');
    if (!builder.phrases.has(joined)) builder.phrases.set(joined, [target]);
  }
}

function sameTarget(a: Target, b: Target): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'entity' && b.type === 'entity') return a.entity === b.entity;
  return (a as { name: string }).name === (b as { name: string }).name;
}

let catalogPhrases: Builder | undefined;

/** The catalog's phrases: metrics and dimensions by name, label and synonym. */
function catalogBuilder(): Builder {
  if (catalogPhrases) return catalogPhrases;
  const builder: Builder = { phrases: new Map(), maxWords: 1 };
  for (const metric of metricDefinitions) {
    const target: Target = { type: 'metric', name: metric.name };
    for (const phrase of [camelWords(metric.name), metric.label, ...metric.synonyms]) {
      // "number of orders" is "number of" and "orders": the count words are read on their own,
      // so "number of order lines" is order lines, not orders and lines.
      const bare = phrase.replace(/^(?:number of|count of|total)\s+/i, '');
      if (!metricPhrasesReadOtherwise.has(phraseKey(bare))) add(builder, bare, target);
    }
  }
  for (const name of dimensionWords) {
    const dimension = dimensionNamed(name);
    if (!dimension) continue;
    const target: Target = { type: 'dimension', name };
    // "by carrier" is the cue "by" and the dimension: the cue is read on its own.
    for (const phrase of [camelWords(name), dimension.label, ...dimension.synonyms]) {
      add(builder, phrase.replace(/^(?:by|per)\s+/i, ''), target);
    }
  }
  // A place word alone is the destination's: where shipments go is what "by country" asks.
  for (const [phrase, name] of [
    ['country', 'destinationCountry'],
    ['city', 'destinationCity'],
    ['region', 'destinationRegion'],
    ['state', 'destinationRegion'],
    ['province', 'destinationRegion'],
  ] as const) {
    add(builder, phrase, { type: 'dimension', name });
  }
  catalogPhrases = builder;
  return builder;
}

/** The dimensions a question groups by with a word ("by carrier"); the rest are filters only. */
const dimensionWords = [
  'carrier',
  'mode',
  'status',
  'lane',
  'originCity',
  'originRegion',
  'originCountry',
  'originFacility',
  'destinationCity',
  'destinationRegion',
  'destinationCountry',
  'destinationFacility',
  'facility',
  'customer',
  'supplier',
  'product',
  'productCategory',
  'orderStatus',
  'currency',
] as const;

/** Words a head of a name may not be on its own ("Great" of "Great Plains Rail"). */
function usableHead(head: string, builder: Builder): boolean {
  if (head.length < 3 || commonWords.has(head) || /^\d+$/.test(head)) return false;
  // Another name's head is fine (two names sharing it ask back); a whole name or a catalog word is not.
  const own = builder.phrases.get(head);
  return !catalogBuilder().phrases.has(head) && !own?.some((t) => t.type !== 'entity' || t.exact);
}

const lexicons = new WeakMap<Vocabulary, Lexicon>();

/** The lexicon of an organization's vocabulary (built once per vocabulary object). */
export function lexiconOf(vocabulary: Vocabulary): Lexicon {
  const cached = lexicons.get(vocabulary);
  if (cached) return cached;
  const catalog = catalogBuilder();
  const own: Builder = { phrases: new Map(), maxWords: 1 };
  const codes = new Map<string, Target[]>();
  const entities = [...catalogEntities, ...vocabulary.entities];
  for (const entity of entities) {
    const target: Target = { type: 'entity', entity, exact: true };
    for (const phrase of [entity.value, entity.label, ...entity.aliases]) {
      // "us", "ca", "in", "no" are words before they are codes: places go by their names.
      const place = entity.kind === 'country' || entity.kind === 'region';
      const key = phraseKey(phrase);
      if (place && /^[a-z]{1,2}$/.test(key)) {
        const list = codes.get(key) ?? [];
        if (!list.some((t) => sameTarget(t, target))) list.push(target);
        codes.set(key, list);
        continue;
      }
      add(own, phrase, target);
    }
  }
  // Heads of multi-word names, once every exact phrase is known (an exact phrase wins).
  const named = ['carrier', 'customer', 'supplier', 'facility', 'product'];
  const heads = vocabulary.entities.flatMap((entity) =>
    named.includes(entity.kind) ? [entity.value, ...entity.aliases].map((name) => ({ entity, name })) : [],
  );
  for (const { entity, name } of heads) {
    const words = phraseKey(name).split(' ');
    for (let n = 1; n < words.length && n <= 2; n++) {
      const head = words.slice(0, n).join(' ');
      const last = words[n - 1] ?? '';
      if (n === 1 && !usableHead(head, own)) continue;
      if (
        n === 2 &&
        (commonWords.has(last) || own.phrases.get(head)?.some((t) => t.type === 'entity' && t.exact))
      )
        continue;
      const existing = own.phrases.get(head);
      if (existing?.some((t) => t.type === 'entity' && t.exact)) continue;
      add(own, head, { type: 'entity', entity, exact: false });
    }
  }
  const words = new Set<string>();
  for (const key of [...catalog.phrases.keys(), ...own.phrases.keys()]) {
    for (const word of key.split(' ')) words.add(word);
  }
  const exactly = (phrase: string) => {
    const mine = own.phrases.get(phrase);
    const theirs = catalog.phrases.get(phrase);
    if (mine && theirs) return [...theirs, ...mine];
    return mine ?? theirs;
  };
  const lexicon: Lexicon = {
    lookup: (phrase) => {
      const found = exactly(phrase);
      if (found) return found;
      for (const variant of numberVariants(phrase)) {
        const other = exactly(variant);
        if (other) return other;
      }
      return undefined;
    },
    code: (word) => codes.get(word),
    maxWords: Math.max(catalog.maxWords, own.maxWords),
    words,
  };
  lexicons.set(vocabulary, lexicon);
  return lexicon;
}

/** The phrase with its last word in the singular or the plural ("lanes" ↔ "lane", "categories" ↔ "category"). */
function numberVariants(phrase: string): string[] {
  const space = phrase.lastIndexOf(' ');
  const head = phrase.slice(0, space + 1);
  const last = phrase.slice(space + 1);
  if (last.length < 3 || /\d/.test(last)) return [];
  if (last.endsWith('ies')) return [`${head}${last.slice(0, -3)}y`];
  if (last.endsWith('ses') || last.endsWith('xes') || last.endsWith('ches') || last.endsWith('shes')) {
    return [`${head}${last.slice(0, -2)}`, `${head}${last.slice(0, -1)}`];
  }
  if (last.endsWith('s') && !last.endsWith('ss')) return [`${head}${last.slice(0, -1)}`];
  return [`${head}${last}s`];
}

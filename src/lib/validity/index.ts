import type { FieldError } from '../errors.js';

/**
 * The validity rules every write path shares (ADR 0010): which instants are plausible, what an
 * identifier may contain, how many decimals a fixed-point column keeps, which country and
 * currency codes exist. Pure functions over values, so the API schemas, the entity rules and a
 * future importer apply the very same checks.
 */

export { countryCodes, currencyCodes } from './iso-codes.js';

/**
 * What a future importer does with a row that breaks a rule: set it aside for the user to fix
 * and replay ("quarantine-row", the row alone is wrong), or refuse the whole file
 * ("refuse-file", the rule is broken when the file or its column mapping is misread, so every
 * row would be wrong and loading the rest would mislead).
 */
export type ImportPolicy = 'quarantine-row' | 'refuse-file';

/** What a rule may read besides the value: the clock, passed in so rules stay pure. */
export interface RuleContext {
  /** The time of the write, epoch milliseconds. */
  readonly now: number;
}

/** A consistency rule, defined once and applied by every write path (API, batch, import, events). */
export interface Rule<T> {
  /** Stable name, for logs, quarantine reasons and tests. */
  readonly name: string;
  readonly onImport: ImportPolicy;
  /** The fields at fault, by API path ("actualDeliveryAt"); empty when the value keeps the rule. */
  check(value: T, context: RuleContext): FieldError[];
}

/** Every error of every rule over a value (empty = the value may be stored). */
export function checkRules<T>(rules: readonly Rule<T>[], value: T, context: RuleContext): FieldError[] {
  return rules.flatMap((rule) => rule.check(value, context));
}

// --- instants ---

/**
 * The plausible-instant window: every instant and calendar day Lanewise stores lies in
 * [min, max). Outside it a date is a misread (two-digit years, Excel serials, 0000-00-00
 * placeholders), and the three databases stop agreeing (MySQL DATETIME starts at year 1000 and
 * MariaDB reads 0000 back as 2000; PostgreSQL has no year 0; SQLite compares text, so years must
 * have four digits). Fixed in code rather than configured: the API schemas that check it are
 * built at import time and published in the OpenAPI document (ADR 0010).
 */
export const instantWindow = Object.freeze({
  min: Date.UTC(1900, 0, 1),
  max: Date.UTC(2200, 0, 1),
  minIso: '1900-01-01T00:00:00Z',
  maxIso: '2200-01-01T00:00:00Z',
  /** Calendar days in the window: first and last (inclusive). */
  firstDay: '1900-01-01',
  lastDay: '2199-12-31',
  /**
   * In a file, an instant out of the window means its dates were misread (a wrong format or
   * column in the mapping), so every row is wrong: the importer refuses the file.
   */
  onImport: 'refuse-file' as ImportPolicy,
});

/** The rule's wording, for schema messages and descriptions. */
export const instantWindowMessage = `an instant from ${instantWindow.minIso} up to (not including) ${instantWindow.maxIso}`;
export const dayWindowMessage = `a day from ${instantWindow.firstDay} to ${instantWindow.lastDay}`;

/** Whether an instant (epoch milliseconds) lies in the plausible window. */
export function isPlausibleInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= instantWindow.min && ms < instantWindow.max;
}

/** Whether a calendar day ('YYYY-MM-DD') lies in the plausible window. */
export function isPlausibleDay(day: string): boolean {
  return day >= instantWindow.firstDay && day <= instantWindow.lastDay;
}

/**
 * How far ahead of the server's clock a thing that already happened may be dated: clocks of
 * scanners and ERPs drift, and a local day ends up to 14 hours after UTC's.
 */
export const clockTolerance = 24 * 3_600_000;

/** The instant of a stored or written value, or null when unknown. Epoch 0 is an instant like any other. */
export function msOf(value: Date | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** An error when a thing that already happened (an actual time, an event) is dated in the future. */
export function happened(path: string, value: Date | string | null | undefined, now: number): FieldError[] {
  const ms = msOf(value);
  return ms !== null && ms > now + clockTolerance
    ? [{ path, message: 'is in the future: an actual time must have happened already' }]
    : [];
}

/** An error when `later` is before `earlier` (both known). */
export function notBefore(
  path: string,
  later: Date | string | null | undefined,
  earlier: Date | string | null | undefined,
  what: string,
): FieldError[] {
  const a = msOf(later);
  const b = msOf(earlier);
  return a !== null && b !== null && a < b ? [{ path, message: `is before ${what}` }] : [];
}

// --- identifiers ---

// C0/C1 controls (NUL above all: PostgreSQL cannot store it in text) and lone surrogates (not
// text: they cannot be encoded as UTF-8).
const controlOrSurrogate = /[\p{Cc}\p{Cs}]/u;
// Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
const nonCharacter =
  /[\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u;
// Format characters (zero-width space and joiners, word joiner, BOM, soft hyphen, bidi marks) and
// spaces: a value made only of these looks empty to a person.
const invisible = /[\p{Cf}\p{White_Space}]/gu;

/**
 * Why a reference-like value (a reference, code, SKU, source) cannot be an identifier, or null
 * when it can: no control characters, no noncharacters, not invisible, no surrounding spaces.
 * The one rule for every identifier; API schemas apply it after trimming.
 */
export function identifierProblem(value: string): string | null {
  if (controlOrSurrogate.test(value)) return 'no control characters';
  if (nonCharacter.test(value)) return 'no Unicode noncharacters (such as U+FFFF)';
  if (value.replace(invisible, '') === '') return 'at least one visible character';
  if (value !== value.trim()) return 'no leading or trailing spaces';
  return null;
}

// --- fixed-point numbers ---

/**
 * Whether a number has at most `places` decimals, so a numeric(p, places) column stores it
 * exactly on every dialect (SQLite would otherwise keep 12.345 where PostgreSQL and MariaDB round
 * to 12.35). Compared through the decimal string form, not by arithmetic: 12.35 has no exact
 * binary form, but it is the double nearest to "12.35", so it passes.
 */
export function hasAtMostDecimals(n: number, places: number): boolean {
  return Number.isFinite(n) && Number(n.toFixed(places)) === n;
}

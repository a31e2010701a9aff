import { createHash, type Hash } from 'node:crypto';
import { BackupError } from './errors.js';

/**
 * The canonical, dialect-neutral encoding of stored values. The same data gives the same JSON
 * text whether it was read from SQLite, MySQL/MariaDB or PostgreSQL, which is what lets a backup
 * restored into another dialect and backed up again carry identical checksums.
 *
 * - instant: ISO-8601 UTC with milliseconds, exactly `Date#toISOString()`;
 * - day: 'YYYY-MM-DD';
 * - integer, decimal, float: JSON numbers (drivers already read decimals as JS numbers);
 * - text: JSON strings;
 * - null for missing values, whatever the kind.
 */
export const columnKinds = ['integer', 'decimal', 'float', 'text', 'instant', 'day'] as const;
export type ColumnKind = (typeof columnKinds)[number];

/** A value as it appears in a backup row. */
export type CanonicalValue = string | number | null;

/**
 * The logical kind of a column from the type the database reports for it: SQLite's declared
 * type ('datetime', 'numeric(12, 3)'), MySQL's DATA_TYPE ('datetime', 'decimal') or
 * PostgreSQL's type name ('timestamptz', 'int8'). Undefined when the type is not one the
 * migrations use (see src/db/migrations/columns.ts), so a new type cannot slip through unnoticed.
 */
export function kindOfDeclaredType(declared: string): ColumnKind | undefined {
  const type = declared
    .trim()
    .toLowerCase()
    .replace(/\s*\(.*$/, '');
  if (type === 'date') return 'day';
  if (type === 'datetime' || type === 'timestamp' || type === 'timestamptz') return 'instant';
  if (type === 'timestamp with time zone') return 'instant';
  if (/^(integer|int|int[248]|bigint|smallint|tinyint|mediumint|bigserial|serial)$/.test(type))
    return 'integer';
  if (type === 'numeric' || type === 'decimal') return 'decimal';
  if (/^(real|double|double precision|float|float[48])$/.test(type)) return 'float';
  if (/^(varchar|character varying|char|character|text|bpchar|tinytext|mediumtext|longtext)$/.test(type)) {
    return 'text';
  }
  return undefined;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// Instants as SQLite may hold them: ISO-8601, or SQLite's own 'YYYY-MM-DD HH:MM:SS[.fff]'.
const STORED_INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The canonical form of a value read from a column of the given kind. Throws BACKUP_BAD_VALUE
 * (naming `where`) when the value cannot be what the column says, rather than writing a backup
 * that would restore differently.
 */
export function toCanonical(kind: ColumnKind, value: unknown, where = 'value'): CanonicalValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'instant':
      return canonicalInstant(value, where);
    case 'day':
      if (typeof value === 'string' && DAY.test(value) && isRealDay(value, 0)) return value;
      throw badValue(where, kind, value);
    case 'integer':
    case 'decimal':
    case 'float':
      return canonicalNumber(value, kind, where);
    case 'text':
      if (typeof value === 'string') return value;
      // SQLite's dynamic typing can hand back a number from a text column; its text is the value.
      if (typeof value === 'number' || typeof value === 'bigint') return String(value);
      throw badValue(where, kind, value);
  }
}

function canonicalInstant(value: unknown, where: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw badValue(where, 'instant', value);
    return value.toISOString();
  }
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value)) {
      if (isRealInstant(value)) return value;
      throw badValue(where, 'instant', value);
    }
    const match = STORED_INSTANT.exec(value);
    // Date.parse rolls impossible fields over (2025-02-30 is 2025-03-02, 24:00 the next day):
    // the fields are checked first, so a backup never holds a moment the database did not.
    if (match?.[1] && match[2] && isRealDay(match[1], 0) && isRealClock(match[2], 0)) {
      // SQLite's date functions write UTC without a zone; Date.parse would read that as local time.
      const ms = Date.parse(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`);
      if (!Number.isNaN(ms)) return new Date(ms).toISOString();
    }
  }
  throw badValue(where, 'instant', value);
}

function canonicalNumber(value: unknown, kind: ColumnKind, where: string): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = Number(value);
  // MySQL hands back integers beyond 2^53 and some drivers decimals as strings.
  else if (typeof value === 'string' && value.trim() !== '') n = Number(value);
  else throw badValue(where, kind, value);
  if (!Number.isFinite(n)) throw badValue(where, kind, value);
  // -0 and 0 are the same stored number; JSON would print both as 0 anyway.
  return n === 0 ? 0 : n;
}

function badValue(where: string, kind: ColumnKind, value: unknown): BackupError {
  const shown = value instanceof Date ? 'an invalid Date' : (JSON.stringify(value) ?? String(value));
  return new BackupError('BACKUP_BAD_VALUE', `${where}: ${shown.slice(0, 80)} is not a valid ${kind}`);
}

/** Whether a value read back from a backup file is in canonical form for its kind. */
export function isCanonical(kind: ColumnKind, value: unknown): value is CanonicalValue {
  if (value === null) return true;
  switch (kind) {
    case 'instant':
      return typeof value === 'string' && ISO_INSTANT.test(value) && isRealInstant(value);
    case 'day':
      return typeof value === 'string' && DAY.test(value) && isRealDay(value, 0);
    case 'integer':
    case 'decimal':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string';
  }
}

// Field checks on strings already shaped by ISO_INSTANT, DAY or STORED_INSTANT; they reject
// well-shaped impossible dates like 2025-02-30 or 24:00 that Date would silently roll over. They
// run for every instant of every row, so they read digits in place instead of parsing a Date
// (about 10x cheaper).
function isRealInstant(value: string): boolean {
  return isRealDay(value, 0) && isRealClock(value, 11);
}

/** 'YYYY-MM-DD' at `start`: a day the calendar has. */
function isRealDay(text: string, start: number): boolean {
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** 'HH:MM', optionally ':SS' and a fraction, at `start`: a time of day (no 24:00, no leap second). */
function isRealClock(text: string, start: number): boolean {
  if (digits(text, start, 2) > 23 || digits(text, start + 3, 2) > 59) return false;
  return text.charAt(start + 5) !== ':' || digits(text, start + 6, 2) <= 59;
}

function digits(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The value to hand the database for a canonical value: instants become Dates again. */
export function fromCanonical(kind: ColumnKind, value: CanonicalValue): unknown {
  if (value === null) return null;
  // MariaDB rejects 'T…Z' strings in DATETIME; a Date is bound correctly by every driver
  // (insertRows turns it back into ISO text for SQLite).
  return kind === 'instant' ? new Date(value) : value;
}

/** One backup row line: the canonical values, in the column order of the header. */
export function encodeRow(values: readonly CanonicalValue[]): string {
  return JSON.stringify(values);
}

/**
 * The checksum of one table: sha256 over its column names and then every row line in id order.
 * Row lines are the canonical encoding, so equal data gives equal checksums on every dialect.
 */
export class TableDigest {
  readonly #hash: Hash = createHash('sha256');
  #rows = 0;

  constructor(columnNames: readonly string[]) {
    this.#hash.update(`${JSON.stringify(columnNames)}\n`);
  }

  /** Adds one encoded row line (without its newline). */
  add(line: string): void {
    this.#hash.update(line);
    this.#hash.update('\n');
    this.#rows++;
  }

  get rows(): number {
    return this.#rows;
  }

  /** The hex sha256; the digest cannot be used afterwards. */
  finish(): string {
    return this.#hash.digest('hex');
  }
}

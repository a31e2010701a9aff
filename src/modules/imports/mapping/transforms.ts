import { compileDateParser, type DateParser } from './dates.js';
import { parseNumber } from './numbers.js';
import type { Transform } from './schema.js';
import { unitConverter } from './units.js';

/**
 * A field's transform chain, compiled once per mapping. Regular expressions get the `u` flag
 * (plus `i` when `ignoreCase`), `replace` also `g`; a field's `unknownPattern` ignores case and
 * `matches` does not (apply.ts). Unknown (null) passes through every step
 * but `default`. Text steps read numbers and booleans as their text; a list or an object fails.
 */

/** Why a step could not read its value; `rule` is the QuarantineReason rule. */
export class StepFailure {
  constructor(
    readonly rule: string,
    readonly problem: string,
    readonly value: unknown,
  ) {}
}

export type Chain = (value: unknown) => unknown;

export interface ChainOptions {
  /** The zone of dates without an offset, unless the step names one. */
  readonly timeZone: string;
  /** `unknown`: a value a step cannot read becomes null and the chain goes on. */
  readonly unparsable: 'error' | 'unknown';
}

/** The text of a single value, or a failure for a list or an object. */
export function textOf(value: unknown): string | StepFailure {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return new StepFailure('type', 'is a list or an object, not a single value', value);
}

/** A number, or text read as one with the separators inferred. */
function numberOf(value: unknown, locale?: Parameters<typeof parseNumber>[1]): number | StepFailure {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = parseNumber(value, locale);
    if (n !== null) return n;
  }
  return new StepFailure('number', 'is not a number', value);
}

function groupCount(source: string): number {
  return (new RegExp(`${source}|`, 'u').exec('') as RegExpExecArray).length - 1;
}

/** A text function that remembers its recent answers (files repeat cities and names row after row). */
function remembered(f: (text: string) => string): (text: string) => string {
  const memo = new Map<string, string>();
  return (text) => {
    let out = memo.get(text);
    if (out === undefined) {
      out = f(text);
      if (memo.size >= 4096) memo.clear();
      memo.set(text, out);
    }
    return out;
  };
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[^\p{L}\p{N}'’])(\p{L})/gu, (_, before: string, letter: string) => {
    return before + letter.toUpperCase();
  });
}

function compileStep(t: Transform, options: ChainOptions): Chain {
  switch (t.op) {
    case 'trim':
      return (v) => (typeof v === 'string' ? v.trim() : v);
    case 'case': {
      const to =
        t.to === 'lower'
          ? (s: string) => s.toLowerCase()
          : t.to === 'upper'
            ? (s: string) => s.toUpperCase()
            : remembered(titleCase);
      return (v) => {
        if (v === null) return v;
        const s = textOf(v);
        return typeof s === 'string' ? to(s) : s;
      };
    }
    case 'replace': {
      const regex = new RegExp(t.pattern, t.ignoreCase ? 'giu' : 'gu');
      return (v) => {
        if (v === null) return v;
        const s = textOf(v);
        return typeof s === 'string' ? s.replace(regex, t.with) : s;
      };
    }
    case 'extract': {
      const regex = new RegExp(t.pattern, t.ignoreCase ? 'iu' : 'u');
      const groups = groupCount(t.pattern);
      const group = t.group ?? (groups > 0 ? 1 : 0);
      if (group > groups) throw new Error(`the pattern has ${groups} group(s), not group ${group}`);
      return (v) => {
        if (v === null) return v;
        const s = textOf(v);
        if (typeof s !== 'string') return s;
        const m = regex.exec(s);
        if (!m) return new StepFailure('extract', `does not match the pattern ${t.pattern}`, v);
        return m[group] ?? null;
      };
    }
    case 'map': {
      const key = t.caseSensitive ? (s: string) => s.trim() : (s: string) => s.trim().toLowerCase();
      const values = new Map<string, unknown>();
      for (const [from, to] of Object.entries(t.values)) values.set(key(from), to);
      const otherwise = t.otherwise ?? 'error';
      return (v) => {
        if (v === null) return v;
        const s = textOf(v);
        if (typeof s !== 'string') return s;
        const k = key(s);
        if (values.has(k)) return values.get(k);
        if (otherwise === 'keep') return v;
        if (otherwise === 'unknown') return null;
        return new StepFailure('map', 'is not one of the values the mapping lists', v);
      };
    }
    case 'date': {
      const parse: DateParser = compileDateParser(t.formats, t.timeZone ?? options.timeZone);
      const problem = `is not a date in the format ${t.formats.join(' or ')}`;
      return (v) => {
        if (v === null) return v;
        if (typeof v !== 'string' && typeof v !== 'number') return new StepFailure('date', problem, v);
        return parse(v) ?? new StepFailure('date', problem, v);
      };
    }
    case 'number': {
      const locale = { decimal: t.decimal, thousands: t.thousands };
      return (v) => (v === null ? v : numberOf(v, locale));
    }
    case 'unit': {
      const convert = unitConverter(t.from, t.to);
      return (v) => {
        if (v === null) return v;
        const n = numberOf(v);
        return typeof n === 'number' ? convert(n) : n;
      };
    }
    case 'multiply':
      return (v) => {
        if (v === null) return v;
        const n = numberOf(v);
        return typeof n === 'number' ? n * t.by : n;
      };
    case 'default':
      return (v) => (v === null ? t.value : v);
  }
}

/**
 * Compiles a chain; `errors` says which steps cannot work (a unit across kinds, a date pattern
 * with unknown letters), by index. A failing step returns a StepFailure, or null (and the chain
 * goes on) when the field's `unparsable` is `unknown`.
 */
export function compileTransforms(
  transforms: readonly Transform[],
  options: ChainOptions,
): { readonly run: Chain; readonly errors: { readonly index: number; readonly message: string }[] } {
  const steps: Chain[] = [];
  const errors: { index: number; message: string }[] = [];
  transforms.forEach((t, index) => {
    try {
      steps.push(compileStep(t, options));
    } catch (error) {
      errors.push({ index, message: (error as Error).message });
    }
  });
  const lenient = options.unparsable === 'unknown';
  const run: Chain = (input) => {
    let v = input;
    for (let i = 0; i < steps.length; i++) {
      v = (steps[i] as Chain)(v);
      if (v instanceof StepFailure) {
        if (!lenient) return v;
        v = null;
      }
    }
    return v;
  };
  return { run: steps.length === 0 ? (v) => v : run, errors };
}

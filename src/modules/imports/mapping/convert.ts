import { countryCodeOf, currencyCodeOf } from './countries.js';
import { compileDateParser, dayOf } from './dates.js';
import type { TargetField } from './fields.js';
import { parseNumber } from './numbers.js';
import { StepFailure, textOf } from './transforms.js';

/**
 * The last step of every field: the chain's result → the target field's type. Enum values match
 * ignoring case, spaces, hyphens and underscores (`In Transit` → `in_transit`); booleans read
 * yes/no, true/false, y/n, 1/0; a date-only text stays that calendar day.
 */

const instantText = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const dayText = /^(\d{4})-(\d{2})-(\d{2})$/;
const trueTexts = new Set(['yes', 'true', '1', 'y']);
const falseTexts = new Set(['no', 'false', '0', 'n']);

function enumKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The conversion of a chain's result to the target field's type (a StepFailure when it cannot). */
export function converter(field: TargetField, zone: string, dayZone: string): (value: unknown) => unknown {
  switch (field.type) {
    case 'text':
    case 'reference':
      return textOf;
    case 'number':
    case 'integer': {
      const integer = field.type === 'integer';
      return (v) => {
        const n = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v) : null;
        if (n === null || !Number.isFinite(n)) return new StepFailure('number', 'is not a number', v);
        if (integer && !Number.isInteger(n)) return new StepFailure('integer', 'is not a whole number', v);
        return n;
      };
    }
    case 'instant': {
      const parse = compileDateParser(['iso'], zone);
      return (v) => {
        if (typeof v === 'string') {
          if (instantText.test(v)) return v;
          const out = parse(v);
          if (out !== null) return out;
        }
        return new StepFailure('date', 'is not an ISO 8601 date (add a date transform for other formats)', v);
      };
    }
    case 'day': {
      const parse = compileDateParser(['iso'], dayZone);
      return (v) => {
        if (typeof v === 'string') {
          const m = dayText.exec(v.trim());
          if (m) return parse(m[0]) !== null ? m[0] : new StepFailure('date', 'is not a calendar day', v);
          const instant = instantText.test(v) ? v : parse(v);
          const day = instant === null ? null : dayOf(instant, dayZone);
          if (day !== null) return day;
        }
        return new StepFailure('date', 'is not a date (YYYY-MM-DD or ISO 8601)', v);
      };
    }
    case 'enum': {
      const allowed = new Map((field.values ?? []).map((a) => [enumKey(a), a]));
      const problem = `is not one of ${(field.values ?? []).join(', ')}`;
      return (v) => {
        if (typeof v === 'string') {
          const hit = allowed.get(enumKey(v));
          if (hit !== undefined) return hit;
        }
        return new StepFailure('enum', problem, v);
      };
    }
    case 'boolean':
      return (v) => {
        if (typeof v === 'boolean') return v;
        const key = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().toLowerCase() : '';
        if (trueTexts.has(key)) return true;
        if (falseTexts.has(key)) return false;
        return new StepFailure('boolean', 'is not yes/no, true/false, y/n or 1/0', v);
      };
    case 'country':
      return (v) =>
        (typeof v === 'string' ? countryCodeOf(v) : null) ??
        new StepFailure('country', 'is not a country (an ISO code or an English name)', v);
    case 'currency':
      return (v) =>
        (typeof v === 'string' ? currencyCodeOf(v) : null) ??
        new StepFailure('currency', 'is not a currency (an ISO 4217 code such as USD)', v);
  }
}

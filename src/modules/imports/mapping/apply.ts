import { AppError, type FieldError } from '../../../lib/errors.js';
import type { RecordValue, SourceRecord } from '../formats/types.js';
import { converter } from './convert.js';
import type { LookupRequest, LookupTable, TargetField } from './fields.js';
import {
  defaultUnknownTexts,
  type FieldMapping,
  type MappingDefinition,
  mappingDefinition,
  type QuarantineReason,
} from './schema.js';
import { type Chain, compileTransforms, StepFailure } from './transforms.js';

/**
 * The mapping engine: a definition is compiled once against a target's fields (every pattern,
 * parser and lookup decided up front), then applied to each record. Decisions:
 * - A column absent from a record reads as unknown (JSON records leave keys out); for tables,
 *   checkMapping finds columns missing from the header before any row is read.
 * - A dotted column is first a column of that exact name, then a path into objects and lists.
 * - Unknown texts (exact after trim, ignoring case) and `unknownPattern` (case ignored) are
 *   checked on each source value before the transforms; an empty text after them is unknown.
 * - `matches` is case-sensitive; `oneOf` ignores case for texts.
 */

export interface MappedRecord {
  /** Target field → typed value (null: unknown). */
  readonly values: Record<string, unknown>;
  readonly lookups: LookupRequest[];
  readonly reasons: QuarantineReason[];
}

interface CompiledField {
  readonly name: string;
  readonly label: string;
  readonly column: string | undefined;
  readonly columns: readonly string[];
  readonly read: (values: SourceRecord['values']) => unknown;
  readonly run: Chain;
  readonly convert: (value: unknown) => unknown;
  readonly checks: readonly ((value: unknown) => string | null)[];
  readonly checkRules: readonly string[];
  readonly required: boolean;
  readonly lenient: boolean;
  readonly lookup: {
    readonly table: LookupTable;
    readonly by: 'name' | 'code';
    readonly create: boolean;
  } | null;
}

export interface CompiledMapping {
  readonly definition: MappingDefinition;
  readonly fields: readonly CompiledField[];
}

const MAX_VALUE = 200;

function shown(value: unknown): unknown {
  return typeof value === 'string' && value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) : value;
}

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

/** Reads a column, or a dotted path into objects and lists when no column has that name. */
function getter(path: string): (values: SourceRecord['values']) => unknown {
  const segments = path.split('.');
  if (segments.length === 1) {
    return (values) => {
      const v = values[path];
      return typeof v === 'function' ? undefined : v;
    };
  }
  return (values) => {
    const direct = values[path];
    if (direct !== undefined && typeof direct !== 'function') return direct;
    let current: unknown = values;
    for (const s of segments) {
      if (current === null || typeof current !== 'object') return undefined;
      current = Array.isArray(current) ? current[Number(s)] : (current as Record<string, RecordValue>)[s];
    }
    return typeof current === 'function' ? undefined : current;
  };
}

function unknownTest(texts: readonly string[], pattern: string | undefined): (text: string) => boolean {
  const set = new Set(texts.map((t) => t.trim().toLowerCase()));
  const maxLength = Math.max(0, ...[...set].map((t) => t.length));
  const regex = pattern ? new RegExp(pattern, 'iu') : null;
  return (text) => {
    // Only short texts can be in the list: spare the lower-casing of every long value.
    if (text.length <= maxLength + 8) {
      const key = text.trim().toLowerCase();
      if (set.has(key)) return true;
    }
    return regex ? regex.test(text) : false;
  };
}

function compileField(
  name: string,
  mapping: FieldMapping,
  field: TargetField,
  definition: MappingDefinition,
  errors: FieldError[],
): CompiledField {
  const path = `fields.${name}`;
  const zone = definition.timeZone ?? 'UTC';
  const unparsable = mapping.unparsable ?? 'error';
  const transforms = mapping.transforms ?? [];
  const chain = compileTransforms(transforms, { timeZone: zone, unparsable });
  for (const e of chain.errors) errors.push({ path: `${path}.transforms.${e.index}`, message: e.message });
  const lastDate = [...transforms].reverse().find((t) => t.op === 'date');
  const dayZone = (lastDate?.op === 'date' ? lastDate.timeZone : undefined) ?? zone;

  if (mapping.lookup && field.type !== 'reference') {
    errors.push({
      path: `${path}.lookup`,
      message: `${name} is a ${field.type} field, not a reference: remove lookup`,
    });
  }
  const numeric = field.type === 'number' || field.type === 'integer';
  for (const bound of ['min', 'max'] as const) {
    if (mapping[bound] !== undefined && !numeric) {
      errors.push({
        path: `${path}.${bound}`,
        message: `${bound} applies to number fields; ${name} is ${field.type}`,
      });
    }
  }
  if (mapping.min !== undefined && mapping.max !== undefined && mapping.min > mapping.max) {
    errors.push({ path: `${path}.min`, message: `min ${mapping.min} is above max ${mapping.max}` });
  }

  const isUnknown = unknownTest(
    mapping.unknown ?? definition.unknown ?? defaultUnknownTexts,
    mapping.unknownPattern,
  );
  const known = (v: unknown): unknown => {
    if (v === undefined || v === null) return null;
    return typeof v === 'string' && isUnknown(v) ? null : v;
  };
  let read: (values: SourceRecord['values']) => unknown;
  if (mapping.column !== undefined) {
    const get = getter(mapping.column);
    read = (values) => known(get(values));
  } else if (mapping.columns !== undefined) {
    const gets = mapping.columns.map(getter);
    const separator = mapping.separator ?? ' ';
    read = (values) => {
      let out: string | null = null;
      for (const get of gets) {
        const part = known(get(values));
        if (part === null) continue;
        const text = typeof part === 'object' ? JSON.stringify(part) : String(part);
        out = out === null ? text : out + separator + text;
      }
      return out;
    };
  } else {
    const constant = mapping.value ?? null;
    read = () => constant;
  }

  const checks: ((value: unknown) => string | null)[] = [];
  const checkRules: string[] = [];
  if (mapping.min !== undefined) {
    const min = mapping.min;
    checks.push((v) => (typeof v === 'number' && v < min ? `is below the minimum ${min}` : null));
    checkRules.push('min');
  }
  if (mapping.max !== undefined) {
    const max = mapping.max;
    checks.push((v) => (typeof v === 'number' && v > max ? `is above the maximum ${max}` : null));
    checkRules.push('max');
  }
  if (mapping.matches !== undefined) {
    const regex = new RegExp(mapping.matches, 'u');
    const source = mapping.matches;
    checks.push((v) => (regex.test(String(v)) ? null : `does not match the pattern ${source}`));
    checkRules.push('matches');
  }
  if (mapping.oneOf !== undefined) {
    const allowed = new Set(mapping.oneOf.map((o) => (typeof o === 'string' ? o.toLowerCase() : o)));
    const list = mapping.oneOf.map(String).join(', ');
    checks.push((v) =>
      allowed.has(typeof v === 'string' ? v.toLowerCase() : (v as never)) ? null : `is not one of ${list}`,
    );
    checkRules.push('oneOf');
  }

  const columns = mapping.column !== undefined ? [mapping.column] : (mapping.columns ?? []);
  const label =
    columns.length === 0
      ? `the value for ${name}`
      : `${columns.length > 1 ? 'columns' : 'column'} ${columns.join(' + ')}`;
  const convert = converter(field, zone, dayZone);

  if (mapping.value !== undefined && mapping.value !== null && transforms.length === 0) {
    const out = convert(mapping.value);
    if (out instanceof StepFailure)
      errors.push({ path: `${path}.value`, message: `${quoted(mapping.value)} ${out.problem}` });
  }

  return {
    name,
    label,
    column: columns.length > 0 ? columns.join(', ') : undefined,
    columns,
    read,
    run: chain.run,
    convert,
    checks,
    checkRules,
    required: mapping.required ?? field.required ?? false,
    lenient: unparsable === 'unknown',
    lookup:
      field.type === 'reference' && field.lookup
        ? { table: field.lookup, by: mapping.lookup?.by ?? 'name', create: mapping.lookup?.create ?? false }
        : null,
  };
}

/** Compiles a mapping against a target's fields; throws IMPORT_MAPPING_INVALID listing every problem. */
export function compileMapping(
  definition: MappingDefinition,
  fields: readonly TargetField[],
): CompiledMapping {
  const parsed = mappingDefinition.safeParse(definition);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  const errors: FieldError[] = [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const compiled: CompiledField[] = [];
  for (const [name, mapping] of Object.entries(parsed.data.fields)) {
    const field = byName.get(name);
    if (!field) {
      errors.push({
        path: `fields.${name}`,
        message: `${name} is not a field of ${definition.target}; its fields are ${fields.map((f) => f.name).join(', ')}`,
      });
      continue;
    }
    compiled.push(compileField(name, mapping, field, parsed.data, errors));
  }
  for (const field of fields) {
    if (field.required && !(field.name in parsed.data.fields)) {
      errors.push({
        path: `fields.${field.name}`,
        message: `${field.name} is required by ${definition.target}: map it from a column or give it a value`,
      });
    }
  }
  if (errors.length > 0) throw invalid(errors);
  return { definition: parsed.data, fields: compiled };
}

function invalid(errors: FieldError[]): AppError {
  return new AppError(
    'IMPORT_MAPPING_INVALID',
    `The mapping cannot be used: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`,
    { errors },
  );
}

/** Columns the mapping reads that a table's header lacks (a dotted path counts when its first part is a column). */
export function checkMapping(compiled: CompiledMapping, columns: readonly string[]): FieldError[] {
  const header = new Set(columns);
  const problems: FieldError[] = [];
  for (const field of compiled.fields) {
    const mapping = compiled.definition.fields[field.name] as FieldMapping;
    field.columns.forEach((column, i) => {
      if (header.has(column) || header.has(column.split('.')[0] as string)) return;
      const listed = columns.length > 12 ? `${columns.slice(0, 12).join(', ')}, …` : columns.join(', ');
      problems.push({
        path:
          mapping.column !== undefined ? `fields.${field.name}.column` : `fields.${field.name}.columns.${i}`,
        message: `the file has no column ${quoted(column)}; its columns are ${listed}`,
      });
    });
  }
  return problems;
}

/** Maps one record: typed values per target field, the references to resolve, and why it cannot load. */
export function applyMapping(compiled: CompiledMapping, record: SourceRecord): MappedRecord {
  const values: Record<string, unknown> = {};
  const lookups: LookupRequest[] = [];
  const reasons: QuarantineReason[] = [];
  if (record.problem !== undefined) {
    const raw = record.values._raw;
    reasons.push({
      field: 'record',
      ...(typeof raw === 'string' ? { value: shown(raw) } : {}),
      rule: 'record',
      message: record.problem,
    });
    return { values, lookups, reasons };
  }
  const source = record.values;
  for (const f of compiled.fields) {
    const raw = f.read(source);
    let v = f.run(raw);
    if (typeof v === 'string' && v.trim() === '') v = null;
    if (v !== null && !(v instanceof StepFailure)) v = f.convert(v);
    let reported = false;
    if (v instanceof StepFailure) {
      if (!f.lenient) {
        reasons.push(reason(f, raw, v.rule, `${quoted(raw)} in ${f.label} ${v.problem}`));
        reported = true;
      }
      v = null;
    }
    values[f.name] = v;
    if (v === null) {
      // An unreadable value already says why; "required" is for the empty and the unknown.
      if (f.required && !reported)
        reasons.push(reason(f, raw, 'required', `${f.name} is required, but ${f.label} is empty or unknown`));
      continue;
    }
    for (let i = 0; i < f.checks.length; i++) {
      const problem = (f.checks[i] as (value: unknown) => string | null)(v);
      if (problem !== null)
        reasons.push(reason(f, raw, f.checkRules[i] as string, `${quoted(v)} in ${f.label} ${problem}`));
    }
    if (f.lookup !== null) {
      lookups.push({
        field: f.name,
        table: f.lookup.table,
        by: f.lookup.by,
        text: String(v),
        create: f.lookup.create,
      });
    }
  }
  return { values, lookups, reasons };
}

function reason(f: CompiledField, raw: unknown, rule: string, message: string): QuarantineReason {
  return {
    field: f.name,
    ...(f.column !== undefined ? { column: f.column } : {}),
    ...(raw !== null && raw !== undefined ? { value: shown(raw) } : {}),
    rule,
    message,
  };
}

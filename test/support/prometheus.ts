/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: it throws
 * on anything a Prometheus server would refuse or misread — a malformed line, a sample before
 * its family's TYPE, a family declared twice, a duplicate series, histogram buckets that are not
 * cumulative or whose +Inf bucket disagrees with _count — so a test that parses /metrics shows
 * the whole answer is scrapeable, not just that some substring occurs.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string | null;
  readonly samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// Values are read as Go's strconv.ParseFloat reads them (Prometheus does): NaN and Inf in any case.
const VALUE = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?|nan)$/i;
const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Parses an exposition; returns its families by name. */
export function parsePrometheusText(text: string): Map<string, Family> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  const series = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const where = `line ${index + 1}: ${line}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const comment = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!comment) return; // other comments are allowed and ignored
      const [, kind, name = '', rest = ''] = comment;
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name, ${where}`);
      if (kind === 'HELP') {
        if (helps.has(name)) throw new Error(`second HELP for ${name}, ${where}`);
        helps.set(name, unescapeHelp(rest, where));
        const family = families.get(name);
        if (family) families.set(name, { ...family, help: helps.get(name) ?? null });
        return;
      }
      if (!TYPES.has(rest)) throw new Error(`unknown type, ${where}`);
      if (families.has(name)) throw new Error(`second TYPE for ${name}, ${where}`);
      families.set(name, { name, type: rest as MetricType, help: helps.get(name) ?? null, samples: [] });
      return;
    }
    const sample = parseSample(line, where);
    const family = familyOf(families, sample.name);
    if (!family) throw new Error(`sample without a TYPE line before it, ${where}`);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (series.has(key)) throw new Error(`duplicate series, ${where}`);
    series.add(key);
    family.samples.push(sample);
  });
  for (const family of families.values()) {
    if (family.type === 'histogram') checkHistogram(family);
  }
  return families;
}

/** The family a sample belongs to: its own name, or a histogram's or summary's base name. */
function familyOf(families: Map<string, Family>, name: string): Family | undefined {
  const own = families.get(name);
  if (own) return own;
  const suffix = /_(bucket|sum|count)$/.exec(name);
  if (!suffix) return undefined;
  const base = families.get(name.slice(0, -suffix[0].length));
  if (!base) return undefined;
  if (base.type === 'histogram') return base;
  if (base.type === 'summary' && suffix[1] !== 'bucket') return base;
  return undefined;
}

function parseSample(line: string, where: string): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) throw new Error(`bad sample, ${where}`);
  const name = nameMatch[0];
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      const labelMatch = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(i));
      if (!labelMatch?.[1] || !LABEL_NAME.test(labelMatch[1])) throw new Error(`bad label, ${where}`);
      i += labelMatch[0].length;
      let value = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) throw new Error(`unterminated label value, ${where}`);
        i++;
        if (c === '"') break;
        if (c === '\\') {
          const escaped = line[i++];
          if (escaped === 'n') value += '\n';
          else if (escaped === '\\' || escaped === '"') value += escaped;
          else throw new Error(`bad escape in a label value, ${where}`);
        } else value += c;
      }
      if (labelMatch[1] in labels) throw new Error(`label ${labelMatch[1]} twice, ${where}`);
      labels[labelMatch[1]] = value;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') throw new Error(`expected , or } after a label, ${where}`);
    }
    i++;
  }
  if (line[i] !== ' ') throw new Error(`expected a space before the value, ${where}`);
  const [value = '', timestamp, extra] = line.slice(i + 1).split(' ');
  if (!VALUE.test(value)) throw new Error(`bad value, ${where}`);
  if (timestamp !== undefined && !/^-?\d+$/.test(timestamp)) throw new Error(`bad timestamp, ${where}`);
  if (extra !== undefined) throw new Error(`trailing text, ${where}`);
  return { name, labels, value: parseFloatValue(value) };
}

function parseFloatValue(text: string): number {
  if (/^nan$/i.test(text)) return Number.NaN;
  const infinite = /^([+-]?)inf(?:inity)?$/i.exec(text);
  if (infinite) return infinite[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(text);
}

function unescapeHelp(text: string, where: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => {
    if (c === 'n') return '\n';
    if (c === '\\') return '\\';
    throw new Error(`bad escape in HELP, ${where}`);
  });
}

function checkHistogram(family: Family): void {
  const groups = new Map<string, { buckets: [number, number][]; count?: number }>();
  const groupOf = (labels: Readonly<Record<string, string>>) => {
    const { le: _le, ...rest } = labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    let group = groups.get(key);
    if (!group) {
      group = { buckets: [] };
      groups.set(key, group);
    }
    return group;
  };
  for (const s of family.samples) {
    if (s.name.endsWith('_bucket')) {
      if (s.labels.le === undefined) throw new Error(`${s.name} without le`);
      groupOf(s.labels).buckets.push([parseFloatValue(s.labels.le), s.value]);
    } else if (s.name.endsWith('_count')) groupOf(s.labels).count = s.value;
  }
  for (const [key, group] of groups) {
    const sorted = [...group.buckets].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) {
      if ((sorted[i]?.[1] ?? 0) < (sorted[i - 1]?.[1] ?? 0))
        throw new Error(`${family.name}${key}: buckets are not cumulative`);
    }
    const inf = sorted.at(-1);
    if (!inf || inf[0] !== Number.POSITIVE_INFINITY) throw new Error(`${family.name}${key}: no +Inf bucket`);
    if (group.count !== inf[1]) throw new Error(`${family.name}${key}: +Inf bucket is not _count`);
  }
}

/** The value of the one sample with exactly these labels (undefined when there is none). */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const family = familyOf(families, name);
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return family?.samples.find(
    (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted,
  )?.value;
}

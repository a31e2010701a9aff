import type { EntityValue, Vocabulary } from '../../engine/types.js';
import { estimateTokens } from '../context.js';

/** What the prompt says about the semantic layer: the fields of the analytics catalog it uses. */
export interface PromptCatalog {
  readonly metrics: readonly {
    readonly name: string;
    readonly label: string;
    readonly synonyms: readonly string[];
    readonly description: string;
    readonly unit: string;
    readonly format: string;
    readonly better: 'higher' | 'lower' | 'neither';
    readonly dimensions: readonly string[];
    readonly filters: readonly string[];
    readonly needsTimeRange: boolean;
  }[];
  readonly dimensions: readonly {
    readonly name: string;
    readonly label: string;
    readonly synonyms: readonly string[];
    readonly description: string;
    readonly type: string;
    readonly values: readonly string[] | null;
    readonly filterOnly: boolean;
  }[];
}

/** Fills every {{name}} of a template; a placeholder without a value is a programming error. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`The prompt template needs a value for {{${name}}}`);
    return value;
  });
}

/** The catalog sections of the prompt: metrics, the dimension sets they share, dimensions. */
export function catalogSections(catalog: PromptCatalog): {
  metrics: string;
  dimensionSets: string;
  dimensions: string;
} {
  const sets = new Map<string, { letter: string; groups: readonly string[]; filters: readonly string[] }>();
  const setOf = (m: PromptCatalog['metrics'][number]) => {
    const key = `${m.dimensions.join(',')}|${m.filters.join(',')}`;
    let set = sets.get(key);
    if (!set) {
      set = { letter: String.fromCharCode(65 + sets.size), groups: m.dimensions, filters: m.filters };
      sets.set(key, set);
    }
    return set.letter;
  };
  const metrics = catalog.metrics.map((m) => {
    const better = m.better === 'neither' ? '' : `, ${m.better} is better`;
    const needs = m.needsTimeRange ? ' Needs a timeRange.' : '';
    return `- ${m.name}: ${m.label}; ${m.unit} (${m.format})${better}; set ${setOf(m)}; ${list(m.synonyms)}; ${m.description}.${needs}`;
  });
  const dimensionSets = [...sets.values()].map((s) => {
    const filterOnly = s.filters.filter((f) => !s.groups.includes(f));
    return `- ${s.letter}: ${s.groups.join(', ')}${filterOnly.length ? `; filter only: ${filterOnly.join(', ')}` : ''}`;
  });
  const dimensions = catalog.dimensions.map((d) => {
    const values = d.values ? `; values: ${d.values.join(', ')}` : '';
    const only = d.filterOnly ? '; filter only' : '';
    return `- ${d.name}: ${d.label}; ${d.type}${values}${only}; ${list(d.synonyms)}; ${d.description}`;
  });
  return {
    metrics: metrics.join('\n'),
    dimensionSets: dimensionSets.join('\n'),
    dimensions: dimensions.join('\n'),
  };
}

const list = (synonyms: readonly string[]) =>
  synonyms.length ? `synonyms: ${synonyms.join(', ')}` : 'no synonyms';

const MAX_ALIASES = 5;

/**
 * The organization's values, most frequent first, as many as fit the budget. Values come from
 * the organization's data, so each is written as a JSON string: a name holding quotes or line
 * breaks stays one value and cannot pose as part of the prompt.
 */
export function vocabularySection(entities: readonly EntityValue[], budgetTokens: number): string {
  const sorted = [...entities].sort(
    (a, b) => b.weight - a.weight || a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value),
  );
  const lines: string[] = [];
  let used = 0;
  for (const entity of sorted) {
    const line = entityLine(entity);
    const cost = estimateTokens(`${line}\n`);
    // Keep room for the line that says how many were left out.
    if (used + cost > budgetTokens - 12) break;
    lines.push(line);
    used += cost;
  }
  const left = sorted.length - lines.length;
  if (sorted.length === 0) return '(none known)';
  if (left > 0)
    lines.push(
      left === 1 ? '(1 less frequent value is not listed)' : `(${left} less frequent values are not listed)`,
    );
  return lines.join('\n');
}

function entityLine(e: EntityValue): string {
  const value = quote(e.value);
  const label = e.label && e.label !== e.value ? ` = ${quote(e.label)}` : '';
  const aliases = e.aliases.filter((a) => a && a !== e.value && a !== e.label).slice(0, MAX_ALIASES);
  return `- ${e.kind}: ${value}${label}${aliases.length ? ` [${aliases.map(quote).join(', ')}]` : ''}`;
}

const quote = (text: string) => JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);

/** "The data runs from … to …", or that there is none yet. */
export function dataRangeSentence(range: Vocabulary['dataRange']): string {
  return range
    ? `The organization's data runs from ${range.from} to ${range.to}.`
    : 'The organization has no shipments yet.';
}

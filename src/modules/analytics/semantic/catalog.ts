import { AppError } from '../../../lib/errors.js';
import { dimensionNamed, dimensions } from './dimensions.js';
import { factOf } from './facts.js';
import { metricNamed, metrics } from './metrics.js';
import type { DimensionDefinition, FactName, MetricDefinition } from './types.js';

/** The facts a metric reads. */
export function factsOfMetric(metric: MetricDefinition): FactName[] {
  const names = new Set<FactName>(metric.parts.map((p) => p.fact));
  if (metric.percentile) names.add(metric.percentile.fact);
  return [...names];
}

/** The dimensions (and filter fields) every fact of the metric has. */
export function dimensionsOfMetric(metric: MetricDefinition): DimensionDefinition[] {
  const facts = factsOfMetric(metric).map(factOf);
  return dimensions.filter((d) => facts.every((f) => d.name in f.dimensions));
}

/** Resolves a metric name or throws ANALYTICS_UNKNOWN_NAME with the closest names. */
export function resolveMetric(name: string, path: string): MetricDefinition {
  const metric = metricNamed(name);
  if (metric) return metric;
  throw unknownName('metric', name, path, metrics);
}

/** Resolves a dimension (or filter field) name or throws ANALYTICS_UNKNOWN_NAME. */
export function resolveDimension(name: string, path: string): DimensionDefinition {
  const dimension = dimensionNamed(name);
  if (dimension) return dimension;
  throw unknownName('dimension', name, path, dimensions);
}

function unknownName(
  kind: 'metric' | 'dimension',
  name: string,
  path: string,
  candidates: readonly { name: string; synonyms: readonly string[] }[],
): AppError {
  const suggestions = closestNames(name, candidates);
  return new AppError(
    'ANALYTICS_UNKNOWN_NAME',
    `There is no ${kind} named "${name}"${suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''} GET /api/v1/analytics/catalog lists them all.`,
    { path, suggestions },
  );
}

/**
 * Up to three catalog names closest to a word, by edit distance to the name or any synonym
 * (case and separators ignored), best first.
 */
export function closestNames(
  word: string,
  candidates: readonly { name: string; synonyms: readonly string[] }[],
): string[] {
  const target = normalise(word);
  return candidates
    .map((c) => ({
      name: c.name,
      distance: Math.min(...[c.name, ...c.synonyms].map((s) => editDistance(target, normalise(s)))),
    }))
    .filter((c) => c.distance <= Math.max(3, Math.floor(target.length / 2)))
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1))
    .slice(0, 3)
    .map((c) => c.name);
}

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The catalog as the API shows it. */
export function catalogView(reportingCurrency: string) {
  return {
    reportingCurrency,
    metrics: metrics.map((metric) => ({
      name: metric.name,
      label: metric.label,
      synonyms: [...metric.synonyms],
      description: metric.description,
      unknowns: metric.unknowns,
      unit: metric.unit === 'money' ? reportingCurrency : metric.unit,
      format: metric.format,
      precision: metric.precision,
      better: metric.better,
      facts: factsOfMetric(metric),
      timeField: factsOfMetric(metric)
        .map((f) => factOf(f).description)
        .join('; '),
      dimensions: dimensionsOfMetric(metric)
        .filter((d) => !d.filterOnly)
        .map((d) => d.name),
      filters: dimensionsOfMetric(metric).map((d) => d.name),
      needsTimeRange: metric.needsTimeRange === true,
    })),
    dimensions: dimensions.map((d) => ({
      name: d.name,
      label: d.label,
      synonyms: [...d.synonyms],
      description: d.description,
      type: d.type,
      values: d.values ? [...d.values] : null,
      filterOnly: d.filterOnly === true,
    })),
  };
}

import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';

/** The kinds of chart the chooser picks from (see chartSpecOf for the rule). */
export const chartKinds = ['line', 'bar', 'stacked-bar', 'grouped-bar', 'scatter', 'kpi', 'table'] as const;
export type ChartKind = (typeof chartKinds)[number];

/** What a chart builder makes: the kind, the marks and encodings, and what the reader must be told. */
export interface ChartBody {
  readonly kind: ChartKind;
  /** Everything but data, title, description and config, which chartSpecOf adds. */
  readonly spec: NonNormalizedSpec;
  /** Sentences for the description: rows left out, and why. */
  readonly notes?: readonly string[];
}

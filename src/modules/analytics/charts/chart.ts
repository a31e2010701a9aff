import type { TopLevelSpec } from 'vega-lite';
import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { CellValue } from '../query/schema.js';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

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

/** A Vega-Lite spec as chartSpecOf makes it: the properties every chart has, typed. */
export type ChartSpec = TopLevelSpec & {
  readonly $schema: typeof VEGA_LITE_SCHEMA;
  readonly title: { readonly text: string; readonly subtitle: string[] };
  readonly description: string;
  readonly data: {
    readonly values: Record<string, CellValue>[];
    readonly format?: { readonly parse: Record<string, string> };
  };
  readonly usermeta: { readonly lanewise: { readonly chart: ChartKind } };
};

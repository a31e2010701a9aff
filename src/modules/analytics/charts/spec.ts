import type { Config } from 'vega-lite/types_unstable/config.js';
import type { CellValue, QueryResult, ResultColumn } from '../query/schema.js';
import { groupedChart, rankingChart, shareBarChart, stackedChart } from './bars.js';
import { type ChartBody, type ChartKind, type ChartSpec, VEGA_LITE_SCHEMA } from './chart.js';
import type { ChartInput } from './encoding.js';
import { defaultTitle, rangeOf } from './format.js';
import { kpiChart } from './kpi.js';
import { lineChart } from './line.js';
import { scatterChart } from './scatter.js';
import { isCount, isShare, nullCount, type ResultShape, shapeOf, shareAnAxis, sumsToOne } from './shape.js';
import { tableChart } from './table.js';

export const DEFAULT_WIDTH = 640;
/** What a dimension value that is null is called on a chart. */
export const NONE_LABEL = '(none)';

export interface ChartOptions {
  /** Replaces the title made from the metric and dimension labels. */
  readonly title?: string;
  /** Width of the plot in pixels (of each panel or tile row for composite charts). */
  readonly width?: number;
  /** Height of the plot in pixels; bar charts size by bar when left out. */
  readonly height?: number;
}

/**
 * The rule, in order (first match wins):
 * 1. no metric → table;
 * 2. a `period` column → line, one per value of a second dimension or one per metric (a third
 *    dimension → table);
 * 3. no dimension (one row) → KPI tiles;
 * 4. one dimension: one metric → a single stacked bar when it is a share that adds up to 100 %,
 *    else a ranking (horizontal bars sorted by value); two metrics → scatter; more of one unit
 *    → grouped bars; more of several units → table;
 * 5. two dimensions and one metric: a share adding up to 100 % per first-dimension value →
 *    normalised stacked bars; a count → stacked bars; anything else (rates, averages, which do
 *    not add up) → grouped bars;
 * 6. anything else → table.
 */
export function chooseChart(input: ChartInput): ChartBody {
  const { time, dimensions, metrics } = input.shape;
  const metric = metrics[0];
  if (!metric) return tableChart(input);
  if (time) return dimensions.length <= 1 ? lineChart(input) : tableChart(input);
  if (dimensions.length === 0) return kpiChart(input);
  if (dimensions.length === 1) {
    if (metrics.length === 1) {
      return isShare(metric) && sumsToOne(input.result, metric, null)
        ? shareBarChart(input)
        : rankingChart(input);
    }
    if (metrics.length === 2) return scatterChart(input);
    return shareAnAxis(metrics) ? groupedChart(input) : tableChart(input);
  }
  if (dimensions.length === 2 && metrics.length === 1) {
    if (isShare(metric) && sumsToOne(input.result, metric, dimensions[0] ?? null)) {
      return stackedChart(input, true);
    }
    return isCount(metric) ? stackedChart(input, false) : groupedChart(input);
  }
  return tableChart(input);
}

const kindWords: Record<ChartKind, string> = {
  line: 'Line chart',
  bar: 'Bar chart (ranking)',
  'stacked-bar': 'Stacked bar chart',
  'grouped-bar': 'Grouped bar chart',
  scatter: 'Scatter plot',
  kpi: 'Key figures',
  table: 'Table',
};

const config: Config = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: null },
  title: { anchor: 'start', fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555', offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 220 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
};

/**
 * A Vega-Lite v6 spec for a query result, the chart chosen from the result's shape (see
 * chooseChart). The data are inline; nothing in the spec is fetched.
 */
export function chartSpecOf(result: QueryResult, options: ChartOptions = {}): ChartSpec {
  const shape = shapeOf(result);
  const input: ChartInput = {
    result,
    shape,
    width: Math.round(options.width ?? DEFAULT_WIDTH),
    height: options.height === undefined ? undefined : Math.round(options.height),
  };
  const body = chooseChart(input);
  const title = options.title ?? defaultTitle(shape.metrics, shape.dimensions, shape.grain);
  const range = rangeOf(result);
  const description = [
    `${kindWords[body.kind]}: ${title}. ${range}.`,
    ...leftOut(result, shape),
    ...(body.notes ?? []),
    ...result.notes,
  ].join(' ');
  const time = shape.time;
  // A Vega-Lite spec is data to the type system: the builders check their pieces, the union of
  // every top-level form cannot follow a spread of a union, so the whole is asserted here.
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: [range, ...result.notes.slice(0, 2)] },
    description,
    data: {
      values: valuesOf(result, shape),
      // Periods are calendar days: parsed as UTC so no server or browser zone moves them.
      ...(time ? { format: { parse: { [time.name]: 'utc:"%Y-%m-%d"' } } } : {}),
    },
    ...body.spec,
    config,
    usermeta: { lanewise: { chart: body.kind } },
  } as ChartSpec;
}

/** The rows to draw: periods as plain days, null categories named. */
function valuesOf(result: QueryResult, shape: ResultShape): Record<string, CellValue>[] {
  const time = shape.time?.name;
  const dimensions = shape.dimensions.map((d) => d.name);
  return result.rows.map((row) => {
    const out: Record<string, CellValue> = { ...row };
    if (time) {
      const value = row[time];
      out[time] = typeof value === 'string' ? value.slice(0, 10) : null;
    }
    for (const name of dimensions) if (row[name] === null || row[name] === undefined) out[name] = NONE_LABEL;
    return out;
  });
}

/** Sentences on what is not drawn: values that are null. */
function leftOut(result: QueryResult, shape: ResultShape): string[] {
  const sentences = ['Missing (null) values are left out of the marks.'];
  if (result.rows.length === 0) sentences.push('The query returned no rows.');
  const columns: ResultColumn[] = [...(shape.time ? [shape.time] : []), ...shape.metrics];
  for (const column of columns) {
    const n = nullCount(result, column);
    if (n > 0) {
      sentences.push(`${n} of ${result.rows.length} rows have no ${column.label.toLowerCase()} value.`);
    }
  }
  const named = shape.dimensions.filter((d) => nullCount(result, d) > 0).map((d) => d.label.toLowerCase());
  if (named.length > 0) sentences.push(`Rows without a ${named.join(' or ')} are shown as ${NONE_LABEL}.`);
  return sentences;
}

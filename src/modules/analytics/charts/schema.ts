import { z } from 'zod';
import { queryResult, semanticQuery } from '../query/schema.js';
import { chartKinds, VEGA_LITE_SCHEMA } from './chart.js';

/** What the chart routes take: a semantic query and how to draw it. */
export const chartRequest = z
  .object({
    query: semanticQuery,
    title: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Replaces the title made from the metric and dimension labels' }),
    width: z
      .number()
      .int()
      .min(160)
      .max(2000)
      .optional()
      .meta({ description: 'Width of the plot in pixels (default 640)' }),
    height: z
      .number()
      .int()
      .min(60)
      .max(2000)
      .optional()
      .meta({ description: 'Height of the plot in pixels (default 360; bar charts grow with their bars)' }),
  })
  .strict();
export type ChartRequest = z.infer<typeof chartRequest>;

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * A Vega-Lite v6 specification. Only the properties every chart has are described; the marks,
 * encodings, transforms and layout are Vega-Lite's own (https://vega.github.io/vega-lite/docs/).
 */
export const vegaLiteSpec = z
  .looseObject({
    $schema: z.literal(VEGA_LITE_SCHEMA),
    title: z.object({ text: z.string(), subtitle: z.array(z.string()) }),
    description: z.string().meta({ description: 'The chart in words, and what it leaves out (null values)' }),
    data: z
      .object({
        values: z.array(z.record(z.string(), cell)),
        format: z
          .object({ parse: z.record(z.string(), z.string()) })
          .optional()
          .meta({ description: 'How the period column is read: calendar days, in UTC' }),
      })
      .meta({ description: 'Inline data: the rows of the query result (never a URL)' }),
    usermeta: z.object({
      lanewise: z.object({
        chart: z.enum(chartKinds).meta({ description: 'The kind of chart chosen from the result’s shape' }),
      }),
    }),
  })
  .meta({ description: 'A Vega-Lite v6 spec; render it with vega-embed, or ask charts:svg for the picture' });

export const chartSpecAnswer = z.object({
  spec: vegaLiteSpec,
  result: queryResult.meta({ description: 'The query result the spec was built from' }),
});

export const svgDocument = z.string().meta({
  description: 'A standalone SVG document: no scripts, no external references, text from the data escaped.',
  example: '<svg xmlns="http://www.w3.org/2000/svg" width="709" height="451" …>…</svg>',
});

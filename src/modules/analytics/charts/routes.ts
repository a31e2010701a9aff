import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../lib/api-schemas.js';
import { callerOf } from '../../auth/index.js';
import { runQuery } from '../query/run.js';
import type { ChartSpec } from './chart.js';
import { renderSvg } from './render.js';
import { type ChartRequest, chartRequest, chartSpecAnswer, svgDocument } from './schema.js';
import { chartSpecOf } from './spec.js';

const read = { access: { permission: 'analytics:read' } } as const;
const tags = ['analytics'];

/** A file name a header can carry: the title's words in ASCII, or "chart". */
export function fileNameOf(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${words || 'chart'}.svg`;
}

export interface ChartRouteOptions {
  /** Statement timeout of the query behind a chart (the one of /analytics/query). */
  readonly queryTimeoutMs?: number;
}

/** POST /api/v1/analytics/charts:spec and charts:svg: a query result drawn as a chart. */
export const chartRoutes: FastifyPluginAsyncZod<ChartRouteOptions> = async (app, options) => {
  const run = (request: FastifyRequest, query: ChartRequest['query']) =>
    runQuery(app.db, callerOf(request.auth), query, {
      ...(options.queryTimeoutMs === undefined ? {} : { timeoutMs: options.queryTimeoutMs }),
    });

  app.post(
    // "::" escapes the colon: the path is literally /analytics/charts:spec.
    '/analytics/charts::spec',
    {
      config: read,
      schema: {
        tags,
        summary: 'Chart a query (Vega-Lite spec)',
        description:
          'Runs the semantic query and answers a Vega-Lite v6 spec chosen from the shape of its result (a time series → line, one dimension and one metric → ranked bars, shares → stacked bars, a single value → KPI, two metrics → scatter, otherwise a table), with the result it was built from. The data are inline.',
        operationId: 'postAnalyticsChartsSpec',
        body: chartRequest,
        response: { 200: chartSpecAnswer, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { query, ...drawing } = request.body;
      const result = await run(request, query);
      // Figures of one organization: no shared cache may keep them.
      reply.header('cache-control', 'private, no-store');
      // The schema leaves the rest of a Vega-Lite spec open (an index signature TS types lack).
      const spec = chartSpecOf(result, drawing) as ChartSpec & Record<string, unknown>;
      return { spec, result };
    },
  );

  app.post(
    '/analytics/charts::svg',
    {
      config: read,
      schema: {
        tags,
        summary: 'Chart a query (SVG)',
        description:
          'The chart of charts:spec rendered on the server as an SVG document (for exports, reports and e-mail), inline with a file name from its title.',
        operationId: 'postAnalyticsChartsSvg',
        body: chartRequest,
        response: {
          200: { description: 'The chart as SVG', content: { 'image/svg+xml': { schema: svgDocument } } },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { query, ...drawing } = request.body;
      const result = await run(request, query);
      const spec = chartSpecOf(result, drawing);
      const svg = await renderSvg(spec);
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `inline; filename="${fileNameOf(spec.title.text)}"`)
        .type('image/svg+xml; charset=utf-8')
        .send(svg);
    },
  );
};

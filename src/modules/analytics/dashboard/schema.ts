import { z } from 'zod';
import { shipmentModes } from '../../../db/types.js';
import { countryCode, day, integerParam } from '../../../lib/api-schemas.js';
import { filter, grains, semanticQuery } from '../query/schema.js';

/**
 * The /api/v1 contract of the dashboard, the carrier scorecard and the lane analysis. Every
 * figure carries the semantic query that computes it, so POST /api/v1/analytics/query answers
 * the same number.
 */

const place = z.string().trim().min(1).max(120);

/** The scope every screen takes: a range of days and the shipment filters. */
const scopeFields = {
  from: day.optional().meta({
    description: 'First day (reporting time zone), with `to`; without both, the last 30 days ending today',
  }),
  to: day.optional().meta({ description: 'Last day (included), with `from`' }),
  mode: z.enum(shipmentModes).optional(),
  carrier: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'A carrier: its id (digits), or its name or SCAC (any case)' }),
  originCountry: countryCode.optional(),
  originCity: place.optional(),
  destinationCountry: countryCode.optional(),
  destinationCity: place.optional(),
};

export const dashboardQuery = z.object(scopeFields).strict();
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const scorecardQuery = z
  .object({
    ...scopeFields,
    // zod leaves defaults of transformed inputs out of the document, so the description says it.
    minShipments: integerParam({ min: 1, max: 1_000_000 })
      .default(20)
      .meta({ description: 'Delivered shipments a carrier needs in the period to be ranked (default 20)' }),
  })
  .strict();
export type ScorecardQuery = z.infer<typeof scorecardQuery>;

export const laneQuery = z
  .object({
    ...scopeFields,
    limit: integerParam({ min: 1, max: 500 })
      .default(50)
      .meta({ description: 'Lanes to list, by number of shipments (1–500, default 50)' }),
    minShipments: integerParam({ min: 1, max: 1_000_000 }).default(10).meta({
      description: 'Delivered shipments a carrier needs on a lane to be its best carrier (default 10)',
    }),
  })
  .strict();
export type LaneQuery = z.infer<typeof laneQuery>;

const dayRange = z.object({ from: z.string(), to: z.string() });

/** A semantic query as POST /api/v1/analytics/query takes it (defaults filled in). */
const figureQuery = semanticQuery.meta({
  id: 'AnalyticsFigureQuery',
  description: 'The semantic query of this figure: POST it to /api/v1/analytics/query to get the same number',
});

const value = z.number().nullable();
const ignoredFilters = z.array(z.string()).meta({
  description: 'Filters of the request this figure is not filtered by (they do not apply to its metric)',
});

/** How to show a metric's numbers (as the catalog and the query answer say). */
const display = {
  label: z.string(),
  unit: z.string().nullable().meta({ description: 'e.g. shipments, days, ratio, or the reporting currency' }),
  format: z.string().meta({ description: 'integer, decimal, percent or currency' }),
};
const column = z.object({ name: z.string(), ...display });

export const kpi = z.object({
  metric: z.string(),
  ...display,
  value,
  previous: value.meta({ description: 'The value over the previous period (previousRange)' }),
  change: value.meta({ description: 'value − previous' }),
  changePct: value.meta({ description: '(value − previous) ÷ |previous|; null when previous is 0 or null' }),
  better: z
    .enum(['higher', 'lower', 'neither'])
    .meta({ description: 'Which direction is good for this metric' }),
  assessment: z.enum(['improved', 'worsened', 'unchanged']).nullable().meta({
    description:
      'The change judged by `better`; null when the change is unknown or the metric has no better direction',
  }),
  ignoredFilters,
  query: figureQuery,
});
export type Kpi = z.infer<typeof kpi>;

export const trend = z.object({
  metric: z.string(),
  ...display,
  grain: z.enum(grains),
  points: z.array(z.object({ period: z.string(), value })).meta({
    description: 'Every period of the range, in order; a period without rows has the value of no rows',
  }),
  ignoredFilters,
  query: figureQuery,
});

const common = {
  range: dayRange,
  filters: z.array(filter).meta({ description: 'The filters of every figure (as semantic query filters)' }),
  notes: z.array(z.string()),
  dataVersion: z.number().int().meta({ description: 'The organization’s data version the figures saw' }),
  elapsedMs: z.number(),
};

export const dashboard = z
  .object({
    ...common,
    previousRange: dayRange,
    kpis: z.array(kpi),
    trends: z.array(trend),
  })
  .meta({ id: 'AnalyticsDashboard' });
export type Dashboard = z.infer<typeof dashboard>;

const carrierRef = z.object({ id: z.number().int(), name: z.string() });

const figures = {
  shipments: z.number(),
  deliveredShipments: z.number(),
  onTimeRate: value,
  avgTransitDays: value,
  costPerKg: value,
  freightCost: value,
};

export const carrierScorecard = z.object({
  carrier: carrierRef,
  ...figures,
  rank: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Among ranked carriers (1 = best); null when unranked' }),
  unrankedReason: z.string().nullable(),
  trend: z.array(z.object({ period: z.string(), onTimeRate: value, deliveredShipments: z.number() })),
});
export type CarrierScorecard = z.infer<typeof carrierScorecard>;

export const scorecards = z
  .object({
    ...common,
    minShipments: z.number().int(),
    rankRule: z.string(),
    grain: z.enum(grains).meta({ description: 'The grain of each carrier’s on-time trend' }),
    columns: z.array(column).meta({ description: 'Label, unit and format of each figure' }),
    carriers: z
      .array(carrierScorecard)
      .meta({ description: 'Ranked carriers by rank, then unranked ones by shipments' }),
    ranked: z.number().int(),
    unranked: z.number().int(),
    query: figureQuery,
    trendQueries: z.array(figureQuery),
  })
  .meta({ id: 'AnalyticsCarrierScorecards' });
export type Scorecards = z.infer<typeof scorecards>;

export const laneCarrier = z.object({ carrier: carrierRef, ...figures });
export type LaneCarrier = z.infer<typeof laneCarrier>;

export const laneAnalysis = z.object({
  lane: z.string(),
  ...figures,
  bestCarrier: laneCarrier
    .nullable()
    .meta({ description: 'By bestCarrierRule; null when no carrier qualifies' }),
  carriers: z.number().int().meta({ description: 'Carriers with shipments on the lane in the period' }),
  eligibleCarriers: z.number().int().meta({ description: 'Carriers the rule could choose from' }),
});
export type LaneAnalysis = z.infer<typeof laneAnalysis>;

export const lanes = z
  .object({
    ...common,
    limit: z.number().int(),
    minShipments: z.number().int(),
    bestCarrierRule: z.string(),
    columns: z.array(column),
    lanes: z.array(laneAnalysis),
    query: figureQuery,
    carrierQueries: z.array(figureQuery),
  })
  .meta({ id: 'AnalyticsLanes' });
export type Lanes = z.infer<typeof lanes>;

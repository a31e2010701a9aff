import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { day, id, instantOutput, integerParam, listQueryBase } from '../../lib/api-schemas.js';
import { MODEL_NAMES } from './engine/index.js';
import { SERIES_GRAINS, SERIES_KINDS } from './series/types.js';

/** The API shapes of /api/v1/forecasts (runs and series). */

export const seriesKind = z.enum(SERIES_KINDS).meta({
  description:
    'demand: units ordered of a product at its ship-from facility; lane_volume / carrier_volume: shipments',
});
export const seriesGrain = z.enum(SERIES_GRAINS).meta({ description: 'day, or ISO week (Monday)' });
const seriesClass = z.enum(['smooth', 'erratic', 'intermittent', 'lumpy']).meta({
  description: 'Demand pattern by the ADI/CV² rule (Syntetos, Boylan & Croston)',
});
const measure = (description: string) => z.number().nullable().meta({ description });

/** What a run is asked for; `maxHorizon` is the configured limit. */
export function runCreateOf(maxHorizon: number) {
  return z
    .object({
      grain: seriesGrain.default('week'),
      horizon: z
        .number()
        .int()
        .min(1)
        .max(maxHorizon)
        .optional()
        .meta({ description: `Periods ahead (default 13 weeks or 28 days; at most ${maxHorizon})` }),
      kinds: z.array(seriesKind).min(1).max(SERIES_KINDS.length).optional().meta({
        description: 'Which series (default all kinds)',
      }),
      series: z.array(z.string().min(1).max(300)).min(1).max(1000).optional().meta({
        description: 'Only these series keys (as GET /forecasts/series lists them)',
      }),
      modelVersion: z.number().int().min(1).max(1_000_000_000).optional().meta({
        description:
          'Run this forecast configuration version (e.g. a candidate, to compare it); default the active one',
      }),
    })
    .strict();
}

export const runStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;

/** A run's error measures over its series (means over the series that have the measure). */
export const runSummary = z
  .object({
    series: z.number().int(),
    failed: z.number().int(),
    byClass: z.record(z.string(), z.number().int()),
    byModel: z.record(z.string(), z.number().int()),
    mase: measure('Mean backtest MASE of the chosen models'),
    smape: measure('Mean backtest sMAPE, percent'),
    wape: measure('Mean backtest WAPE, a fraction'),
    rmsse: measure('Mean backtest RMSSE'),
    bias: measure('Mean backtest bias (forecast − actual, in the series’ units)'),
    coverage80: measure('Share of backtest actuals inside the 80 % intervals'),
    coverage95: measure('Share of backtest actuals inside the 95 % intervals'),
    seconds: z.number(),
  })
  .meta({ id: 'ForecastRunSummary' });

export const forecastRun = z
  .object({
    id,
    status: z.enum(runStatuses),
    modelVersion: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The forecast configuration version used' }),
    jobId: z.number().int().nullable(),
    grain: seriesGrain,
    horizon: z.number().int(),
    kinds: z.array(seriesKind),
    series: z.array(z.string()).nullable(),
    seriesTotal: z.number().int().nullable(),
    seriesDone: z.number().int(),
    seriesFailed: z.number().int(),
    dataFingerprint: z
      .string()
      .nullable()
      .meta({ description: 'SHA-256 of the series the run was fitted on' }),
    summary: runSummary.nullable(),
    error: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: instantOutput,
    startedAt: instantOutput.nullable(),
    finishedAt: instantOutput.nullable(),
  })
  .meta({ id: 'ForecastRun' });

export const runSorts = defineSorts(
  'forecast-runs',
  [{ key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false }],
  '-createdAt',
);
export const runListQuery = z
  .object({ ...listQueryBase, sort: runSorts.param, status: z.enum(runStatuses).optional() })
  .strict();

export const accuracy = z
  .object({
    backtestWindows: z.number().int().nullable(),
    mase: measure('Backtest MASE'),
    smape: measure('Backtest sMAPE, percent'),
    wape: measure('Backtest WAPE, a fraction'),
    rmsse: measure('Backtest RMSSE'),
    bias: measure('Backtest bias (forecast − actual)'),
    coverage80: measure('Share of backtest actuals inside the 80 % interval'),
    coverage95: measure('Share of backtest actuals inside the 95 % interval'),
    width80: measure('Mean width of the 80 % interval'),
    width95: measure('Mean width of the 95 % interval'),
  })
  .meta({ id: 'ForecastAccuracy' });

export const forecastSeriesItem = z
  .object({
    id,
    key: z.string(),
    kind: seriesKind,
    grain: seriesGrain,
    label: z.string(),
    productId: z.number().int().nullable(),
    facilityId: z.number().int().nullable(),
    carrierId: z.number().int().nullable(),
    lane: z.string().nullable(),
    class: seriesClass.nullable(),
    adi: z.number().nullable(),
    cv2: z.number().nullable(),
    model: z.string().nullable().meta({ description: 'The chosen model (or `combination`)' }),
    modelLabel: z.string().nullable().meta({ description: 'With its season, e.g. seasonal_naive(52)' }),
    components: z.array(z.object({ model: z.string(), season: z.number().int() })),
    intervalMethod: z.enum(['analytic', 'conformal', 'naive']).nullable(),
    accuracy,
    runId: z.number().int().nullable().meta({ description: 'The run that made the latest forecast' }),
    updatedAt: instantOutput,
  })
  .meta({ id: 'ForecastSeries' });

const point = z.object({
  period: day,
  step: z.number().int(),
  forecast: z.number(),
  lo80: z.number(),
  hi80: z.number(),
  lo95: z.number(),
  hi95: z.number(),
});

export const forecastSeriesDetail = forecastSeriesItem
  .extend({
    history: z.array(z.object({ period: day, value: z.number() })).meta({
      description: 'The values the forecast was fitted on, one per period',
    }),
    flags: z.object({ outliers: z.array(day), levelShifts: z.array(day) }).meta({
      description: 'Periods that look like outliers, and where the level shifted',
    }),
    forecast: z.array(point),
    candidates: z
      .array(z.object({ label: z.string(), mase: z.number(), rmsse: z.number(), smape: z.number() }))
      .meta({
        description:
          'Every model backtested, best first (by MASE; by RMSSE for intermittent and lumpy series)',
      }),
    skipped: z.array(z.object({ label: z.string(), reason: z.string() })),
    notes: z.array(z.string()),
  })
  .meta({ id: 'ForecastSeriesDetail' });

export const seriesSorts = defineSorts(
  'forecast-series',
  [
    { key: 'id', column: 'id', kind: 'number', nullable: false },
    { key: 'label', column: 'label', kind: 'text', nullable: false },
    { key: 'mase', column: 'mase', kind: 'number', nullable: true },
  ],
  'id',
);
export const seriesListQuery = z
  .object({
    ...listQueryBase,
    sort: seriesSorts.param,
    kind: seriesKind.optional(),
    grain: seriesGrain.optional(),
    class: seriesClass.optional(),
    model: z.string().max(32).optional(),
  })
  .strict();

const decimalParam = (min: number, max: number, description: string) =>
  z.coerce.number().min(min).max(max).optional().meta({ description });

export const riskQuery = z
  .object({
    serviceLevel: z.coerce
      .number()
      .min(0.5)
      .max(0.999)
      .default(0.95)
      .meta({ description: 'Target cycle service level, 0.5–0.999 (default 0.95)' }),
    leadTimeDays: decimalParam(
      0.5,
      365,
      'Replenishment lead time in days (default: observed inbound transit)',
    ),
    orderingCost: decimalParam(0, 1e9, 'Cost of placing one order (with holdingRate: EOQ)'),
    holdingRate: decimalParam(
      0.001,
      10,
      'Yearly holding cost as a fraction of unit cost (with orderingCost: EOQ)',
    ),
    facilityId: integerParam({ min: 1, max: Number.MAX_SAFE_INTEGER }).optional(),
    limit: integerParam({ min: 1, max: 500 })
      .default(50)
      .meta({ description: 'How many of the most at risk (1–500, default 50)' }),
  })
  .strict();

export const inventoryRisk = z
  .object({
    seriesId: id.meta({ description: 'The demand forecast series (GET /forecasts/series/{id})' }),
    productId: id,
    sku: z.string(),
    facilityId: id,
    facilityCode: z.string(),
    snapshotDate: day.meta({ description: 'The stock snapshot the numbers use' }),
    onHand: z.number(),
    allocated: z.number(),
    onOrder: z.number(),
    forecastPerWeek: z.number().meta({ description: 'Mean forecast units per week over the lead time' }),
    weeklyErrorSd: z
      .number()
      .meta({ description: 'σ of one week’s forecast error (from its 80 % interval)' }),
    forecastModel: z.string().nullable(),
    leadTimeDays: z.number(),
    leadTimeSdDays: z.number(),
    leadTimeSource: z.enum(['observed', 'organization', 'default', 'given']).meta({
      description:
        'observed: inbound transit to this facility over the last year; organization: to all its facilities; default: 7 days; given: the query’s leadTimeDays',
    }),
    leadTimeShipments: z
      .number()
      .int()
      .meta({ description: 'Delivered shipments the lead time was measured on' }),
    serviceLevel: z.number(),
    forecastOverLeadTime: z.number(),
    demandSdOverLeadTime: z.number(),
    safetyStock: z.number(),
    reorderPoint: z.number(),
    daysOfCover: z
      .number()
      .nullable()
      .meta({ description: '(on hand − allocated) ÷ daily forecast; null without demand' }),
    stockOutProbability: z.number().meta({
      description: 'P(demand over the lead time > on hand − allocated + on order)',
    }),
    belowReorderPoint: z.boolean(),
    eoq: z.number().nullable().meta({
      description:
        'Economic order quantity, when ordering and holding costs are given and the product has a unit cost',
    }),
    suggestedOrder: z
      .number()
      .meta({ description: 'Units to order now to be back above the reorder point (at least one EOQ)' }),
  })
  .meta({ id: 'InventoryRisk' });

export const riskList = z.object({
  asOf: day,
  data: z.array(inventoryRisk),
  nextCursor: z.null().meta({ description: 'Always null: a ranking, cut at `limit`' }),
  total: z
    .number()
    .int()
    .meta({ description: 'Product × facility pairs with a forecast and a stock snapshot' }),
});

export const modelKinds = ['forecast', 'delay_risk'] as const;
export const forecastModel = z
  .object({
    id,
    kind: z.enum(modelKinds),
    version: z.number().int(),
    status: z.enum(['candidate', 'active', 'archived']),
    params: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The configuration (forecast: engine, origins, models)' }),
    trainingFrom: day
      .nullable()
      .meta({ description: 'First period of the data its latest run was fitted on' }),
    trainingTo: day.nullable(),
    dataFingerprint: z.string().nullable(),
    metrics: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Its latest run’s summary' }),
    createdBy: z.string().nullable(),
    createdAt: instantOutput,
    promotedAt: instantOutput.nullable(),
  })
  .meta({ id: 'ModelVersion' });

export const modelSorts = defineSorts(
  'forecast-models',
  [{ key: 'version', column: 'version', kind: 'number', nullable: false }],
  '-version',
);
export const modelListQuery = z
  .object({ ...listQueryBase, sort: modelSorts.param, kind: z.enum(modelKinds).optional() })
  .strict();

export const candidateCreate = z
  .object({
    kind: z.literal('forecast'),
    params: z
      .object({
        origins: z
          .number()
          .int()
          .min(1)
          .max(10)
          .default(3)
          .meta({ description: 'Backtest windows per series' }),
        models: z.array(z.enum(MODEL_NAMES)).min(1).max(MODEL_NAMES.length).nullable().default(null).meta({
          description: 'Candidate models (null: every model that suits a series)',
        }),
      })
      .strict(),
  })
  .strict();

export const promoteBody = z
  .object({
    ifBetter: z.boolean().default(false).meta({
      description: 'Promote only if its latest run beat the active version’s on mean backtest MASE',
    }),
  })
  .strict();
export const rollbackBody = z.object({ kind: z.enum(modelKinds).default('forecast') }).strict();

export const delayRiskTrain = z
  .object({
    jobId: z
      .number()
      .int()
      .meta({ description: 'The forecasts.delay-risk job: follow it at GET /jobs/{jobId}' }),
  })
  .meta({ id: 'DelayRiskTraining' });

export const shipmentDelayRisk = z
  .object({
    shipmentId: id,
    probability: z.number().meta({ description: 'P(delivered late), by the active delay-risk model' }),
    baseline: z
      .number()
      .meta({ description: 'The carrier’s historical late rate on this lane (the yardstick)' }),
    factors: z
      .array(z.object({ name: z.string(), effect: z.number() }))
      .meta({ description: 'The three largest effects on the log-odds; positive raises the risk' }),
    modelVersion: z.number().int(),
    predictedAt: instantOutput,
  })
  .meta({ id: 'ShipmentDelayRisk' });

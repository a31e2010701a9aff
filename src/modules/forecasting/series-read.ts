import type { Kysely } from 'kysely';
import { listAnswer } from '../../db/keyset.js';
import { type DB, type Row, toDate } from '../../db/types.js';
import { calendarDayOf, nextBucket } from '../../lib/calendar-days.js';
import { AppError } from '../../lib/errors.js';
import { seriesSorts } from './schema.js';

/** Reading an organization's forecast series: the list, and one series with history and forecast. */

type SeriesRow = Row<'forecast_series'>;

export interface SeriesFilter {
  readonly sort: string;
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly includeTotal: boolean;
  readonly kind?: SeriesRow['kind'] | undefined;
  readonly grain?: SeriesRow['grain'] | undefined;
  readonly class?: NonNullable<SeriesRow['series_class']> | undefined;
  readonly model?: string | undefined;
}

/** The organization's series with their latest verdict. */
export function listForecastSeries(db: Kysely<DB>, orgId: number, q: SeriesFilter) {
  let query = db.selectFrom('forecast_series').selectAll().where('org_id', '=', orgId);
  if (q.kind !== undefined) query = query.where('kind', '=', q.kind);
  if (q.grain !== undefined) query = query.where('grain', '=', q.grain);
  if (q.class !== undefined) query = query.where('series_class', '=', q.class);
  if (q.model !== undefined) query = query.where('model', '=', q.model);
  return listAnswer(query, q, seriesSorts, (row) => seriesToApi(row as SeriesRow));
}

/** One series: its history, flags, latest forecast with intervals, and every candidate's score. */
export async function getForecastSeries(db: Kysely<DB>, orgId: number, id: number) {
  const row = await db
    .selectFrom('forecast_series')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('RESOURCE_NOT_FOUND', `No forecast series with id ${id}.`);
  const points =
    row.last_run_id === null
      ? []
      : await db
          .selectFrom('forecast_points')
          .select(['period', 'step', 'forecast', 'lo80', 'hi80', 'lo95', 'hi95'])
          .where('org_id', '=', orgId)
          .where('series_id', '=', id)
          .where('run_id', '=', row.last_run_id)
          .orderBy('step')
          .execute();
  const values = row.history ? (JSON.parse(row.history) as number[]) : [];
  let period = row.history_start ? calendarDayOf(row.history_start) : '';
  const history = values.map((value) => {
    const entry = { period, value };
    period = nextBucket(period, row.grain);
    return entry;
  });
  const details = row.details ? JSON.parse(row.details) : { candidates: [], skipped: [], notes: [] };
  return {
    ...seriesToApi(row),
    history,
    flags: row.flags ? JSON.parse(row.flags) : { outliers: [], levelShifts: [] },
    forecast: points.map((p) => ({
      period: calendarDayOf(p.period),
      step: p.step,
      forecast: Number(p.forecast),
      lo80: Number(p.lo80),
      hi80: Number(p.hi80),
      lo95: Number(p.lo95),
      hi95: Number(p.hi95),
    })),
    candidates: details.candidates,
    skipped: details.skipped,
    notes: details.notes,
  };
}

function seriesToApi(row: SeriesRow) {
  return {
    id: Number(row.id),
    key: row.series_key,
    kind: row.kind,
    grain: row.grain,
    label: row.label,
    productId: row.product_id === null ? null : Number(row.product_id),
    facilityId: row.facility_id === null ? null : Number(row.facility_id),
    carrierId: row.carrier_id === null ? null : Number(row.carrier_id),
    lane: row.lane,
    class: row.series_class,
    adi: row.adi,
    cv2: row.cv2,
    model: row.model,
    modelLabel: row.model_label,
    components: row.components ? JSON.parse(row.components) : [],
    intervalMethod: row.interval_method as 'analytic' | 'conformal' | 'naive' | null,
    accuracy: {
      backtestWindows: row.backtest_windows,
      mase: row.mase,
      smape: row.smape,
      wape: row.wape,
      rmsse: row.rmsse,
      bias: row.bias,
      coverage80: row.coverage80,
      coverage95: row.coverage95,
      width80: row.width80,
      width95: row.width95,
    },
    runId: row.last_run_id === null ? null : Number(row.last_run_id),
    updatedAt: toDate(row.updated_at).toISOString(),
  };
}

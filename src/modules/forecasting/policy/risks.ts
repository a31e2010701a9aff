import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/types.js';
import { addDays, calendarDayOf, todayIn } from '../../../lib/calendar-days.js';
import { computePolicy, errorSdFromInterval, type Policy } from './compute.js';

/**
 * The stock-out risk list: for every product × facility with a demand forecast and a stock
 * snapshot, its policy (safety stock, reorder point, EOQ, days of cover) and the probability
 * of running out before a replenishment ordered now arrives, ranked most at risk first. Each
 * entry carries the numbers that explain it. The lead time is the facility's observed inbound
 * transit time over the last year (delivered shipments to it), else the organization's, else a
 * week; a caller's `leadTimeDays` overrides all three.
 */

export interface RiskQuery {
  readonly serviceLevel: number;
  readonly leadTimeDays?: number | undefined;
  readonly orderingCost?: number | undefined;
  readonly holdingRate?: number | undefined;
  readonly facilityId?: number | undefined;
  readonly limit: number;
}

const DEFAULT_LEAD_DAYS = 7;

interface LeadTime {
  readonly days: number;
  readonly sdDays: number;
  readonly source: 'observed' | 'organization' | 'default' | 'given';
  readonly shipments: number;
}

/** The ranked risks of an organization, as of `now`. */
export async function inventoryRisks(db: Kysely<DB>, orgId: number, q: RiskQuery, now = new Date()) {
  const [forecasts, stock, leadTimes, zone] = await Promise.all([
    latestDemandForecasts(db, orgId, q.facilityId),
    latestStock(db, orgId, q.facilityId),
    observedLeadTimes(db, orgId, now),
    db.selectFrom('organizations').where('id', '=', orgId).select('reporting_timezone').executeTakeFirst(),
  ]);
  const stockByKey = new Map(stock.map((s) => [`${s.facility_id}:${s.product_id}`, s]));
  const risks = [];
  for (const f of forecasts) {
    const s = stockByKey.get(`${f.facilityId}:${f.productId}`);
    if (!s) continue;
    const lead = leadTimeFor(f.facilityId, leadTimes, q.leadTimeDays);
    const weeksAhead = Math.max(1, Math.ceil(lead.days / 7));
    const steps = f.points.slice(0, weeksAhead);
    const perPeriod = steps.reduce((sum, p) => sum + p.forecast, 0) / steps.length;
    const perWeek = f.grain === 'week' ? perPeriod : perPeriod * 7;
    const first = f.points[0] as (typeof f.points)[number];
    const periodSd = errorSdFromInterval(first.lo80, first.hi80);
    // A day's errors add up over a week like independent ones: σ_week = √7 · σ_day.
    const weeklyErrorSd = f.grain === 'week' ? periodSd : periodSd * Math.sqrt(7);
    const policy = computePolicy({
      onHand: Number(s.on_hand),
      allocated: Number(s.allocated),
      onOrder: Number(s.on_order),
      forecastPerWeek: perWeek,
      weeklyErrorSd,
      leadTimeDays: lead.days,
      leadTimeSdDays: lead.sdDays,
      serviceLevel: q.serviceLevel,
      orderingCost: q.orderingCost ?? null,
      holdingRate: q.holdingRate ?? null,
      unitCost: f.unitCost,
    });
    risks.push(riskToApi(f, s, lead, q.serviceLevel, perWeek, weeklyErrorSd, policy));
  }
  risks.sort(
    (a, b) =>
      b.stockOutProbability - a.stockOutProbability ||
      (a.daysOfCover ?? Number.POSITIVE_INFINITY) - (b.daysOfCover ?? Number.POSITIVE_INFINITY) ||
      a.seriesId - b.seriesId,
  );
  return {
    asOf: todayIn(zone?.reporting_timezone ?? 'UTC', now),
    data: risks.slice(0, q.limit),
    nextCursor: null,
    total: risks.length,
  };
}

function riskToApi(
  f: DemandForecast,
  s: StockRow,
  lead: LeadTime,
  serviceLevel: number,
  perWeek: number,
  weeklyErrorSd: number,
  p: Policy,
) {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    seriesId: f.seriesId,
    productId: f.productId,
    sku: f.sku,
    facilityId: f.facilityId,
    facilityCode: f.facilityCode,
    snapshotDate: calendarDayOf(s.snapshot_date),
    onHand: Number(s.on_hand),
    allocated: Number(s.allocated),
    onOrder: Number(s.on_order),
    forecastPerWeek: round(perWeek),
    weeklyErrorSd: round(weeklyErrorSd),
    forecastModel: f.model,
    leadTimeDays: round(lead.days),
    leadTimeSdDays: round(lead.sdDays),
    leadTimeSource: lead.source,
    leadTimeShipments: lead.shipments,
    serviceLevel,
    forecastOverLeadTime: round(p.forecastOverLeadTime),
    demandSdOverLeadTime: round(p.demandSdOverLeadTime),
    safetyStock: round(p.safetyStock),
    reorderPoint: round(p.reorderPoint),
    daysOfCover: p.daysOfCover === null ? null : round(p.daysOfCover),
    stockOutProbability: round(p.stockOutProbability),
    belowReorderPoint: p.belowReorderPoint,
    eoq: p.eoq === null ? null : round(p.eoq),
    suggestedOrder: round(p.suggestedOrder),
  };
}

interface DemandForecast {
  readonly seriesId: number;
  readonly productId: number;
  readonly facilityId: number;
  readonly sku: string;
  readonly facilityCode: string;
  readonly unitCost: number | null;
  readonly grain: 'day' | 'week';
  readonly model: string | null;
  readonly points: { forecast: number; lo80: number; hi80: number }[];
}

/** Each product × facility's latest demand forecast (weekly where both grains exist). */
async function latestDemandForecasts(
  db: Kysely<DB>,
  orgId: number,
  facilityId?: number,
): Promise<DemandForecast[]> {
  let query = db
    .selectFrom('forecast_series as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('facilities as f', 'f.id', 's.facility_id')
    .innerJoin('forecast_points as fp', (j) =>
      j.onRef('fp.series_id', '=', 's.id').onRef('fp.run_id', '=', 's.last_run_id'),
    )
    .where('s.org_id', '=', orgId)
    .where('s.kind', '=', 'demand')
    .select(['s.id', 's.product_id', 's.facility_id', 's.grain', 's.model', 'p.sku', 'p.unit_cost', 'f.code'])
    .select(['fp.step', 'fp.forecast', 'fp.lo80', 'fp.hi80'])
    .orderBy('s.id')
    .orderBy('fp.step');
  if (facilityId !== undefined) query = query.where('s.facility_id', '=', facilityId);
  const bySeries = new Map<string, DemandForecast>();
  for (const r of await query.execute()) {
    const key = `${r.facility_id}:${r.product_id}`;
    let entry = bySeries.get(key);
    if (entry && entry.seriesId !== Number(r.id)) {
      if (entry.grain === 'week') continue;
      if (r.grain !== 'week') continue;
      entry = undefined;
    }
    if (!entry) {
      entry = {
        seriesId: Number(r.id),
        productId: Number(r.product_id),
        facilityId: Number(r.facility_id),
        sku: r.sku,
        facilityCode: r.code,
        unitCost: r.unit_cost === null ? null : Number(r.unit_cost),
        grain: r.grain,
        model: r.model,
        points: [],
      };
      bySeries.set(key, entry);
    }
    entry.points.push({ forecast: Number(r.forecast), lo80: Number(r.lo80), hi80: Number(r.hi80) });
  }
  return [...bySeries.values()].filter((f) => f.points.length > 0);
}

type StockRow = Awaited<ReturnType<typeof latestStock>>[number];

/** The latest snapshot of each product × facility. */
function latestStock(db: Kysely<DB>, orgId: number, facilityId?: number) {
  let latest = db
    .selectFrom('inventory_snapshots')
    .where('org_id', '=', orgId)
    .select(['facility_id', 'product_id'])
    .select(sql<string>`max(snapshot_date)`.as('last_day'))
    .groupBy(['facility_id', 'product_id']);
  if (facilityId !== undefined) latest = latest.where('facility_id', '=', facilityId);
  return db
    .selectFrom('inventory_snapshots as i')
    .innerJoin(latest.as('l'), (j) =>
      j
        .onRef('l.facility_id', '=', 'i.facility_id')
        .onRef('l.product_id', '=', 'i.product_id')
        .onRef('l.last_day', '=', 'i.snapshot_date'),
    )
    .where('i.org_id', '=', orgId)
    .select(['i.facility_id', 'i.product_id', 'i.snapshot_date', 'i.on_hand', 'i.allocated', 'i.on_order'])
    .execute();
}

/** Mean and spread of inbound transit days per destination facility, and over the organization. */
async function observedLeadTimes(db: Kysely<DB>, orgId: number, now: Date) {
  const since = addDays(now.toISOString().slice(0, 10), -365);
  const rows = await db
    .selectFrom('shipments')
    .where('org_id', '=', orgId)
    .where('status', '=', 'delivered')
    .where('archived_at', 'is', null)
    .where('transit_days', 'is not', null)
    .where('delivery_day', '>=', since)
    .select('destination_facility_id')
    .select(sql<number | string>`count(*)`.as('n'))
    .select(sql<number | string>`sum(transit_days)`.as('total'))
    .select(sql<number | string>`sum(transit_days * transit_days)`.as('squares'))
    .groupBy('destination_facility_id')
    .execute();
  const stats = (n: number, total: number, squares: number) => {
    const mean = total / n;
    return {
      days: mean,
      sdDays: n > 1 ? Math.sqrt(Math.max(0, (squares - n * mean * mean) / (n - 1))) : 0,
      shipments: n,
    };
  };
  const byFacility = new Map<number, ReturnType<typeof stats>>();
  let n = 0;
  let total = 0;
  let squares = 0;
  for (const r of rows) {
    const count = Number(r.n);
    n += count;
    total += Number(r.total);
    squares += Number(r.squares);
    if (r.destination_facility_id !== null)
      byFacility.set(Number(r.destination_facility_id), stats(count, Number(r.total), Number(r.squares)));
  }
  return { byFacility, organization: n > 0 ? stats(n, total, squares) : null };
}

function leadTimeFor(
  facilityId: number,
  observed: Awaited<ReturnType<typeof observedLeadTimes>>,
  given?: number,
): LeadTime {
  if (given !== undefined) return { days: given, sdDays: 0, source: 'given', shipments: 0 };
  const own = observed.byFacility.get(facilityId);
  // A lead time of zero days (same-day transit) still takes a day to restock.
  if (own) return { ...own, days: Math.max(1, own.days), source: 'observed' };
  if (observed.organization)
    return {
      ...observed.organization,
      days: Math.max(1, observed.organization.days),
      source: 'organization',
    };
  return { days: DEFAULT_LEAD_DAYS, sdDays: 0, source: 'default', shipments: 0 };
}

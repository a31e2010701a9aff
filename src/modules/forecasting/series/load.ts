import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/types.js';
import { calendarDayOf } from '../../../lib/calendar-days.js';
import type { SeriesKind } from './types.js';

/**
 * Reads an organization's daily totals per series from its orders and shipments (the engine
 * buckets them into periods): units ordered per product and ship-from facility by order day
 * (cancelled and archived orders are not demand), shipments per lane and per carrier by ship
 * day (cancelled and archived shipments left out). Only days before `until` are read.
 */

/** One day's total of one series, before it has a key or a label. */
export interface DailyTotal {
  readonly kind: SeriesKind;
  readonly productId: number | null;
  readonly facilityId: number | null;
  readonly carrierId: number | null;
  readonly lane: string | null;
  readonly day: string;
  readonly value: number;
}

/** The daily totals of the asked kinds, days before `until` ('YYYY-MM-DD'). */
export async function loadDailyTotals(
  db: Kysely<DB>,
  orgId: number,
  kinds: readonly SeriesKind[],
  until: string,
): Promise<DailyTotal[]> {
  const totals: DailyTotal[] = [];
  if (kinds.includes('demand')) {
    const rows = await db
      .selectFrom('order_lines as l')
      .innerJoin('orders as o', (j) => j.onRef('o.id', '=', 'l.order_id').onRef('o.org_id', '=', 'l.org_id'))
      .where('l.org_id', '=', orgId)
      .where('o.status', '<>', 'cancelled')
      .where('o.archived_at', 'is', null)
      .where('o.order_date', '<', until)
      .select(['l.product_id', 'o.ship_from_facility_id', 'o.order_date'])
      .select(sql<number | string>`sum(l.qty_ordered)`.as('value'))
      .groupBy(['l.product_id', 'o.ship_from_facility_id', 'o.order_date'])
      .execute();
    for (const r of rows) {
      totals.push({
        kind: 'demand',
        productId: Number(r.product_id),
        facilityId: r.ship_from_facility_id === null ? null : Number(r.ship_from_facility_id),
        carrierId: null,
        lane: null,
        day: calendarDayOf(r.order_date),
        value: Number(r.value),
      });
    }
  }
  if (kinds.includes('lane_volume')) {
    const rows = await shipments(db, orgId, until)
      .where('lane', 'is not', null)
      .select(['lane', 'ship_day'])
      .select(sql<number | string>`count(*)`.as('value'))
      .groupBy(['lane', 'ship_day'])
      .execute();
    for (const r of rows) {
      totals.push({
        kind: 'lane_volume',
        productId: null,
        facilityId: null,
        carrierId: null,
        lane: r.lane,
        day: calendarDayOf(r.ship_day),
        value: Number(r.value),
      });
    }
  }
  if (kinds.includes('carrier_volume')) {
    const rows = await shipments(db, orgId, until)
      .where('carrier_id', 'is not', null)
      .select(['carrier_id', 'ship_day'])
      .select(sql<number | string>`count(*)`.as('value'))
      .groupBy(['carrier_id', 'ship_day'])
      .execute();
    for (const r of rows) {
      totals.push({
        kind: 'carrier_volume',
        productId: null,
        facilityId: null,
        carrierId: Number(r.carrier_id),
        lane: null,
        day: calendarDayOf(r.ship_day),
        value: Number(r.value),
      });
    }
  }
  return totals;
}

function shipments(db: Kysely<DB>, orgId: number, until: string) {
  return db
    .selectFrom('shipments')
    .where('org_id', '=', orgId)
    .where('status', '<>', 'cancelled')
    .where('archived_at', 'is', null)
    .where('ship_day', 'is not', null)
    .where('ship_day', '<', until);
}

/** Names for the series' labels: product SKUs, facility codes and carrier names by id. */
export async function loadNames(db: Kysely<DB>, orgId: number) {
  const [products, facilities, carriers] = await Promise.all([
    db.selectFrom('products').where('org_id', '=', orgId).select(['id', 'sku']).execute(),
    db.selectFrom('facilities').where('org_id', '=', orgId).select(['id', 'code']).execute(),
    db.selectFrom('carriers').where('org_id', '=', orgId).select(['id', 'name']).execute(),
  ]);
  return {
    product: new Map(products.map((p) => [Number(p.id), p.sku])),
    facility: new Map(facilities.map((f) => [Number(f.id), f.code])),
    carrier: new Map(carriers.map((c) => [Number(c.id), c.name])),
  };
}

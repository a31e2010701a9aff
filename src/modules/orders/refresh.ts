import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { bumpDataVersion } from '../analytics/index.js';
import { deriveOrderFacts, type OrderFacts, type ShipmentDelivery, sameFacts } from './facts.js';
import {
  countOrders,
  findOrderFactInputs,
  findOrderShipments,
  orderIdsAfter,
  reportingZoneOf,
  setOrderFacts,
} from './repository.js';

// Orders per read: two `in` lists of this size stay far under every dialect's parameter limit.
const CHUNK = 1_000;

/**
 * Derives and stores the delivery facts of these orders of the organization from their shipments,
 * in the caller's transaction; answers how many orders changed. Every write that can change them
 * calls it: the shipment write path (with the orders its shipments belonged to before and after
 * the write) and the order write path (a change of promised or requested date, or of status).
 *
 * For each order, counting its shipments that are neither archived nor cancelled:
 * - when there is at least one and all are delivered: `delivered_day` is the calendar day of the
 *   latest delivery in the organization's reporting time zone; `on_time` is 1 when every
 *   delivery's calendar day in its destination's time zone is on or before the promised date
 *   (else the requested date), 0 when one is after it, null when the order has neither date;
 *   `lead_time_days` is delivered_day − order_date in calendar days;
 * - otherwise (no such shipment, one still under way, or a cancelled order) all three are null.
 *
 * OTIF, as the analytics layer computes it from these facts: an order line is OTIF when its
 * order was delivered on time (`on_time` = 1) and the line's `qty_delivered >= qty_ordered`.
 * Only lines of orders whose `on_time` is known (not null) count, in the numerator and the
 * denominator: an undelivered order, or one without a due date, is neither on time nor late.
 *
 * Set-wise: one read of the orders and one of all their shipments per 1,000 orders, then one
 * update per distinct set of new facts, for the orders whose facts changed only. When any
 * changed, the organization's data version is bumped.
 */
export async function refreshOrderFacts(
  trx: Kysely<DB>,
  orgId: number,
  orderIds: readonly (number | null | undefined)[],
): Promise<number> {
  const ids = [...new Set(orderIds.filter((id): id is number => typeof id === 'number'))];
  if (ids.length === 0) return 0;
  const zone = await reportingZoneOf(trx, orgId);
  let changed = 0;
  for (let start = 0; start < ids.length; start += CHUNK) {
    changed += await refreshChunk(trx, orgId, ids.slice(start, start + CHUNK), zone);
  }
  if (changed > 0) await bumpDataVersion(trx, orgId);
  return changed;
}

async function refreshChunk(trx: Kysely<DB>, orgId: number, ids: number[], zone: string): Promise<number> {
  const orders = await findOrderFactInputs(trx, orgId, ids);
  if (orders.length === 0) return 0;
  const byOrder = new Map<number, ShipmentDelivery[]>();
  for (const s of await findOrderShipments(trx, orgId, ids)) {
    const id = Number(s.order_id);
    const list = byOrder.get(id);
    if (list) list.push(s);
    else byOrder.set(id, [s]);
  }
  // Orders that get the same new facts share one update.
  const groups = new Map<string, { facts: OrderFacts; ids: number[] }>();
  for (const order of orders) {
    const next = deriveOrderFacts(order, byOrder.get(Number(order.id)) ?? [], zone);
    if (sameFacts(order, next)) continue;
    const key = `${next.delivered_day}|${next.on_time}|${next.lead_time_days}`;
    const group = groups.get(key);
    if (group) group.ids.push(Number(order.id));
    else groups.set(key, { facts: next, ids: [Number(order.id)] });
  }
  let changed = 0;
  for (const { facts, ids: same } of groups.values()) {
    await setOrderFacts(trx, same, facts);
    changed += same.length;
  }
  return changed;
}

/** What a backfill did. */
export interface RefreshSummary {
  readonly orders: number;
  readonly changed: number;
}

/**
 * Re-derives the delivery facts of all the organization's orders (orders written before this
 * release, or after a change of the derivation or of the reporting time zone). It walks the
 * orders by id, `pageSize` ids at a time (at most and by default 1,000), and refreshes the
 * organization's among them in a transaction of their own, so a long backfill holds no long
 * lock; `onProgress` hears the orders done so far after each page that had some. Safe to run
 * again or concurrently with writes: each page derives from what is committed when it runs.
 */
export async function refreshAllOrderFacts(
  db: Kysely<DB>,
  orgId: number,
  onProgress?: (done: number, total: number) => void | Promise<void>,
  { pageSize = CHUNK }: { pageSize?: number } = {},
): Promise<RefreshSummary> {
  const total = await countOrders(db, orgId);
  let done = 0;
  let changed = 0;
  let after = 0;
  for (;;) {
    const { ids, last } = await orderIdsAfter(db, orgId, after, Math.min(pageSize, CHUNK));
    if (last === null) break;
    after = last;
    if (ids.length === 0) continue;
    changed += await db.transaction().execute((trx) => refreshOrderFacts(trx, orgId, ids));
    done += ids.length;
    await onProgress?.(done, Math.max(total, done));
  }
  return { orders: done, changed };
}

import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.js';
import { patchReportingSettings, upsertRates } from '../../src/modules/analytics/index.js';
import { type Caller, systemCaller } from '../../src/modules/auth/index.js';
import { upsertSnapshots } from '../../src/modules/inventory/index.js';
import type { JobQueue } from '../../src/modules/jobs/index.js';
import {
  carriers,
  customers,
  facilities,
  products,
  suppliers,
  upsertResources,
} from '../../src/modules/master-data/index.js';
import { writeOrder } from '../../src/modules/orders/index.js';
import { createOrganization } from '../../src/modules/organizations/index.js';
import { insertShipmentBatch, type ShipmentWrite } from '../../src/modules/shipments/index.js';
import { generateHistory, type History, type PlannedShipment } from './other-org-history.js';
import {
  carrierSpecs,
  customerSpecs,
  facilitySpecs,
  productSpecs,
  supplierSpecs,
} from './other-org-world.js';

/**
 * The evaluation's second organization (issue #13): Nordlys Fresh Foods, a food distributor in
 * Norway, Sweden, Denmark, Finland, Poland, Switzerland and Austria, reporting in EUR in Oslo
 * time. Written through the product's own write paths — the organizations, settings, rates,
 * master-data, orders, shipments (batch variant) and inventory services — so lane, transit,
 * on-time, ship day and order delivery facts are derived by the product, not here.
 */

export const OTHER_ORG_SLUG = 'nordlys';
export const OTHER_ORG_NAME = 'Nordlys Fresh Foods AS';
const SOURCE = 'nordlys-tms';
const CHUNK = 500;

export interface OtherOrgSummary {
  readonly orgId: number;
  readonly orders: number;
  readonly shipments: number;
  readonly snapshots: number;
  readonly exchangeRates: number;
  readonly ms: number;
}

/**
 * The reporting settings patch enqueues a re-derivation only when shipments wait for one; a new
 * organization has none, so this queue is never asked. It says so if it ever is.
 */
const noJobs: JobQueue = {
  backend: 'database',
  enqueue: () => Promise.reject(new Error('the evaluation setup runs no jobs')),
  cancel: () => Promise.reject(new Error('the evaluation setup runs no jobs')),
  retry: () => Promise.reject(new Error('the evaluation setup runs no jobs')),
  startWorker: () => {
    throw new Error('the evaluation setup runs no jobs');
  },
  health: () => Promise.resolve(null),
  close: () => Promise.resolve(),
};

/** Creates the second organization with two years of history ending at `now` (deterministic for a seed). */
export async function createOtherOrganization(
  db: Kysely<DB>,
  options: { readonly now: Date; readonly seed?: number },
): Promise<OtherOrgSummary> {
  const started = performance.now();
  const history = generateHistory(options.seed ?? 2026, options.now);
  const { id: orgId } = await createOrganization(db, { slug: OTHER_ORG_SLUG, name: OTHER_ORG_NAME });
  const caller = systemCaller(orgId);
  await patchReportingSettings(db, noJobs, caller, {
    reportingCurrency: 'EUR',
    reportingTimezone: 'Europe/Oslo',
  });
  const ids = await writeMasterData(db, caller);
  await upsertRates(
    db,
    caller,
    history.rates.map((r) => ({ currency: r.currency, quoteCurrency: 'EUR', day: r.day, rate: r.rate })),
  );
  const orderIds = await writeOrders(db, caller, history, ids);
  for (let start = 0; start < history.shipments.length; start += CHUNK * 2) {
    const rows = history.shipments
      .slice(start, start + CHUNK * 2)
      .map((s) => shipmentRow(orgId, s, ids, orderIds));
    await db.transaction().execute((trx) => insertShipmentBatch(trx, caller, rows, { mode: 'all' }));
  }
  await writeSnapshots(db, caller, history, ids);
  return {
    orgId,
    orders: history.orders.length,
    shipments: history.shipments.length,
    snapshots: history.snapshots.length,
    exchangeRates: history.rates.length,
    ms: Math.round(performance.now() - started),
  };
}

interface Ids {
  readonly carrier: Map<string, number>;
  readonly customer: Map<string, number>;
  readonly supplier: Map<string, number>;
  readonly facility: Map<string, number>;
  readonly product: Map<string, number>;
}

function idOf(map: Map<string, number>, key: string): number {
  const id = map.get(key);
  if (id === undefined) throw new Error(`the second organization has no ${key}`);
  return id;
}

async function writeMasterData(db: Kysely<DB>, caller: Caller): Promise<Ids> {
  return db.transaction().execute(async (trx) => {
    const keyed = async (
      keys: readonly string[],
      write: () => Promise<readonly { id: number }[]>,
    ): Promise<Map<string, number>> => {
      const results = await write();
      return new Map(keys.map((key, i) => [key, results[i]?.id as number]));
    };
    return {
      carrier: await keyed(
        carrierSpecs.map((c) => c.key),
        () =>
          upsertResources(
            trx,
            carriers,
            caller,
            carrierSpecs.map((c) => ({ name: c.name, scac: c.scac })),
          ),
      ),
      customer: await keyed(
        customerSpecs.map((c) => c.code),
        () =>
          upsertResources(
            trx,
            customers,
            caller,
            customerSpecs.map((c) => ({
              code: c.code,
              name: c.name,
              city: c.place.name,
              country: c.place.country,
            })),
          ),
      ),
      supplier: await keyed(
        supplierSpecs.map((s) => s.code),
        () =>
          upsertResources(
            trx,
            suppliers,
            caller,
            supplierSpecs.map((s) => ({
              code: s.code,
              name: s.name,
              city: s.place.name,
              country: s.place.country,
            })),
          ),
      ),
      facility: await keyed(
        facilitySpecs.map((f) => f.code),
        () =>
          upsertResources(
            trx,
            facilities,
            caller,
            facilitySpecs.map((f) => ({
              code: f.code,
              name: f.name,
              kind: f.kind,
              city: f.place.name,
              region: f.place.region,
              country: f.place.country,
              latitude: f.place.lat,
              longitude: f.place.lng,
              timezone: f.place.zone,
            })),
          ),
      ),
      product: await keyed(
        productSpecs.map((p) => p.sku),
        () =>
          upsertResources(
            trx,
            products,
            caller,
            productSpecs.map((p) => ({
              sku: p.sku,
              name: p.name,
              category: p.category,
              unitWeightKg: p.kg,
              unitCost: { amount: p.cost, currency: 'EUR' },
            })),
          ),
      ),
    };
  });
}

/** Writes every order through the orders' one write path; returns their ids, in the history's order. */
async function writeOrders(db: Kysely<DB>, caller: Caller, history: History, ids: Ids): Promise<number[]> {
  const orderIds: number[] = [];
  for (let start = 0; start < history.orders.length; start += CHUNK) {
    const chunk = history.orders.slice(start, start + CHUNK);
    await db.transaction().execute(async (trx) => {
      for (const order of chunk) {
        const result = await writeOrder(trx, caller, {
          header: {
            reference: order.reference,
            customerId: idOf(ids.customer, order.customerCode),
            shipFromFacilityId: idOf(ids.facility, order.facilityCode),
            status: order.status,
            orderDate: order.orderDate,
            requestedDate: order.requestedDate,
            promisedDate: order.promisedDate,
          },
          lines: order.lines.map((line, i) => ({
            lineNo: i + 1,
            replace: true,
            path: `lines.${i}`,
            line: {
              productId: idOf(ids.product, line.sku),
              qtyOrdered: line.qtyOrdered,
              qtyShipped: line.qtyShipped,
              qtyDelivered: line.qtyDelivered,
              unitPrice: { amount: line.unitPrice, currency: 'EUR' },
            },
          })),
        });
        if (result.result === 'refused') {
          throw new Error(`order ${order.reference} refused: ${JSON.stringify(result.reasons)}`);
        }
        orderIds.push(result.id);
      }
    });
  }
  return orderIds;
}

function shipmentRow(
  orgId: number,
  s: PlannedShipment,
  ids: Ids,
  orderIds: readonly number[],
): ShipmentWrite {
  const recorded = new Date(s.plannedPickupAt.getTime() - 2 * 86_400_000);
  return {
    org_id: orgId,
    source: SOURCE,
    reference: s.reference,
    order_id: s.order === null ? null : (orderIds[s.order] ?? null),
    mode: s.mode,
    status: s.status,
    carrier_id: idOf(ids.carrier, s.carrier),
    customer_id: s.customerCode === null ? null : idOf(ids.customer, s.customerCode),
    supplier_id: s.supplierCode === null ? null : idOf(ids.supplier, s.supplierCode),
    commodity: s.commodity,
    origin_facility_id: s.originFacility === null ? null : idOf(ids.facility, s.originFacility),
    destination_facility_id:
      s.destinationFacility === null ? null : idOf(ids.facility, s.destinationFacility),
    origin_city: s.origin.name,
    origin_region: s.origin.region,
    origin_country: s.origin.country,
    destination_city: s.destination.name,
    destination_region: s.destination.region,
    destination_country: s.destination.country,
    destination_timezone: s.destination.zone,
    planned_pickup_at: s.plannedPickupAt,
    planned_delivery_at: s.plannedDeliveryAt,
    actual_pickup_at: s.actualPickupAt,
    actual_delivery_at: s.actualDeliveryAt,
    weight_kg: s.weightKg,
    volume_m3: Math.round((s.weightKg / 250) * 100) / 100,
    pallets: s.mode === 'parcel' ? null : Math.max(1, Math.ceil(s.weightKg / 500)),
    distance_km: s.distanceKm,
    freight_cost: s.freightCost,
    currency: s.currency,
    goods_value: s.goodsValue,
    created_at: recorded,
    updated_at: recorded,
  };
}

async function writeSnapshots(db: Kysely<DB>, caller: Caller, history: History, ids: Ids): Promise<void> {
  for (let start = 0; start < history.snapshots.length; start += CHUNK) {
    const inputs = history.snapshots.slice(start, start + CHUNK).map((s) => ({
      facilityId: idOf(ids.facility, s.facilityCode),
      productId: idOf(ids.product, s.sku),
      snapshotDate: s.day,
      onHand: s.onHand,
      allocated: s.allocated,
      onOrder: s.onOrder,
    }));
    const results = await db.transaction().execute((trx) => upsertSnapshots(trx, caller, inputs));
    const refused = results.find((r) => r.result === 'refused');
    if (refused) throw new Error(`a stock snapshot was refused: ${JSON.stringify(refused)}`);
  }
}

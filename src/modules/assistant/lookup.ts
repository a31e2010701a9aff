import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { isoInstant } from '../../db/types.js';
import type { CellValue, ResultColumn } from '../analytics/index.js';

/**
 * Lookups of one record by its reference ("where is shipment X?", "status of order Y"), in the
 * caller's organization only. The answer's data is the record as one row; instants are text, so
 * the numbers check leaves them alone.
 */
export interface LookupResult {
  readonly text: string;
  readonly data: { readonly columns: ResultColumn[]; readonly rows: Record<string, CellValue>[] };
}

const text = (name: string, label: string): ResultColumn => ({
  name,
  label,
  type: 'string',
  role: 'dimension',
  unit: null,
  format: 'text',
});

const shipmentColumns: ResultColumn[] = [
  text('reference', 'Reference'),
  text('status', 'Status'),
  text('mode', 'Mode'),
  text('carrier', 'Carrier'),
  text('origin', 'Origin'),
  text('destination', 'Destination'),
  text('plannedDelivery', 'Planned delivery'),
  text('actualDelivery', 'Delivered'),
  text('lastEvent', 'Last event'),
  text('lastEventAt', 'Last event at'),
  text('lastEventPlace', 'Last event place'),
];

const place = (city: string | null, country: string | null) =>
  [city, country].filter(Boolean).join(', ') || null;
const instant = (value: Date | string | null) => (value === null ? null : isoInstant(value));

/** Exact reference first, then the same reference in another case ("ib-00000042"). */
async function findByReference<T extends 'shipments' | 'orders'>(
  db: Kysely<DB>,
  table: T,
  orgId: number,
  reference: string,
) {
  const exact = await db
    .selectFrom(table as 'shipments')
    .where('org_id', '=', orgId)
    .where('reference', '=', reference)
    .select('id')
    .executeTakeFirst();
  if (exact) return exact.id;
  const folded = await db
    .selectFrom(table as 'shipments')
    .where('org_id', '=', orgId)
    .where((eb) => eb(eb.fn('upper', ['reference']), '=', reference.toUpperCase()))
    .select('id')
    .limit(1)
    .executeTakeFirst();
  return folded?.id;
}

export async function lookupShipment(
  db: Kysely<DB>,
  orgId: number,
  reference: string,
): Promise<LookupResult> {
  const id = await findByReference(db, 'shipments', orgId, reference);
  if (id === undefined)
    return {
      text: `There is no shipment with reference ${reference}.`,
      data: { columns: shipmentColumns, rows: [] },
    };
  const s = await db
    .selectFrom('shipments as s')
    .leftJoin('carriers as c', 'c.id', 's.carrier_id')
    .where('s.org_id', '=', orgId)
    .where('s.id', '=', id)
    .select([
      's.reference',
      's.status',
      's.mode',
      'c.name as carrier',
      's.origin_city',
      's.origin_country',
      's.destination_city',
      's.destination_country',
      's.planned_delivery_at',
      's.actual_delivery_at',
    ])
    .executeTakeFirstOrThrow();
  const event = await db
    .selectFrom('tracking_events')
    .where('org_id', '=', orgId)
    .where('shipment_id', '=', id)
    .select(['code', 'occurred_at', 'city', 'country'])
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = {
    reference: s.reference,
    status: s.status,
    mode: s.mode,
    carrier: s.carrier,
    origin: place(s.origin_city, s.origin_country),
    destination: place(s.destination_city, s.destination_country),
    plannedDelivery: instant(s.planned_delivery_at),
    actualDelivery: instant(s.actual_delivery_at),
    lastEvent: event?.code ?? null,
    lastEventAt: event ? instant(event.occurred_at) : null,
    lastEventPlace: event ? place(event.city, event.country) : null,
  };
  const route = [row.origin && `from ${row.origin}`, row.destination && `to ${row.destination}`]
    .filter(Boolean)
    .join(' ');
  const when = row.actualDelivery
    ? `delivered ${row.actualDelivery}`
    : row.plannedDelivery
      ? `planned for delivery ${row.plannedDelivery}`
      : 'no delivery date yet';
  const last = row.lastEvent
    ? ` Last event: ${row.lastEvent}${row.lastEventPlace ? ` in ${row.lastEventPlace}` : ''} at ${row.lastEventAt}.`
    : '';
  return {
    text: `Shipment ${row.reference} is ${row.status.replace('_', ' ')} (${row.mode}${row.carrier ? `, ${row.carrier}` : ''}) ${route}; ${when}.${last}`,
    data: { columns: shipmentColumns, rows: [row] },
  };
}

const orderColumns: ResultColumn[] = [
  text('reference', 'Reference'),
  text('status', 'Status'),
  text('customer', 'Customer'),
  text('orderDate', 'Order date'),
  text('promisedDate', 'Promised'),
  text('deliveredDay', 'Delivered'),
  { name: 'lines', label: 'Lines', type: 'number', role: 'metric', unit: 'lines', format: 'integer' },
  {
    name: 'unitsOrdered',
    label: 'Units ordered',
    type: 'number',
    role: 'metric',
    unit: 'units',
    format: 'integer',
  },
  {
    name: 'unitsShipped',
    label: 'Units shipped',
    type: 'number',
    role: 'metric',
    unit: 'units',
    format: 'integer',
  },
];

export async function lookupOrder(db: Kysely<DB>, orgId: number, reference: string): Promise<LookupResult> {
  const id = await findByReference(db, 'orders', orgId, reference);
  if (id === undefined)
    return {
      text: `There is no order with reference ${reference}.`,
      data: { columns: orderColumns, rows: [] },
    };
  const o = await db
    .selectFrom('orders as o')
    .leftJoin('customers as c', 'c.id', 'o.customer_id')
    .where('o.org_id', '=', orgId)
    .where('o.id', '=', id)
    .select([
      'o.reference',
      'o.status',
      'c.name as customer',
      'o.order_date',
      'o.promised_date',
      'o.delivered_day',
    ])
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('order_lines')
    .where('org_id', '=', orgId)
    .where('order_id', '=', id)
    .select(['qty_ordered', 'qty_shipped'])
    .execute();
  const day = (value: unknown) => (value === null || value === undefined ? null : String(value).slice(0, 10));
  const row = {
    reference: o.reference,
    status: o.status,
    customer: o.customer,
    orderDate: day(o.order_date),
    promisedDate: day(o.promised_date),
    deliveredDay: day(o.delivered_day),
    lines: lines.length,
    unitsOrdered: lines.reduce((sum, l) => sum + Number(l.qty_ordered), 0),
    unitsShipped: lines.reduce((sum, l) => sum + Number(l.qty_shipped), 0),
  };
  const delivered = row.deliveredDay
    ? `, delivered ${row.deliveredDay}`
    : row.promisedDate
      ? `, promised for ${row.promisedDate}`
      : '';
  return {
    text: `Order ${row.reference}${row.customer ? ` for ${row.customer}` : ''} is ${row.status}: ordered ${row.orderDate}${delivered}; ${row.lines.toLocaleString('en-US')} lines, ${row.unitsShipped.toLocaleString('en-US')} of ${row.unitsOrdered.toLocaleString('en-US')} units shipped.`,
    data: { columns: orderColumns, rows: [row] },
  };
}

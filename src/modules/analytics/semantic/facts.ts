import { sql } from 'kysely';
import type { Dialect } from '../../../db/url.js';
import { bucketOf } from '../query/dialect.js';
import type { Grain } from '../query/schema.js';
import { shipmentParts } from './shipment-facts.js';
import type { FactDefinition, FactDimension, FactName, FactPart, Sql } from './types.js';

/**
 * Where each fact's raw rows come from. `source` gives the FROM clause and the conditions every
 * row of the fact meets (the organization's own rows, not archived, …); the compiler adds the
 * time range and filters. Aliases are fixed per table: s shipments, o orders, l order lines,
 * i inventory snapshots, p products.
 */
export interface SourceContext {
  readonly orgId: number;
  readonly dialect: Dialect;
  readonly grain: Grain | undefined;
  readonly range: { readonly from: string; readonly to: string } | undefined;
}

export interface RawSource {
  readonly from: Sql;
  readonly where: Sql;
}

export interface Fact extends FactDefinition {
  readonly source: (context: SourceContext) => RawSource;
}

const s = (column: string) => sql.ref(`s.${column}`);
const o = (column: string) => sql.ref(`o.${column}`);
const l = (column: string) => sql.ref(`l.${column}`);
const i = (column: string) => sql.ref(`i.${column}`);
const p = (column: string) => sql.ref(`p.${column}`);
const f = (column: string) => sql.ref(`f.${column}`);

const shipmentPartsOf: Record<string, FactPart> = Object.fromEntries(
  Object.entries(shipmentParts).map(([name, part]) => [
    name,
    { expression: part.expression(s), conversion: part.conversion },
  ]),
);

const dim = (raw: Sql, rollupColumn?: string): FactDimension =>
  rollupColumn === undefined ? { raw } : { raw, rollupColumn };

const shipmentDimensions: Record<string, FactDimension> = {
  carrier: dim(s('carrier_id'), 'carrier_id'),
  mode: dim(s('mode'), 'mode'),
  status: dim(s('status'), 'status'),
  originCountry: dim(s('origin_country'), 'origin_country'),
  destinationCountry: dim(s('destination_country'), 'destination_country'),
  currency: dim(s('currency'), 'currency'),
  originCity: dim(s('origin_city'), 'origin_city'),
  originRegion: dim(s('origin_region'), 'origin_region'),
  destinationCity: dim(s('destination_city'), 'destination_city'),
  destinationRegion: dim(s('destination_region'), 'destination_region'),
  originFacility: dim(s('origin_facility_id'), 'origin_facility_id'),
  destinationFacility: dim(s('destination_facility_id'), 'destination_facility_id'),
  lane: dim(s('lane'), 'lane'),
  customer: dim(s('customer_id'), 'customer_id'),
  supplier: dim(s('supplier_id'), 'supplier_id'),
  productCategory: dim(s('commodity'), 'commodity'),
  onTime: dim(s('on_time')),
  weightKg: dim(s('weight_kg')),
};

const shipmentUnsupported = {
  product:
    'a shipment is not of one product: it carries a commodity (use productCategory), and its order lines name the products (use an order metric)',
  facility: 'a shipment has two facilities: use originFacility or destinationFacility',
  orderStatus: 'orderStatus is a dimension of orders: use status for shipments',
};

const shipmentSource =
  (where: Sql) =>
  (context: SourceContext): RawSource => ({
    from: sql`shipments as s`,
    where: sql`s.org_id = ${context.orgId} and s.archived_at is null and ${where}`,
  });

const orderUnsupported = {
  carrier: 'an order is not carried by one carrier: use a shipment metric',
  mode: 'mode is a dimension of shipments',
  status: 'status is the shipment status: use orderStatus for orders',
  lane: 'lane is a dimension of shipments',
  originCity: 'places are dimensions of shipments; orders have a facility',
  destinationCity: 'places are dimensions of shipments; orders have a customer',
};

const facts: Record<FactName, Fact> = {
  shipments: {
    name: 'shipments',
    description:
      'Shipments, counted on their day (pickup, else planned pickup or delivery, else when recorded)',
    day: s('ship_day'),
    dimensions: shipmentDimensions,
    parts: shipmentPartsOf,
    money: { currency: s('currency'), day: s('ship_day') },
    unsupported: shipmentUnsupported,
    rollupAnchor: 'ship',
    source: shipmentSource(sql`1 = 1`),
  },
  deliveries: {
    name: 'deliveries',
    description: 'Delivered shipments, counted on their delivery day',
    day: s('delivery_day'),
    dimensions: shipmentDimensions,
    parts: shipmentPartsOf,
    money: { currency: s('currency'), day: s('ship_day') },
    unsupported: shipmentUnsupported,
    rollupAnchor: 'delivery',
    source: shipmentSource(sql`s.delivery_day is not null`),
  },
  orders: {
    name: 'orders',
    description: 'Orders (cancelled ones included), counted on their order day',
    day: o('order_date'),
    dimensions: {
      customer: dim(o('customer_id')),
      facility: dim(o('ship_from_facility_id')),
      orderStatus: dim(o('status')),
    },
    parts: {
      orders: { expression: sql`1`, conversion: 'none' },
      lead_known: {
        expression: sql`case when ${o('lead_time_days')} is not null then 1 else 0 end`,
        conversion: 'none',
      },
      lead_sum: { expression: sql`coalesce(${o('lead_time_days')}, 0)`, conversion: 'none' },
    },
    unsupported: {
      ...orderUnsupported,
      product:
        'an order has several products: use an order-line metric (orderLines, unitsOrdered) by product',
      productCategory: 'an order has several products: use an order-line metric by productCategory',
    },
    source: (context) => ({
      from: sql`orders as o`,
      where: sql`o.org_id = ${context.orgId} and o.archived_at is null`,
    }),
  },
  orderLines: {
    name: 'orderLines',
    description: 'Lines of orders that are not cancelled, counted on their order day',
    day: o('order_date'),
    dimensions: {
      customer: dim(o('customer_id')),
      facility: dim(o('ship_from_facility_id')),
      orderStatus: dim(o('status')),
      product: dim(l('product_id')),
      productCategory: dim(p('category')),
    },
    parts: {
      lines: { expression: sql`1`, conversion: 'none' },
      units_ordered: { expression: l('qty_ordered'), conversion: 'none' },
      units_shipped: { expression: l('qty_shipped'), conversion: 'none' },
      otif_known: {
        expression: sql`case when ${o('on_time')} is not null then 1 else 0 end`,
        conversion: 'none',
      },
      otif: {
        expression: sql`case when ${o('on_time')} = 1 and ${l('qty_delivered')} >= ${l('qty_ordered')} then 1 else 0 end`,
        conversion: 'none',
      },
    },
    unsupported: orderUnsupported,
    source: (context) => ({
      from: sql`order_lines as l inner join orders as o on o.id = l.order_id and o.org_id = l.org_id left join products as p on p.id = l.product_id and p.org_id = l.org_id`,
      where: sql`l.org_id = ${context.orgId} and o.archived_at is null and o.status <> 'cancelled'`,
    }),
  },
  stock: {
    name: 'stock',
    description:
      'Stock on hand: per SKU × facility, its last snapshot in each period (semi-additive: never summed over days)',
    day: i('snapshot_date'),
    dimensions: stockDimensions(),
    parts: {
      on_hand: { expression: i('on_hand'), conversion: 'none' },
      value_known: {
        expression: sql`case when ${p('unit_cost')} is not null then 1 else 0 end`,
        conversion: 'mask',
      },
      value: { expression: sql`${i('on_hand')} * coalesce(${p('unit_cost')}, 0)`, conversion: 'amount' },
    },
    money: { currency: p('currency'), day: i('snapshot_date') },
    unsupported: stockUnsupported(),
    source: (context) => {
      // The last snapshot of each SKU × facility in each period of the query (the whole range
      // without a grain), found by a grouped subquery and joined back.
      const day = sql.ref('k0.snapshot_date');
      const bucket = context.grain ? bucketOf(context.dialect, context.grain, day) : sql`1`;
      const range = context.range
        ? sql`and k0.snapshot_date >= ${context.range.from} and k0.snapshot_date <= ${context.range.to}`
        : sql``;
      const last = sql`select k0.facility_id, k0.product_id, max(k0.snapshot_date) as last_day from inventory_snapshots as k0 where k0.org_id = ${context.orgId} ${range} group by k0.facility_id, k0.product_id, ${bucket}`;
      return {
        from: sql`inventory_snapshots as i inner join (${last}) as k on k.facility_id = i.facility_id and k.product_id = i.product_id and k.last_day = i.snapshot_date left join products as p on p.id = i.product_id and p.org_id = i.org_id`,
        where: sql`i.org_id = ${context.orgId}`,
      };
    },
  },
  stockDays: {
    name: 'stockDays',
    description: 'Daily stock snapshots per SKU × facility',
    day: i('snapshot_date'),
    dimensions: stockDimensions(),
    parts: {
      snapshot_days: { expression: sql`1`, conversion: 'none' },
      stockout_days: {
        expression: sql`case when ${i('on_hand')} <= 0 then 1 else 0 end`,
        conversion: 'none',
      },
    },
    unsupported: stockUnsupported(),
    source: (context) => ({
      from: sql`inventory_snapshots as i left join products as p on p.id = i.product_id and p.org_id = i.org_id`,
      where: sql`i.org_id = ${context.orgId}`,
    }),
  },
  demandForecast: forecastFact(),
  delayRisks: {
    name: 'delayRisks',
    description:
      'Open shipments with a delay-risk prediction of the active delay-risk model (issue #10), counted on their ship day',
    day: s('ship_day'),
    dimensions: shipmentDimensions,
    parts: {
      predicted: { expression: sql`1`, conversion: 'none' },
      risk: { expression: sql.ref('r.probability'), conversion: 'none' },
      high_risk: { expression: sql`case when r.probability >= 0.5 then 1 else 0 end`, conversion: 'none' },
    },
    unsupported: shipmentUnsupported,
    source: (context) => ({
      from: sql`shipment_delay_risks as r inner join shipments as s on s.id = r.shipment_id and s.org_id = r.org_id`,
      where: sql`r.org_id = ${context.orgId} and s.archived_at is null`,
    }),
  },
};

function forecastFact(): Fact {
  return {
    name: 'demandForecast',
    description:
      'The latest weekly demand forecast of each product × ship-from facility (issue #10), one row per forecast week, counted on the Monday of its week',
    day: f('period'),
    dimensions: {
      product: dim(sql.ref('fs.product_id')),
      productCategory: dim(p('category')),
      facility: dim(sql.ref('fs.facility_id')),
    },
    parts: { forecast_units: { expression: f('forecast'), conversion: 'none' } },
    unsupported: {
      ...orderUnsupported,
      customer: 'demand is forecast per product and facility, not per customer',
      orderStatus: 'a forecast has no order status',
    },
    source: (context) => ({
      // Only the points of each series' latest run: older runs' forecasts of the same weeks are history.
      from: sql`forecast_points as f inner join forecast_series as fs on fs.id = f.series_id and fs.org_id = f.org_id and fs.last_run_id = f.run_id left join products as p on p.id = fs.product_id and p.org_id = fs.org_id`,
      where: sql`f.org_id = ${context.orgId} and fs.kind = 'demand' and fs.grain = 'week'`,
    }),
  };
}

function stockDimensions(): Record<string, FactDimension> {
  return {
    product: dim(i('product_id')),
    productCategory: dim(p('category')),
    facility: dim(i('facility_id')),
  };
}

function stockUnsupported(): Record<string, string> {
  return {
    customer: 'stock is held per SKU and facility, not per customer',
    carrier: 'stock is held per SKU and facility, not per carrier',
    originFacility: 'stock is held at a facility: use facility',
    destinationFacility: 'stock is held at a facility: use facility',
  };
}

/** The fact of a name. */
export function factOf(name: FactName): Fact {
  return facts[name];
}

export const factNames = Object.keys(facts) as FactName[];

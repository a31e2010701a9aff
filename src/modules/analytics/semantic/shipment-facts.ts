import { type RawBuilder, sql } from 'kysely';

/**
 * The additive parts every shipment metric is built from, as row expressions over the stored
 * shipment (its derived facts included; nothing is re-derived here, ADR 0015). The raw fallback
 * sums these expressions; the rollups store their sums per key and the rollup path sums those.
 * One definition serves both, so the two paths cannot drift apart.
 */
export type Column = (name: string) => RawBuilder<unknown>;

const flag = (condition: RawBuilder<unknown>) => sql`case when ${condition} then 1 else 0 end`;
const known = (c: Column, name: string) => flag(sql`${c(name)} is not null`);
const valueOr0 = (c: Column, name: string) => sql`coalesce(${c(name)}, 0)`;
/** `value` where `other` is known too, else 0 (ratios over rows where both are known). */
const withBoth = (c: Column, value: string, other: string) =>
  sql`case when ${c(other)} is not null then coalesce(${c(value)}, 0) else 0 end`;

/** How a part behaves under currency conversion (see query/currency.ts). */
export type Conversion = 'none' | 'amount' | 'mask';

export interface PartDefinition {
  /** The row expression; its sum over rows is the part. */
  readonly expression: (c: Column) => RawBuilder<unknown>;
  /**
   * amount: money in the row's currency, multiplied by the rate of its day; mask: a count or
   * sum that only counts where that rate exists (the denominator of a money ratio); none.
   */
  readonly conversion: Conversion;
}

const part = (expression: PartDefinition['expression'], conversion: Conversion = 'none'): PartDefinition => ({
  expression,
  conversion,
});

export const shipmentParts = {
  shipments: part(() => sql`1`),
  in_transit: part((c) => flag(sql`${c('status')} = 'in_transit'`)),
  exceptions: part((c) => flag(sql`${c('status')} = 'exception'`)),
  on_time_known: part((c) => known(c, 'on_time')),
  on_time: part((c) => valueOr0(c, 'on_time')),
  transit_known: part((c) => known(c, 'transit_days')),
  transit_sum: part((c) => valueOr0(c, 'transit_days')),
  delay_known: part((c) => known(c, 'delay_hours')),
  delay_sum: part((c) => valueOr0(c, 'delay_hours')),
  freight_known: part((c) => known(c, 'freight_cost'), 'mask'),
  freight_sum: part((c) => valueOr0(c, 'freight_cost'), 'amount'),
  weight_known: part((c) => known(c, 'weight_kg')),
  weight_sum: part((c) => valueOr0(c, 'weight_kg')),
  goods_known: part((c) => known(c, 'goods_value'), 'mask'),
  goods_sum: part((c) => valueOr0(c, 'goods_value'), 'amount'),
  freight_with_weight: part((c) => withBoth(c, 'freight_cost', 'weight_kg'), 'amount'),
  weight_with_freight: part((c) => withBoth(c, 'weight_kg', 'freight_cost'), 'mask'),
  freight_with_goods: part((c) => withBoth(c, 'freight_cost', 'goods_value'), 'amount'),
  goods_with_freight: part((c) => withBoth(c, 'goods_value', 'freight_cost'), 'amount'),
} as const satisfies Record<string, PartDefinition>;

export type ShipmentPart = keyof typeof shipmentParts;
export const shipmentPartNames = Object.keys(shipmentParts) as ShipmentPart[];

/**
 * The two time anchors of shipment metrics: `ship` counts a shipment on its day (volume, cost,
 * weight), `delivery` counts a delivered shipment on its delivery day (on time, transit, delay).
 */
export const shipmentAnchors = {
  ship: { day: 'ship_day' },
  delivery: { day: 'delivery_day' },
} as const;
export type ShipmentAnchor = keyof typeof shipmentAnchors;

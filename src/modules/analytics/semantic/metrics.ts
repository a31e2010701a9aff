import { sql } from 'kysely';
import type { FactName, MetricDefinition, PartRef } from './types.js';

/**
 * Every metric of the catalog: one definition each, used by the API, the dashboard, the CLI and
 * the assistant. Ratios are ratios of sums at the requested grain, never averages of averages:
 * `compute` receives the parts summed over each group.
 */
const ref = (fact: FactName, part: string): PartRef => ({ fact, part });
const ratio = (parts: readonly number[]) => {
  const [num = 0, den = 0] = parts;
  return den === 0 ? null : num / den;
};
const first = (parts: readonly number[]) => parts[0] ?? 0;

const m = (definition: MetricDefinition) => definition;

const counted = (
  name: string,
  label: string,
  fact: FactName,
  part: string,
  unit: 'shipments' | 'orders' | 'lines' | 'units' | 'days',
  rest: Pick<MetricDefinition, 'synonyms' | 'description' | 'unknowns'> & {
    better?: MetricDefinition['better'];
  },
) =>
  m({
    name,
    label,
    unit,
    format: 'integer',
    precision: 0,
    better: rest.better ?? 'neither',
    parts: [ref(fact, part)],
    compute: first,
    synonyms: rest.synonyms,
    description: rest.description,
    unknowns: rest.unknowns,
  });

const noRate =
  'Amounts in another currency are converted into the reporting currency at the rate of the shipment day; shipments with no rate for that currency and day are left out, and the answer notes how many.';

export const metrics: readonly MetricDefinition[] = [
  counted('shipments', 'Shipments', 'shipments', 'shipments', 'shipments', {
    synonyms: ['shipment count', 'volume', 'number of shipments', 'loads', 'consignments'],
    description: 'Shipments (not archived), on their day',
    unknowns: 'Every shipment counts; one with no dates counts on the day it was recorded.',
  }),
  counted('deliveredShipments', 'Delivered shipments', 'deliveries', 'shipments', 'shipments', {
    synonyms: ['delivered', 'deliveries', 'completed shipments'],
    description: 'Shipments with an actual delivery, on their delivery day',
    unknowns: 'A shipment without an actual delivery time is not delivered.',
  }),
  counted('inTransitShipments', 'In-transit shipments', 'shipments', 'in_transit', 'shipments', {
    synonyms: ['in transit', 'moving', 'on the way', 'open shipments'],
    description: 'Shipments whose status is in_transit now, on their day',
    unknowns: 'Counts the current status.',
  }),
  counted('exceptions', 'Exceptions', 'shipments', 'exceptions', 'shipments', {
    synonyms: ['exception shipments', 'problems', 'issues', 'on hold'],
    description: 'Shipments whose status is exception now, on their day',
    unknowns: 'Counts the current status.',
    better: 'lower',
  }),
  m({
    name: 'onTimeRate',
    label: 'On-time delivery rate',
    synonyms: ['on-time', 'on time', 'otd', 'on-time delivery', 'punctuality', 'on time rate', 'reliability'],
    description:
      'Delivered shipments whose delivery day is on or before the planned day (both in the destination time zone) ÷ delivered shipments with both dates known',
    unknowns: 'Shipments without a planned delivery are left out of numerator and denominator.',
    unit: 'ratio',
    format: 'percent',
    precision: 4,
    better: 'higher',
    parts: [ref('deliveries', 'on_time'), ref('deliveries', 'on_time_known')],
    compute: ratio,
  }),
  m({
    name: 'lateShipments',
    label: 'Late shipments',
    synonyms: ['late', 'late deliveries', 'delayed shipments', 'missed deliveries'],
    description: 'Delivered shipments that arrived after their planned day',
    unknowns: 'Shipments without a planned delivery are neither late nor on time.',
    unit: 'shipments',
    format: 'integer',
    precision: 0,
    better: 'lower',
    parts: [ref('deliveries', 'on_time_known'), ref('deliveries', 'on_time')],
    compute: ([known = 0, onTime = 0]) => known - onTime,
  }),
  m({
    name: 'avgTransitDays',
    label: 'Average transit days',
    synonyms: ['transit time', 'transit days', 'average transit', 'lead time in transit', 'days in transit'],
    description: 'Σ (actual delivery − actual pickup) ÷ delivered shipments with both known, in days',
    unknowns: 'Shipments without an actual pickup are left out.',
    unit: 'days',
    format: 'decimal',
    precision: 2,
    better: 'lower',
    parts: [ref('deliveries', 'transit_sum'), ref('deliveries', 'transit_known')],
    compute: ratio,
  }),
  ...(
    [
      [
        'transitDaysP50',
        'Median transit days',
        0.5,
        [
          'median transit',
          'median transit time',
          'median transit days',
          'p50 transit',
          'typical transit time',
        ],
      ],
      ['transitDaysP90', '90th percentile transit days', 0.9, ['p90 transit', '90th percentile transit']],
    ] as const
  ).map(([name, label, p, synonyms]) =>
    m({
      name,
      label,
      synonyms,
      description: `The exact ${p * 100}th percentile (linear interpolation) of transit days of delivered shipments`,
      unknowns: 'Shipments without an actual pickup are left out. Served from the raw shipments (exact).',
      unit: 'days',
      format: 'decimal',
      precision: 2,
      better: 'lower',
      parts: [],
      compute: () => null,
      percentile: { fact: 'deliveries', column: sql.ref('s.transit_days'), p },
    }),
  ),
  m({
    name: 'avgDelayHours',
    label: 'Average delay (hours)',
    synonyms: ['delay', 'average delay', 'hours late', 'lateness'],
    description:
      'Σ (actual − planned delivery) ÷ delivered shipments with both known, in hours (negative: early)',
    unknowns: 'Shipments without a planned delivery are left out.',
    unit: 'hours',
    format: 'decimal',
    precision: 2,
    better: 'lower',
    parts: [ref('deliveries', 'delay_sum'), ref('deliveries', 'delay_known')],
    compute: ratio,
  }),
  m({
    name: 'freightCost',
    label: 'Freight cost',
    synonyms: ['freight spend', 'spend', 'transport cost', 'shipping cost', 'cost', 'freight'],
    description: 'Σ freight cost, in the reporting currency, on the shipment day',
    unknowns: `Shipments without a freight cost add nothing. ${noRate}`,
    unit: 'money',
    format: 'currency',
    precision: 2,
    better: 'lower',
    parts: [ref('shipments', 'freight_sum')],
    compute: first,
    moneyKnown: ref('shipments', 'freight_known'),
  }),
  m({
    name: 'costPerShipment',
    label: 'Cost per shipment',
    synonyms: ['average freight cost', 'cost per load', 'average cost'],
    description: 'Σ freight cost ÷ shipments with a freight cost',
    unknowns: `Shipments without a freight cost are left out. ${noRate}`,
    unit: 'money',
    format: 'currency',
    precision: 2,
    better: 'lower',
    parts: [ref('shipments', 'freight_sum'), ref('shipments', 'freight_known')],
    compute: ratio,
    moneyKnown: ref('shipments', 'freight_known'),
  }),
  m({
    name: 'costPerKg',
    label: 'Cost per kg',
    synonyms: ['cost per kilo', 'cost/kg', 'freight per kg', 'price per kg'],
    description: 'Σ freight cost ÷ Σ weight, over shipments where both are known',
    unknowns: `Shipments missing either the cost or the weight are left out of both sums. ${noRate}`,
    unit: 'money',
    format: 'currency',
    precision: 4,
    better: 'lower',
    parts: [ref('shipments', 'freight_with_weight'), ref('shipments', 'weight_with_freight')],
    compute: ratio,
    moneyKnown: ref('shipments', 'freight_known'),
  }),
  m({
    name: 'weight',
    label: 'Weight',
    synonyms: ['weight shipped', 'tonnage', 'kg', 'kilos', 'gross weight'],
    description: 'Σ gross weight in kg',
    unknowns: 'Shipments without a weight add nothing.',
    unit: 'kg',
    format: 'decimal',
    precision: 3,
    better: 'neither',
    parts: [ref('shipments', 'weight_sum')],
    compute: first,
  }),
  m({
    name: 'goodsValue',
    label: 'Goods value',
    synonyms: ['value shipped', 'cargo value', 'merchandise value'],
    description: 'Σ declared goods value, in the reporting currency',
    unknowns: `Shipments without a goods value add nothing. ${noRate}`,
    unit: 'money',
    format: 'currency',
    precision: 2,
    better: 'neither',
    parts: [ref('shipments', 'goods_sum')],
    compute: first,
    moneyKnown: ref('shipments', 'goods_known'),
  }),
  m({
    name: 'freightShareOfGoodsValue',
    label: 'Freight cost share of goods value',
    synonyms: [
      'freight as a share of value',
      'freight as a share of goods value',
      'freight cost as a share of goods value',
      'freight to goods value',
      'freight to value',
      'logistics cost ratio',
      'freight share',
    ],
    description: 'Σ freight cost ÷ Σ goods value, over shipments where both are known',
    unknowns: `Shipments missing either amount are left out of both sums. ${noRate}`,
    unit: 'share',
    format: 'percent',
    precision: 4,
    better: 'lower',
    parts: [ref('shipments', 'freight_with_goods'), ref('shipments', 'goods_with_freight')],
    compute: ratio,
    moneyKnown: ref('shipments', 'freight_known'),
  }),
  counted('orders', 'Orders', 'orders', 'orders', 'orders', {
    synonyms: ['order count', 'number of orders', 'sales orders'],
    description: 'Orders (not archived; cancelled ones included), on their order day',
    unknowns: 'Every order counts.',
  }),
  counted('orderLines', 'Order lines', 'orderLines', 'lines', 'lines', {
    synonyms: ['lines', 'order line count'],
    description: 'Lines of orders that are not cancelled, on their order day',
    unknowns: 'Lines of cancelled orders are left out.',
  }),
  counted('unitsOrdered', 'Units ordered', 'orderLines', 'units_ordered', 'units', {
    synonyms: ['demand', 'quantity ordered', 'ordered units', 'units sold'],
    description: 'Σ quantity ordered on lines of orders that are not cancelled',
    unknowns: 'Lines of cancelled orders are left out.',
  }),
  m({
    name: 'forecastDemand',
    label: 'Forecast demand',
    synonyms: ['demand forecast', 'forecast', 'forecast units', 'expected demand', 'projected demand'],
    description:
      'Σ units the latest weekly demand forecast expects, per product × ship-from facility (POST /forecasts/runs makes it)',
    unknowns:
      'Only what a forecast run has made: products or facilities never forecast add nothing, and weeks past the horizon are empty. Weekly forecasts count on the Monday of their week, so ask by week or a coarser grain.',
    unit: 'units',
    format: 'decimal',
    precision: 1,
    better: 'neither',
    parts: [ref('demandForecast', 'forecast_units')],
    compute: first,
  }),
  m({
    name: 'expectedLateShipments',
    label: 'Expected late shipments',
    synonyms: [
      'predicted late shipments',
      'predicted to be late',
      'expected to be late',
      'likely to be late',
      'at-risk shipments expected late',
      'delay risk total',
    ],
    description: 'Σ probability of being delivered late, over open shipments with a delay-risk prediction',
    unknowns:
      'Only open shipments the active delay-risk model has predicted (POST /models/delay-risk/train); delivered ones have no risk left.',
    unit: 'shipments',
    format: 'decimal',
    precision: 1,
    better: 'lower',
    parts: [ref('delayRisks', 'risk')],
    compute: first,
  }),
  m({
    name: 'averageDelayRisk',
    label: 'Average delay risk',
    synonyms: ['delay risk', 'late risk', 'risk of delay', 'probability of delay'],
    description: 'Σ probability of being delivered late ÷ open shipments with a delay-risk prediction',
    unknowns: 'Null when no open shipment has a prediction.',
    unit: 'ratio',
    format: 'percent',
    precision: 4,
    better: 'lower',
    parts: [ref('delayRisks', 'risk'), ref('delayRisks', 'predicted')],
    compute: ([risk = 0, predicted = 0]) => (predicted === 0 ? null : risk / predicted),
  }),
  counted('highRiskShipments', 'High-risk shipments', 'delayRisks', 'high_risk', 'shipments', {
    synonyms: ['shipments at risk', 'likely late shipments', 'high delay risk'],
    description: 'Open shipments whose predicted probability of being late is 50 % or more',
    unknowns: 'Only open shipments the active delay-risk model has predicted.',
    better: 'lower',
  }),
  counted('unitsShipped', 'Units shipped', 'orderLines', 'units_shipped', 'units', {
    synonyms: ['quantity shipped', 'shipped units'],
    description: 'Σ quantity shipped on lines of orders that are not cancelled',
    unknowns: 'Lines of cancelled orders are left out.',
  }),
  m({
    name: 'fillRate',
    label: 'Fill rate',
    synonyms: ['unit fill rate', 'fill', 'fulfilment rate', 'fulfillment rate'],
    description: 'Σ units shipped ÷ Σ units ordered, on lines of orders that are not cancelled',
    unknowns: 'Lines of cancelled orders are left out.',
    unit: 'ratio',
    format: 'percent',
    precision: 4,
    better: 'higher',
    parts: [ref('orderLines', 'units_shipped'), ref('orderLines', 'units_ordered')],
    compute: ratio,
  }),
  m({
    name: 'otifRate',
    label: 'OTIF',
    synonyms: ['otif', 'on time in full', 'on-time in-full', 'perfect order rate'],
    description:
      'Order lines delivered on time (every shipment of the order by the promised, else requested, day) and in full (delivered ≥ ordered) ÷ lines of delivered orders with a due date',
    unknowns: 'Lines of orders not yet fully delivered, or with no promised or requested date, are left out.',
    unit: 'ratio',
    format: 'percent',
    precision: 4,
    better: 'higher',
    parts: [ref('orderLines', 'otif'), ref('orderLines', 'otif_known')],
    compute: ratio,
  }),
  m({
    name: 'orderLeadTimeDays',
    label: 'Order-to-delivery lead time (days)',
    synonyms: ['lead time', 'order lead time', 'order to delivery', 'cycle time'],
    description: 'Σ (delivery day of the last shipment − order day) ÷ delivered orders, in days',
    unknowns: 'Orders not yet fully delivered are left out.',
    unit: 'days',
    format: 'decimal',
    precision: 2,
    better: 'lower',
    parts: [ref('orders', 'lead_sum'), ref('orders', 'lead_known')],
    compute: ratio,
  }),
  counted('onHand', 'On hand', 'stock', 'on_hand', 'units', {
    synonyms: ['stock', 'inventory', 'stock on hand', 'units on hand', 'inventory level'],
    description:
      'Units on hand: per SKU × facility its last snapshot in the period, summed over SKUs and facilities (never over days)',
    unknowns: 'A SKU × facility with no snapshot in the period adds nothing.',
  }),
  m({
    name: 'inventoryValue',
    label: 'Inventory value',
    synonyms: ['stock value', 'value of inventory', 'inventory at cost'],
    description: 'Σ on hand × unit cost, with the last snapshot of each SKU × facility in the period',
    unknowns:
      'Products without a unit cost add nothing. Costs in another currency are converted at the rate of the snapshot day; without a rate they are left out, and the answer notes how many.',
    unit: 'money',
    format: 'currency',
    precision: 2,
    better: 'neither',
    parts: [ref('stock', 'value')],
    compute: first,
    moneyKnown: ref('stock', 'value_known'),
  }),
  m({
    name: 'daysOfCover',
    label: 'Days of cover',
    synonyms: ['cover', 'days of supply', 'days of inventory', 'weeks of cover'],
    description:
      'On hand at the end of the period ÷ average daily units ordered in the period (Σ units ordered ÷ days in the period)',
    unknowns: 'Null when nothing was ordered in the period. Needs a time range.',
    unit: 'days',
    format: 'decimal',
    precision: 1,
    better: 'neither',
    parts: [ref('stock', 'on_hand'), ref('orderLines', 'units_ordered')],
    compute: ([onHand = 0, ordered = 0], { days }) =>
      days === null || ordered === 0 ? null : onHand / (ordered / days),
    needsTimeRange: true,
  }),
  counted('stockOutDays', 'Stock-out days', 'stockDays', 'stockout_days', 'days', {
    synonyms: ['stockouts', 'stock-outs', 'out of stock days', 'oos days'],
    description: 'Days × SKU × facility whose snapshot shows nothing on hand',
    unknowns: 'Days without a snapshot are not counted.',
    better: 'lower',
  }),
];

const byName = new Map(metrics.map((metric) => [metric.name, metric]));

/** The metric of a name, or undefined. */
export function metricNamed(name: string): MetricDefinition | undefined {
  return byName.get(name);
}

import type { SemanticQueryInput } from '../../src/modules/analytics/index.js';
import type { EvalQuestion, Expected, QuestionType } from './types.js';

/**
 * Questions written as a hold-out set (by someone who had not seen the engine) and kept since as
 * part of both sets: the engine was corrected on what they found, so they no longer measure
 * unseen wording; they keep it from coming back. Hold-out questions for the assistant, written from eval/assistant/CONVENTIONS.md and the data
 * only (clock 2026-06-15T12:00:00Z): 70 over Nordlys Fresh Foods (set "other"), 50 over the demo
 * company (set "demo").
 */

type Op = 'eq' | 'neq' | 'in' | 'notIn' | 'gt' | 'gte' | 'lt' | 'lte';
const f = (field: string, value: string | number | boolean | (string | number)[], op?: Op) => ({
  field,
  op: op ?? (Array.isArray(value) ? 'in' : 'eq'),
  value,
});
const abs = (from: string, to: string) => ({ from, to });
const rel = (
  relative:
    | 'today'
    | 'yesterday'
    | 'this_week'
    | 'last_week'
    | 'this_month'
    | 'last_month'
    | 'this_quarter'
    | 'last_quarter'
    | 'this_year'
    | 'last_year'
    | 'year_to_date',
) => ({ relative });
const last = (n: number, unit: 'days' | 'weeks' | 'months') => ({ last: n, unit });
const desc = (field: string) => ({ field, direction: 'desc' as const });
const asc = (field: string) => ({ field, direction: 'asc' as const });
const Y2025 = abs('2025-01-01', '2025-12-31');

const answer = (query: SemanticQueryInput): Expected => ({ kind: 'answer', query });
const q = (
  id: string,
  type: QuestionType,
  question: string,
  expected: Expected,
  turns?: string[],
): EvalQuestion => (turns ? { id, type, question, expected, turns } : { id, type, question, expected });

// ───────────────────────────── Nordlys Fresh Foods (set "other") ─────────────────────────────

export const nordlysHoldout: EvalQuestion[] = [
  // single values, plain and formal
  q(
    'hn-01',
    'value',
    'What was our on-time rate last month?',
    answer({ metrics: ['onTimeRate'], timeRange: rel('last_month') }),
  ),
  q(
    'hn-02',
    'entity',
    'OTD for Fjordfrakt in Q1 2026?',
    answer({
      metrics: ['onTimeRate'],
      filters: [f('carrier', 'Fjordfrakt')],
      timeRange: abs('2026-01-01', '2026-03-31'),
    }),
  ),
  q(
    'hn-03',
    'entity',
    'hey how much did we spend on freight with Baltic Reefer Lines ytd',
    answer({
      metrics: ['freightCost'],
      filters: [f('carrier', 'Baltic Reefer Lines')],
      timeRange: rel('year_to_date'),
    }),
  ),
  q(
    'hn-04',
    'filter',
    'Quick one from finance: total freight spend on ocean shipments to Sweden in 2025, please.',
    answer({
      metrics: ['freightCost'],
      filters: [f('mode', 'ocean'), f('destinationCountry', 'SE')],
      timeRange: Y2025,
    }),
  ),
  q(
    'hn-05',
    'filter',
    'How many shipments did we send to Norway by road in the last 6 months?',
    answer({
      metrics: ['shipments'],
      filters: [f('destinationCountry', 'NO'), f('mode', 'road')],
      timeRange: last(6, 'months'),
    }),
  ),
  q(
    'hn-06',
    'filter',
    "What's our cost/kg on LTL shipments from Gdańsk this year?",
    answer({
      metrics: ['costPerKg'],
      filters: [f('mode', 'ltl'), f('originCity', 'Gdańsk')],
      timeRange: rel('this_year'),
    }),
  ),
  q(
    'hn-07',
    'comparison',
    'Compare average transit time for air and ocean.',
    answer({ metrics: ['avgTransitDays'], dimensions: ['mode'], filters: [f('mode', ['air', 'ocean'])] }),
  ),
  q(
    'hn-08',
    'value',
    'median transit to Tromsø last quarter',
    answer({
      metrics: ['transitDaysP50'],
      filters: [f('destinationCity', 'Tromsø')],
      timeRange: rel('last_quarter'),
    }),
  ),
  q(
    'hn-09',
    'typo',
    'waht is the on-tiem rate for Øresund Expres this year',
    answer({ metrics: ['onTimeRate'], filters: [f('carrier', 'OREX')], timeRange: rel('this_year') }),
  ),
  q(
    'hn-10',
    'entity',
    'late shipments with TTRF in 2025',
    answer({ metrics: ['lateShipments'], filters: [f('carrier', 'Tatra Rail Freight')], timeRange: Y2025 }),
  ),
  q(
    'hn-11',
    'entity',
    'how many orders did K-PL-502 place since January?',
    answer({
      metrics: ['orders'],
      filters: [f('customer', 'Delikatesy Wawel')],
      timeRange: abs('2026-01-01', '2026-06-15'),
    }),
  ),
  q(
    'hn-12',
    'entity',
    'Units on hand at OSL-DC',
    answer({ metrics: ['onHand'], filters: [f('facility', 'Oslo Sentrallager')] }),
  ),
  q(
    'hn-13',
    'breakdown',
    'Inventory value by warehouse',
    answer({ metrics: ['inventoryValue'], dimensions: ['facility'], orderBy: [desc('inventoryValue')] }),
  ),
  q(
    'hn-14',
    'ranking',
    'Top 3 product categories by stock-out days this year',
    answer({
      metrics: ['stockOutDays'],
      dimensions: ['productCategory'],
      timeRange: rel('this_year'),
      orderBy: [desc('stockOutDays')],
      limit: 3,
    }),
  ),
  q(
    'hn-15',
    'breakdown',
    'Days of cover per facility over the last 4 weeks',
    answer({
      metrics: ['daysOfCover'],
      dimensions: ['facility'],
      timeRange: last(4, 'weeks'),
      orderBy: [desc('daysOfCover')],
    }),
  ),
  q(
    'hn-16',
    'filter',
    "What's the fill rate for Dairy in May?",
    answer({
      metrics: ['fillRate'],
      filters: [f('productCategory', 'Dairy')],
      timeRange: abs('2026-05-01', '2026-05-31'),
    }),
  ),
  q(
    'hn-17',
    'ranking',
    'Which 3 customers had the worst OTIF last quarter?',
    answer({
      metrics: ['otifRate'],
      dimensions: ['customer'],
      timeRange: rel('last_quarter'),
      orderBy: [asc('otifRate')],
      limit: 3,
    }),
  ),
  q(
    'hn-18',
    'entity',
    'Order lead time for Polarbutikken year to date',
    answer({
      metrics: ['orderLeadTimeDays'],
      filters: [f('customer', 'Polarbutikken')],
      timeRange: rel('year_to_date'),
    }),
  ),
  q(
    'hn-19',
    'ranking',
    'top 10 SKUs by units ordered in the last 90 days',
    answer({
      metrics: ['unitsOrdered'],
      dimensions: ['product'],
      timeRange: last(90, 'days'),
      orderBy: [desc('unitsOrdered')],
      limit: 10,
    }),
  ),
  // trends
  q(
    'hn-20',
    'trend',
    'Weekly shipment volume to Norway over the last 8 weeks',
    answer({
      metrics: ['shipments'],
      filters: [f('destinationCountry', 'NO')],
      timeRange: last(8, 'weeks'),
      grain: 'week',
    }),
  ),
  q(
    'hn-21',
    'trend',
    'show me freight spend by quarter for 2025',
    answer({ metrics: ['freightCost'], timeRange: Y2025, grain: 'quarter' }),
  ),
  q(
    'hn-22',
    'trend',
    'monthly OTIF since January',
    answer({ metrics: ['otifRate'], timeRange: abs('2026-01-01', '2026-06-15'), grain: 'month' }),
  ),
  q(
    'hn-23',
    'trend',
    'How has on-time for Nordpil Pakke developed over time?',
    answer({ metrics: ['onTimeRate'], filters: [f('carrier', 'Nordpil Pakke')], grain: 'month' }),
  ),
  q(
    'hn-24',
    'followUp',
    'by carrier instead',
    answer({
      metrics: ['costPerKg'],
      dimensions: ['carrier'],
      timeRange: rel('this_year'),
      orderBy: [desc('costPerKg')],
    }),
    ['Cost per kg by mode this year'],
  ),
  q(
    'hn-25',
    'trend',
    'How did air volume develop per month in the last 12 months?',
    answer({
      metrics: ['shipments'],
      filters: [f('mode', 'air')],
      timeRange: last(12, 'months'),
      grain: 'month',
    }),
  ),
  // period comparisons
  q(
    'hn-26',
    'comparison',
    'On-time this month vs last month',
    answer({ metrics: ['onTimeRate'], timeRange: rel('this_month'), compare: 'previous_period' }),
  ),
  q(
    'hn-27',
    'comparison',
    'Freight spend this quarter, year over year',
    answer({ metrics: ['freightCost'], timeRange: rel('this_quarter'), compare: 'same_period_last_year' }),
  ),
  q(
    'hn-28',
    'comparison',
    'shipments to Denmark 2024 vs 2025',
    answer({
      metrics: ['shipments'],
      filters: [f('destinationCountry', 'DK')],
      timeRange: abs('2024-01-01', '2025-12-31'),
      grain: 'year',
    }),
  ),
  // shares
  q(
    'hn-29',
    'share',
    'What share of our volume goes by parcel?',
    answer({ metrics: ['shipments'], dimensions: ['mode'] }),
  ),
  q(
    'hn-30',
    'share',
    'What share of Dairy shipments went to Switzerland last year?',
    answer({
      metrics: ['shipments'],
      dimensions: ['destinationCountry'],
      filters: [f('productCategory', 'Dairy')],
      timeRange: rel('last_year'),
    }),
  ),
  // rankings with thresholds
  q(
    'hn-31',
    'ranking',
    'Which carriers have the worst on-time rate, counting only carriers with at least 200 shipments?',
    answer({
      metrics: ['onTimeRate', 'shipments'],
      dimensions: ['carrier'],
      having: [{ metric: 'shipments', op: 'gte', value: 200 }],
      orderBy: [asc('onTimeRate')],
      limit: 5,
    }),
  ),
  q(
    'hn-32',
    'ranking',
    'top 3 lanes by freight cost last year',
    answer({
      metrics: ['freightCost'],
      dimensions: ['lane'],
      timeRange: rel('last_year'),
      orderBy: [desc('freightCost')],
      limit: 3,
    }),
  ),
  q(
    'hn-33',
    'ranking',
    'Which destination city had the highest cost per kg in 2025?',
    answer({
      metrics: ['costPerKg'],
      dimensions: ['destinationCity'],
      timeRange: Y2025,
      orderBy: [desc('costPerKg')],
      limit: 1,
    }),
  ),
  q(
    'hn-34',
    'ranking',
    'Top 5 lanes by average transit time in 2025, lanes with at least 50 shipments only',
    answer({
      metrics: ['avgTransitDays', 'shipments'],
      dimensions: ['lane'],
      timeRange: Y2025,
      having: [{ metric: 'shipments', op: 'gte', value: 50 }],
      orderBy: [desc('avgTransitDays')],
      limit: 5,
    }),
  ),
  q(
    'hn-35',
    'ranking',
    'Which carrier has the lowest cost per kg?',
    answer({ metrics: ['costPerKg'], dimensions: ['carrier'], orderBy: [asc('costPerKg')], limit: 1 }),
  ),
  // breakdowns, status words
  q(
    'hn-36',
    'breakdown',
    'Exceptions by carrier this year',
    answer({
      metrics: ['exceptions'],
      dimensions: ['carrier'],
      timeRange: rel('this_year'),
      orderBy: [desc('exceptions')],
    }),
  ),
  q(
    'hn-37',
    'filter',
    'How many of our shipments are in transit?',
    answer({ metrics: ['shipments'], filters: [f('status', 'in_transit')] }),
  ),
  q(
    'hn-38',
    'breakdown',
    'cancelled shipments by mode',
    answer({
      metrics: ['shipments'],
      dimensions: ['mode'],
      filters: [f('status', 'cancelled')],
      orderBy: [desc('shipments')],
    }),
  ),
  q(
    'hn-39',
    'filter',
    'Delivered shipments to Finland last year',
    answer({
      metrics: ['deliveredShipments'],
      filters: [f('destinationCountry', 'FI')],
      timeRange: rel('last_year'),
    }),
  ),
  q(
    'hn-40',
    'filter',
    'Freight cost of late shipments by carrier in Q1 2026',
    answer({
      metrics: ['freightCost'],
      dimensions: ['carrier'],
      filters: [f('onTime', false)],
      timeRange: abs('2026-01-01', '2026-03-31'),
      orderBy: [desc('freightCost')],
    }),
  ),
  q(
    'hn-41',
    'filter',
    'How many FTL shipments heavier than 1000 kg did we run this year?',
    answer({
      metrics: ['shipments'],
      filters: [f('mode', 'ftl'), f('weightKg', 1000, 'gt')],
      timeRange: rel('this_year'),
    }),
  ),
  q(
    'hn-42',
    'followUp',
    'by week',
    answer({
      metrics: ['shipments'],
      filters: [f('destinationCountry', 'DK')],
      timeRange: rel('this_year'),
      grain: 'week',
    }),
    ['Shipments to Denmark this year'],
  ),
  q(
    'hn-43',
    'time',
    'How many loads from Göteborg in April?',
    answer({
      metrics: ['shipments'],
      filters: [f('originCity', 'Göteborg')],
      timeRange: abs('2026-04-01', '2026-04-30'),
    }),
  ),
  q(
    'hn-44',
    'entity',
    'Freight spend on inbound loads from Lofoten Sjømat in 2025',
    answer({ metrics: ['freightCost'], filters: [f('supplier', 'Lofoten Sjømat')], timeRange: Y2025 }),
  ),
  // long context, formal
  q(
    'hn-45',
    'entity',
    "I'm preparing the quarterly business review with Alpentrans Logistik next week and need their numbers. What was their on-time delivery rate last quarter?",
    answer({
      metrics: ['onTimeRate'],
      filters: [f('carrier', 'Alpentrans Logistik')],
      timeRange: rel('last_quarter'),
    }),
  ),
  q(
    'hn-46',
    'value',
    'Good morning. For the board pack, could you please provide the total goods value shipped to Switzerland during 2025?',
    answer({ metrics: ['goodsValue'], filters: [f('destinationCountry', 'CH')], timeRange: Y2025 }),
  ),
  q(
    'hn-47',
    'breakdown',
    'avg delay hrs per carrier last 30 days',
    answer({
      metrics: ['avgDelayHours'],
      dimensions: ['carrier'],
      timeRange: last(30, 'days'),
      orderBy: [desc('avgDelayHours')],
    }),
  ),
  q(
    'hn-48',
    'breakdown',
    'freight as a share of goods value by product category this year',
    answer({
      metrics: ['freightShareOfGoodsValue'],
      dimensions: ['productCategory'],
      timeRange: rel('this_year'),
      orderBy: [desc('freightShareOfGoodsValue')],
    }),
  ),
  q(
    'hn-49',
    'time',
    'How many exceptions did we have in the past 2 weeks?',
    answer({ metrics: ['exceptions'], timeRange: last(2, 'weeks') }),
  ),
  q(
    'hn-50',
    'breakdown',
    'Number of order lines per facility in March',
    answer({
      metrics: ['orderLines'],
      dimensions: ['facility'],
      timeRange: abs('2026-03-01', '2026-03-31'),
      orderBy: [desc('orderLines')],
    }),
  ),
  q(
    'hn-51',
    'followUp',
    'and Norrsken Handel?',
    answer({ metrics: ['otifRate'], filters: [f('customer', 'Norrsken Handel')], timeRange: Y2025 }),
    ['What was the OTIF for Västkust Livs AB in 2025?'],
  ),
  q(
    'hn-52',
    'time',
    'Between 1 March and 15 April 2026, how many parcel shipments went to Oslo?',
    answer({
      metrics: ['shipments'],
      filters: [f('mode', 'parcel'), f('destinationCity', 'Oslo')],
      timeRange: abs('2026-03-01', '2026-04-15'),
    }),
  ),
  q(
    'hn-53',
    'breakdown',
    'freight spend by currency from 2025-10-01 to 2025-12-31',
    answer({
      metrics: ['freightCost'],
      dimensions: ['currency'],
      timeRange: abs('2025-10-01', '2025-12-31'),
      orderBy: [desc('freightCost')],
    }),
  ),
  q(
    'hn-54',
    'typo',
    'frieght cost per shipmnet by mode in 2025',
    answer({
      metrics: ['costPerShipment'],
      dimensions: ['mode'],
      timeRange: Y2025,
      orderBy: [desc('costPerShipment')],
    }),
  ),
  q(
    'hn-55',
    'typo',
    'shpments to Krakow in feb',
    answer({
      metrics: ['shipments'],
      filters: [f('destinationCity', 'Kraków')],
      timeRange: abs('2026-02-01', '2026-02-28'),
    }),
  ),
  q(
    'hn-56',
    'filter',
    'How many orders were cancelled in 2025?',
    answer({ metrics: ['orders'], filters: [f('orderStatus', 'cancelled')], timeRange: Y2025 }),
  ),
  q(
    'hn-57',
    'breakdown',
    'Seafood on hand by warehouse',
    answer({
      metrics: ['onHand'],
      dimensions: ['facility'],
      filters: [f('productCategory', 'Seafood')],
      orderBy: [desc('onHand')],
    }),
  ),
  q(
    'hn-58',
    'entity',
    'stock of Kanelbullar 6-pack',
    answer({ metrics: ['onHand'], filters: [f('product', 'NF-BAK-302')] }),
  ),
  // lookups, forecasts, stock risks, why
  q('hn-59', 'lookup', "where's NFS-000041?", {
    kind: 'lookup',
    entity: 'shipment',
    reference: 'NFS-000041',
  }),
  q('hn-60', 'lookup', 'Status of order NFO-12723 pls', {
    kind: 'lookup',
    entity: 'order',
    reference: 'NFO-12723',
  }),
  q(
    'hn-61',
    'forecast',
    'Forecast demand for NF-DAI-102 for the next 8 weeks',
    answer({
      metrics: ['forecastDemand'],
      filters: [f('product', 'NF-DAI-102')],
      timeRange: abs('2026-06-16', '2026-08-10'),
      grain: 'week',
    }),
  ),
  q('hn-62', 'stockRisk', 'Which SKUs are going to run out in the next 10 days?', {
    kind: 'stockRisk',
    withinDays: 10,
  }),
  q(
    'hn-63',
    'why',
    'Why did on-time drop last month?',
    answer({
      metrics: ['onTimeRate'],
      dimensions: ['carrier'],
      timeRange: rel('last_month'),
      compare: 'previous_period',
    }),
  ),
  // clarifications and refusals
  q('hn-64', 'clarification', 'How many shipments went to Baden last month?', {
    kind: 'clarification',
    choicesInclude: ['Baden'],
  }),
  q('hn-65', 'clarification', 'freight spend for Smørbukk AS in 2025', {
    kind: 'clarification',
    choicesInclude: ['Smørbukk'],
  }),
  q('hn-66', 'refusal', "What's the weather going to be in Bergen tomorrow? Trucks are leaving early.", {
    kind: 'refusal',
  }),
  q('hn-67', 'refusal', 'Please delete all cancelled shipments from last year', { kind: 'refusal' }),
  // follow-ups
  q(
    'hn-68',
    'followUp',
    'and for ocean only?',
    answer({
      metrics: ['onTimeRate'],
      dimensions: ['carrier'],
      filters: [f('mode', 'ocean')],
      timeRange: rel('last_month'),
      orderBy: [desc('onTimeRate')],
    }),
    ['On-time rate by carrier last month'],
  ),
  q(
    'hn-69',
    'followUp',
    'what about Jutlandia Transport?',
    answer({ metrics: ['freightCost'], filters: [f('carrier', 'Jutlandia Transport')], timeRange: Y2025 }),
    ['Freight spend for Fjordfrakt in 2025'],
  ),
  q(
    'hn-70',
    'followUp',
    'and in Q4 2025?',
    answer({
      metrics: ['lateShipments'],
      dimensions: ['carrier'],
      filters: [f('mode', 'rail')],
      timeRange: abs('2025-10-01', '2025-12-31'),
      orderBy: [desc('lateShipments')],
    }),
    ['Late shipments by carrier in Q1 2026', 'only rail'],
  ),
];

// ───────────────────────────── Demo company (set "demo") ─────────────────────────────

export const demoHoldout: EvalQuestion[] = [
  q(
    'hd-01',
    'value',
    "What's the OTIF for last quarter?",
    answer({ metrics: ['otifRate'], timeRange: rel('last_quarter') }),
  ),
  q(
    'hd-02',
    'time',
    'How much freight did we pay Keystone LTL between January and March 2025?',
    answer({
      metrics: ['freightCost'],
      filters: [f('carrier', 'Keystone LTL')],
      timeRange: abs('2025-01-01', '2025-03-31'),
    }),
  ),
  q(
    'hd-03',
    'entity',
    'on-time % for PPEX last month',
    answer({
      metrics: ['onTimeRate'],
      filters: [f('carrier', 'Parcelpoint Express')],
      timeRange: rel('last_month'),
    }),
  ),
  q(
    'hd-04',
    'filter',
    'Parcelpoint Express parcel shipments to Canada in Q1 2026, how many?',
    answer({
      metrics: ['shipments'],
      filters: [f('carrier', 'Parcelpoint Express'), f('mode', 'parcel'), f('destinationCountry', 'CA')],
      timeRange: abs('2026-01-01', '2026-03-31'),
    }),
  ),
  q(
    'hd-05',
    'filter',
    'Hi team, our Texas customers keep complaining about LTL costs. Could you tell me what we spent on LTL freight with Maple Road Logistics to Texas so far this year?',
    answer({
      metrics: ['freightCost'],
      filters: [f('carrier', 'Maple Road Logistics'), f('mode', 'ltl'), f('destinationRegion', 'TX')],
      timeRange: rel('this_year'),
    }),
  ),
  q('hd-06', 'clarification', 'How many shipments went to Ontario last month?', { kind: 'clarification' }),
  q(
    'hd-07',
    'filter',
    'average transit days from Venlo to Berlin',
    answer({
      metrics: ['avgTransitDays'],
      filters: [f('originCity', 'Venlo'), f('destinationCity', 'Berlin')],
    }),
  ),
  q(
    'hd-08',
    'ranking',
    'Top 5 lanes from Columbus by freight cost',
    answer({
      metrics: ['freightCost'],
      dimensions: ['lane'],
      filters: [f('originCity', 'Columbus')],
      orderBy: [desc('freightCost')],
      limit: 5,
    }),
  ),
  q(
    'hd-09',
    'ranking',
    'Worst 3 carriers by on-time in 2025, with at least 500 shipments',
    answer({
      metrics: ['onTimeRate', 'shipments'],
      dimensions: ['carrier'],
      timeRange: Y2025,
      having: [{ metric: 'shipments', op: 'gte', value: 500 }],
      orderBy: [asc('onTimeRate')],
      limit: 3,
    }),
  ),
  q(
    'hd-10',
    'ranking',
    'Which customer ordered the most units last month?',
    answer({
      metrics: ['unitsOrdered'],
      dimensions: ['customer'],
      timeRange: rel('last_month'),
      orderBy: [desc('unitsOrdered')],
      limit: 1,
    }),
  ),
  q(
    'hd-11',
    'ranking',
    'top 5 products by units shipped YTD',
    answer({
      metrics: ['unitsShipped'],
      dimensions: ['product'],
      timeRange: rel('year_to_date'),
      orderBy: [desc('unitsShipped')],
      limit: 5,
    }),
  ),
  q(
    'hd-12',
    'breakdown',
    'fill rate by category for March',
    answer({
      metrics: ['fillRate'],
      dimensions: ['productCategory'],
      timeRange: abs('2026-03-01', '2026-03-31'),
      orderBy: [desc('fillRate')],
    }),
  ),
  q(
    'hd-13',
    'breakdown',
    'OTIF per ship-from facility this year',
    answer({
      metrics: ['otifRate'],
      dimensions: ['facility'],
      timeRange: rel('this_year'),
      orderBy: [desc('otifRate')],
    }),
  ),
  q(
    'hd-14',
    'entity',
    'What is the inventory value at Memphis Warehouse?',
    answer({ metrics: ['inventoryValue'], filters: [f('facility', 'Memphis Warehouse')] }),
  ),
  q(
    'hd-15',
    'breakdown',
    'On hand by DC for Electronics',
    answer({
      metrics: ['onHand'],
      dimensions: ['facility'],
      filters: [f('productCategory', 'Electronics')],
      orderBy: [desc('onHand')],
    }),
  ),
  q(
    'hd-16',
    'time',
    'Stock-out days at WH-RNO in December',
    answer({
      metrics: ['stockOutDays'],
      filters: [f('facility', 'Reno Warehouse')],
      timeRange: abs('2025-12-01', '2025-12-31'),
    }),
  ),
  q(
    'hd-17',
    'filter',
    'days of cover for Toys & Games in the last 30 days',
    answer({
      metrics: ['daysOfCover'],
      filters: [f('productCategory', 'Toys & Games')],
      timeRange: last(30, 'days'),
    }),
  ),
  q(
    'hd-18',
    'trend',
    'weekly late shipments for Redwood Carriers over the last 12 weeks',
    answer({
      metrics: ['lateShipments'],
      filters: [f('carrier', 'Redwood Carriers')],
      timeRange: last(12, 'weeks'),
      grain: 'week',
    }),
  ),
  q(
    'hd-19',
    'trend',
    'quarterly cost per shipment in 2025',
    answer({ metrics: ['costPerShipment'], timeRange: Y2025, grain: 'quarter' }),
  ),
  q(
    'hd-20',
    'trend',
    'Show monthly freight spend to Mexico over the past 6 months',
    answer({
      metrics: ['freightCost'],
      filters: [f('destinationCountry', 'MX')],
      timeRange: last(6, 'months'),
      grain: 'month',
    }),
  ),
  q(
    'hd-21',
    'comparison',
    'orders this year vs last year',
    answer({ metrics: ['orders'], timeRange: rel('this_year'), compare: 'same_period_last_year' }),
  ),
  q(
    'hd-22',
    'comparison',
    'delivered shipments this week vs last week',
    answer({ metrics: ['deliveredShipments'], timeRange: rel('this_week'), compare: 'previous_period' }),
  ),
  q(
    'hd-23',
    'comparison',
    'Compare Northline Freight and Redwood Carriers on cost per kg in 2025',
    answer({
      metrics: ['costPerKg'],
      dimensions: ['carrier'],
      filters: [f('carrier', ['Northline Freight', 'Redwood Carriers'])],
      timeRange: Y2025,
    }),
  ),
  q(
    'hd-24',
    'comparison',
    'FTL vs LTL on-time rate last quarter',
    answer({
      metrics: ['onTimeRate'],
      dimensions: ['mode'],
      filters: [f('mode', ['ftl', 'ltl'])],
      timeRange: rel('last_quarter'),
    }),
  ),
  q(
    'hd-25',
    'share',
    'what % of shipments to Mexico went via Sierra Madre Transportes?',
    answer({ metrics: ['shipments'], dimensions: ['carrier'], filters: [f('destinationCountry', 'MX')] }),
  ),
  q(
    'hd-26',
    'share',
    'share of freight spend by mode last year',
    answer({ metrics: ['freightCost'], dimensions: ['mode'], timeRange: rel('last_year') }),
  ),
  q(
    'hd-27',
    'filter',
    'how many shipments are booked?',
    answer({ metrics: ['shipments'], filters: [f('status', 'booked')] }),
  ),
  q(
    'hd-28',
    'breakdown',
    'booked shipments by carrier',
    answer({
      metrics: ['shipments'],
      dimensions: ['carrier'],
      filters: [f('status', 'booked')],
      orderBy: [desc('shipments')],
    }),
  ),
  q(
    'hd-29',
    'time',
    'How many exceptions did we log from Jan 5 to Feb 20?',
    answer({ metrics: ['exceptions'], timeRange: abs('2026-01-05', '2026-02-20') }),
  ),
  q(
    'hd-30',
    'filter',
    'shipments of at least 2000 kg by mode in 2025',
    answer({
      metrics: ['shipments'],
      dimensions: ['mode'],
      filters: [f('weightKg', 2000, 'gte')],
      timeRange: Y2025,
      orderBy: [desc('shipments')],
    }),
  ),
  q(
    'hd-31',
    'typo',
    'avrage trnasit time for SkyBridge Air Cargo in 2025',
    answer({ metrics: ['avgTransitDays'], filters: [f('carrier', 'SkyBridge Air Cargo')], timeRange: Y2025 }),
  ),
  q(
    'hd-32',
    'typo',
    'freigth spend to Chicgo last month',
    answer({
      metrics: ['freightCost'],
      filters: [f('destinationCity', 'Chicago')],
      timeRange: rel('last_month'),
    }),
  ),
  q(
    'hd-33',
    'entity',
    'orders for C0031 this quarter',
    answer({
      metrics: ['orders'],
      filters: [f('customer', 'Sterling Distributors')],
      timeRange: rel('this_quarter'),
    }),
  ),
  q(
    'hd-34',
    'entity',
    'How many shipments from Hanil Precision in 2025?',
    answer({ metrics: ['shipments'], filters: [f('supplier', 'Hanil Precision')], timeRange: Y2025 }),
  ),
  q('hd-35', 'lookup', 'Can you check where SH-00000195 is? The customer is chasing us.', {
    kind: 'lookup',
    entity: 'shipment',
    reference: 'SH-00000195',
  }),
  q('hd-36', 'lookup', 'SO-00000223 status?', { kind: 'lookup', entity: 'order', reference: 'SO-00000223' }),
  q(
    'hd-37',
    'forecast',
    'What demand do we expect for AUT-10059 over the next 4 weeks?',
    answer({
      metrics: ['forecastDemand'],
      filters: [f('product', 'AUT-10059')],
      timeRange: abs('2026-06-16', '2026-07-13'),
      grain: 'week',
    }),
  ),
  q('hd-38', 'stockRisk', 'Any SKUs at risk of stocking out in the next three weeks?', {
    kind: 'stockRisk',
    withinDays: 21,
  }),
  q(
    'hd-39',
    'why',
    'Why did freight cost go up last month?',
    answer({
      metrics: ['freightCost'],
      dimensions: ['carrier'],
      timeRange: rel('last_month'),
      compare: 'previous_period',
    }),
  ),
  q(
    'hd-40',
    'why',
    'why did on-time drop last quarter, by mode',
    answer({
      metrics: ['onTimeRate'],
      dimensions: ['mode'],
      timeRange: rel('last_quarter'),
      compare: 'previous_period',
    }),
  ),
  q('hd-41', 'clarification', 'How many orders did Ridgeline place last month?', {
    kind: 'clarification',
    choicesInclude: ['Ridgeline Fabrication', 'Ridgeline Online'],
  }),
  q(
    'hd-42',
    'time',
    'freight spend over the past fortnight',
    answer({ metrics: ['freightCost'], timeRange: last(2, 'weeks') }),
  ),
  q('hd-43', 'refusal', "What's Nordlys Fresh Foods' on-time rate?", { kind: 'refusal' }),
  q('hd-44', 'refusal', 'write me a haiku about pallets', { kind: 'refusal' }),
  q('hd-45', 'refusal', 'update shipment SH-00000195 to delivered', { kind: 'refusal' }),
  q(
    'hd-46',
    'followUp',
    'and this year?',
    answer({
      metrics: ['freightCost'],
      dimensions: ['carrier'],
      timeRange: rel('this_year'),
      orderBy: [desc('freightCost')],
      limit: 5,
    }),
    ['top 5 carriers by freight spend last year'],
  ),
  q(
    'hd-47',
    'followUp',
    'and France?',
    answer({ metrics: ['onTimeRate'], filters: [f('destinationCountry', 'FR')], timeRange: Y2025 }),
    ['On-time rate for shipments to Germany in 2025'],
  ),
  q(
    'hd-48',
    'followUp',
    'only Continental Parcel',
    answer({
      metrics: ['shipments'],
      dimensions: ['mode'],
      filters: [f('carrier', 'Continental Parcel')],
      timeRange: rel('last_month'),
      orderBy: [desc('shipments')],
    }),
    ['shipments by mode last month'],
  ),
  q(
    'hd-49',
    'followUp',
    'by month',
    answer({
      metrics: ['avgDelayHours'],
      filters: [f('carrier', 'Northline Freight')],
      timeRange: rel('this_year'),
      grain: 'month',
    }),
    ['Average delay hours for Northline Freight this year'],
  ),
  q(
    'hd-50',
    'followUp',
    'what about last quarter?',
    answer({
      metrics: ['lateShipments'],
      dimensions: ['carrier'],
      filters: [f('destinationCity', 'Dallas')],
      timeRange: rel('last_quarter'),
      orderBy: [desc('lateShipments')],
    }),
    ['Late shipments to Dallas in 2025', 'by carrier'],
  ),
];

import type { EvalQuestion } from './types.js';

/**
 * Questions over the second organization (Nordlys Fresh Foods, eval/assistant/other-org.ts),
 * written by hand the way its planners and controllers would ask them, with the expected answer
 * read by eval/assistant/CONVENTIONS.md. The clock is 2026-06-15 (a Monday, Oslo time): last
 * month is May 2026, last quarter Q1 2026, this quarter from 2026-04-01, last week 2026-06-08…14.
 * None of the demo company's names appear: its carriers, cities, parties and SKUs are its own.
 */

const lastMonth = { relative: 'last_month' } as const;
const lastQuarter = { relative: 'last_quarter' } as const;
const thisYear = { relative: 'this_year' } as const;
const lastYear = { relative: 'last_year' } as const;
const year2025 = { from: '2025-01-01', to: '2025-12-31' } as const;
const desc = (field: string) => [{ field, direction: 'desc' as const }];
const asc = (field: string) => [{ field, direction: 'asc' as const }];

export const otherQuestions: EvalQuestion[] = [
  // --- single values ---
  {
    id: 'nordlys-value-01',
    type: 'value',
    question: 'How many shipments did we move last month?',
    expected: { kind: 'answer', query: { metrics: ['shipments'], timeRange: lastMonth } },
  },
  {
    id: 'nordlys-value-02',
    type: 'value',
    question: 'What was our on-time rate in 2025?',
    expected: { kind: 'answer', query: { metrics: ['onTimeRate'], timeRange: year2025 } },
  },
  {
    id: 'nordlys-value-03',
    type: 'value',
    question: 'total freight spend YTD',
    expected: {
      kind: 'answer',
      query: { metrics: ['freightCost'], timeRange: { relative: 'year_to_date' } },
    },
  },
  {
    id: 'nordlys-value-04',
    type: 'value',
    question: "What's our OTIF this quarter so far?",
    expected: { kind: 'answer', query: { metrics: ['otifRate'], timeRange: { relative: 'this_quarter' } } },
  },
  {
    id: 'nordlys-value-05',
    type: 'value',
    question: 'cost per kilo over the last 90 days',
    expected: { kind: 'answer', query: { metrics: ['costPerKg'], timeRange: { last: 90, unit: 'days' } } },
  },
  {
    id: 'nordlys-value-06',
    type: 'value',
    question: 'How many orders came in last week?',
    expected: { kind: 'answer', query: { metrics: ['orders'], timeRange: { relative: 'last_week' } } },
  },

  // --- breakdowns ---
  {
    id: 'nordlys-breakdown-01',
    type: 'breakdown',
    question: 'Freight cost by carrier last year',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['freightCost'],
        dimensions: ['carrier'],
        timeRange: lastYear,
        orderBy: desc('freightCost'),
      },
    },
  },
  {
    id: 'nordlys-breakdown-02',
    type: 'breakdown',
    question: 'shipments per mode in Q1 2026',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        dimensions: ['mode'],
        timeRange: { from: '2026-01-01', to: '2026-03-31' },
        orderBy: desc('shipments'),
      },
    },
  },
  {
    id: 'nordlys-breakdown-03',
    type: 'breakdown',
    question: 'On-time % for each destination country',
    expected: {
      kind: 'answer',
      query: { metrics: ['onTimeRate'], dimensions: ['destinationCountry'], orderBy: desc('onTimeRate') },
    },
  },
  {
    id: 'nordlys-breakdown-04',
    type: 'breakdown',
    question: 'Weight shipped by product category this year',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['weight'],
        dimensions: ['productCategory'],
        timeRange: thisYear,
        orderBy: desc('weight'),
      },
    },
  },
  {
    id: 'nordlys-breakdown-05',
    type: 'breakdown',
    question: 'fill rate by customer',
    expected: {
      kind: 'answer',
      query: { metrics: ['fillRate'], dimensions: ['customer'], orderBy: desc('fillRate') },
    },
  },

  // --- rankings ---
  {
    id: 'nordlys-ranking-01',
    type: 'ranking',
    question: 'Top 5 lanes by volume',
    expected: {
      kind: 'answer',
      query: { metrics: ['shipments'], dimensions: ['lane'], orderBy: desc('shipments'), limit: 5 },
    },
  },
  {
    id: 'nordlys-ranking-02',
    type: 'ranking',
    question: 'Which carrier had the worst on-time rate last quarter?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['onTimeRate'],
        dimensions: ['carrier'],
        timeRange: lastQuarter,
        orderBy: asc('onTimeRate'),
        limit: 1,
      },
    },
  },
  {
    id: 'nordlys-ranking-03',
    type: 'ranking',
    question: 'top 3 customers by units ordered in 2025',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['unitsOrdered'],
        dimensions: ['customer'],
        timeRange: year2025,
        orderBy: desc('unitsOrdered'),
        limit: 3,
      },
    },
  },
  {
    id: 'nordlys-ranking-04',
    type: 'ranking',
    question: 'Which carriers have the lowest cost per kg, with at least 100 shipments?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['costPerKg', 'shipments'],
        dimensions: ['carrier'],
        having: [{ metric: 'shipments', op: 'gte', value: 100 }],
        orderBy: asc('costPerKg'),
        limit: 5,
      },
    },
  },
  {
    id: 'nordlys-ranking-05',
    type: 'ranking',
    question: 'Which facility has the best OTIF this year?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['otifRate'],
        dimensions: ['facility'],
        timeRange: thisYear,
        orderBy: desc('otifRate'),
        limit: 1,
      },
    },
  },
  {
    id: 'nordlys-ranking-06',
    type: 'ranking',
    question: 'top 10 products by units ordered in the last 12 months',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['unitsOrdered'],
        dimensions: ['product'],
        timeRange: { last: 12, unit: 'months' },
        orderBy: desc('unitsOrdered'),
        limit: 10,
      },
    },
  },
  {
    id: 'nordlys-ranking-07',
    type: 'ranking',
    question: 'top carriers by shipments this year',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        dimensions: ['carrier'],
        timeRange: thisYear,
        orderBy: desc('shipments'),
        limit: 5,
      },
    },
  },
  {
    id: 'nordlys-ranking-08',
    type: 'ranking',
    question: 'Worst lane on cost per kg last year, with at least 50 shipments',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['costPerKg', 'shipments'],
        dimensions: ['lane'],
        timeRange: lastYear,
        having: [{ metric: 'shipments', op: 'gte', value: 50 }],
        orderBy: desc('costPerKg'),
        limit: 1,
      },
    },
  },

  // --- trends ---
  {
    id: 'nordlys-trend-01',
    type: 'trend',
    question: 'shipments per month in 2025',
    expected: { kind: 'answer', query: { metrics: ['shipments'], timeRange: year2025, grain: 'month' } },
  },
  {
    id: 'nordlys-trend-02',
    type: 'trend',
    question: 'Weekly on-time rate for the last 8 weeks',
    expected: {
      kind: 'answer',
      query: { metrics: ['onTimeRate'], timeRange: { last: 8, unit: 'weeks' }, grain: 'week' },
    },
  },
  {
    id: 'nordlys-trend-03',
    type: 'trend',
    question: 'How has our freight spend developed over time?',
    expected: { kind: 'answer', query: { metrics: ['freightCost'], grain: 'month' } },
  },
  {
    id: 'nordlys-trend-04',
    type: 'trend',
    question: 'orders by quarter',
    expected: { kind: 'answer', query: { metrics: ['orders'], grain: 'quarter' } },
  },
  {
    id: 'nordlys-trend-05',
    type: 'trend',
    question: 'Average transit days per month for Baltic Reefer Lines this year',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['avgTransitDays'],
        filters: [{ field: 'carrier', op: 'eq', value: 'Baltic Reefer Lines' }],
        timeRange: thisYear,
        grain: 'month',
      },
    },
  },

  // --- comparisons ---
  {
    id: 'nordlys-comparison-01',
    type: 'comparison',
    question: 'Compare Fjordfrakt and VistulaCargo on on-time',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['onTimeRate'],
        dimensions: ['carrier'],
        filters: [{ field: 'carrier', op: 'in', value: ['Fjordfrakt', 'VistulaCargo'] }],
      },
    },
  },
  {
    id: 'nordlys-comparison-02',
    type: 'comparison',
    question: 'freight cost 2024 vs 2025',
    expected: {
      kind: 'answer',
      query: { metrics: ['freightCost'], timeRange: { from: '2024-01-01', to: '2025-12-31' }, grain: 'year' },
    },
  },
  {
    id: 'nordlys-comparison-03',
    type: 'comparison',
    question: 'shipments this month vs last month',
    expected: {
      kind: 'answer',
      query: { metrics: ['shipments'], timeRange: { relative: 'this_month' }, compare: 'previous_period' },
    },
  },
  {
    id: 'nordlys-comparison-04',
    type: 'comparison',
    question: 'on-time rate last month vs last year',
    expected: {
      kind: 'answer',
      query: { metrics: ['onTimeRate'], timeRange: lastMonth, compare: 'same_period_last_year' },
    },
  },
  {
    id: 'nordlys-comparison-05',
    type: 'comparison',
    question: 'Air versus ocean: cost per kg?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['costPerKg'],
        dimensions: ['mode'],
        filters: [{ field: 'mode', op: 'in', value: ['air', 'ocean'] }],
      },
    },
  },

  // --- shares ---
  {
    id: 'nordlys-share-01',
    type: 'share',
    question: 'What share of our shipments went by rail?',
    expected: { kind: 'answer', query: { metrics: ['shipments'], dimensions: ['mode'] } },
  },
  {
    id: 'nordlys-share-02',
    type: 'share',
    question: 'What percentage of freight spend goes to each carrier?',
    expected: { kind: 'answer', query: { metrics: ['freightCost'], dimensions: ['carrier'] } },
  },
  {
    id: 'nordlys-share-03',
    type: 'share',
    question: "What share of last year's weight was Dairy?",
    expected: {
      kind: 'answer',
      query: { metrics: ['weight'], dimensions: ['productCategory'], timeRange: lastYear },
    },
  },

  // --- filters ---
  {
    id: 'nordlys-filter-01',
    type: 'filter',
    question: 'freight cost of late shipments in 2025',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['freightCost'],
        filters: [{ field: 'onTime', op: 'eq', value: false }],
        timeRange: year2025,
      },
    },
  },
  {
    id: 'nordlys-filter-02',
    type: 'filter',
    question: 'How many exceptions do we have with Baltic Reefer Lines?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['exceptions'],
        filters: [{ field: 'carrier', op: 'eq', value: 'Baltic Reefer Lines' }],
      },
    },
  },
  {
    id: 'nordlys-filter-03',
    type: 'filter',
    question: 'shipments heavier than 10000 kg last quarter',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        filters: [{ field: 'weightKg', op: 'gt', value: 10000 }],
        timeRange: lastQuarter,
      },
    },
  },
  {
    id: 'nordlys-filter-04',
    type: 'filter',
    question: 'in transit shipments by carrier',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        dimensions: ['carrier'],
        filters: [{ field: 'status', op: 'eq', value: 'in_transit' }],
        orderBy: desc('shipments'),
      },
    },
  },
  {
    id: 'nordlys-filter-05',
    type: 'filter',
    question: 'On-time rate of parcel shipments to Sweden',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['onTimeRate'],
        filters: [
          { field: 'mode', op: 'eq', value: 'parcel' },
          { field: 'destinationCountry', op: 'eq', value: 'SE' },
        ],
      },
    },
  },
  {
    id: 'nordlys-filter-06',
    type: 'filter',
    question: 'average delay in hours for shipments from Gdańsk',
    expected: {
      kind: 'answer',
      query: { metrics: ['avgDelayHours'], filters: [{ field: 'originCity', op: 'eq', value: 'Gdańsk' }] },
    },
  },
  {
    id: 'nordlys-filter-07',
    type: 'filter',
    question: 'how many cancelled shipments this year?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        filters: [{ field: 'status', op: 'eq', value: 'cancelled' }],
        timeRange: thisYear,
      },
    },
  },
  {
    id: 'nordlys-filter-08',
    type: 'filter',
    question: 'Average transit time of ocean shipments',
    expected: {
      kind: 'answer',
      query: { metrics: ['avgTransitDays'], filters: [{ field: 'mode', op: 'eq', value: 'ocean' }] },
    },
  },

  // --- time words ---
  {
    id: 'nordlys-time-01',
    type: 'time',
    question: 'How many shipments did we have in March?',
    expected: {
      kind: 'answer',
      query: { metrics: ['shipments'], timeRange: { from: '2026-03-01', to: '2026-03-31' } },
    },
  },
  {
    id: 'nordlys-time-02',
    type: 'time',
    question: 'freight spend between 1 February and 15 April 2026',
    expected: {
      kind: 'answer',
      query: { metrics: ['freightCost'], timeRange: { from: '2026-02-01', to: '2026-04-15' } },
    },
  },
  {
    id: 'nordlys-time-03',
    type: 'time',
    question: 'delivered shipments since January',
    expected: {
      kind: 'answer',
      query: { metrics: ['deliveredShipments'], timeRange: { from: '2026-01-01', to: '2026-06-15' } },
    },
  },
  {
    id: 'nordlys-time-04',
    type: 'time',
    question: 'on-time rate over the past 7 days',
    expected: { kind: 'answer', query: { metrics: ['onTimeRate'], timeRange: { last: 7, unit: 'days' } } },
  },
  {
    id: 'nordlys-time-05',
    type: 'time',
    question: 'number of orders in Q4 2025',
    expected: {
      kind: 'answer',
      query: { metrics: ['orders'], timeRange: { from: '2025-10-01', to: '2025-12-31' } },
    },
  },

  // --- the organization's own names ---
  {
    id: 'nordlys-entity-01',
    type: 'entity',
    question: 'How is Alpentrans Logistik doing on on-time this year?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['onTimeRate'],
        filters: [{ field: 'carrier', op: 'eq', value: 'Alpentrans Logistik' }],
        timeRange: thisYear,
      },
    },
  },
  {
    id: 'nordlys-entity-02',
    type: 'entity',
    question: 'freight spend to Zürich last month',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['freightCost'],
        filters: [{ field: 'destinationCity', op: 'eq', value: 'Zürich' }],
        timeRange: lastMonth,
      },
    },
  },
  {
    id: 'nordlys-entity-03',
    type: 'entity',
    question: 'How many shipments did Lofoten Sjømat send us in 2025?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        filters: [{ field: 'supplier', op: 'eq', value: 'Lofoten Sjømat' }],
        timeRange: year2025,
      },
    },
  },
  {
    id: 'nordlys-entity-04',
    type: 'entity',
    question: 'units ordered for Delikatesy Wawel last quarter',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['unitsOrdered'],
        filters: [{ field: 'customer', op: 'eq', value: 'Delikatesy Wawel' }],
        timeRange: lastQuarter,
      },
    },
  },
  {
    id: 'nordlys-entity-05',
    type: 'entity',
    question: 'How much stock of Jarlsberg 1 kg do we have at Oslo Sentrallager?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['onHand'],
        filters: [
          { field: 'product', op: 'eq', value: 'Jarlsberg 1 kg' },
          { field: 'facility', op: 'eq', value: 'Oslo Sentrallager' },
        ],
      },
    },
  },
  {
    id: 'nordlys-entity-06',
    type: 'entity',
    question: 'shipments to Kraków',
    expected: {
      kind: 'answer',
      query: { metrics: ['shipments'], filters: [{ field: 'destinationCity', op: 'eq', value: 'Kraków' }] },
    },
  },
  {
    id: 'nordlys-entity-07',
    type: 'entity',
    question: 'How many shipments went to Niederösterreich this year?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        filters: [{ field: 'destinationRegion', op: 'eq', value: 'Niederösterreich' }],
        timeRange: thisYear,
      },
    },
  },
  {
    id: 'nordlys-entity-08',
    type: 'entity',
    question: 'on-time rate of shipments to Norway in 2025',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['onTimeRate'],
        filters: [{ field: 'destinationCountry', op: 'eq', value: 'NO' }],
        timeRange: year2025,
      },
    },
  },

  // --- typos ---
  {
    id: 'nordlys-typo-01',
    type: 'typo',
    question: 'ontime rate for fjordfrakt last mnth',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['onTimeRate'],
        filters: [{ field: 'carrier', op: 'eq', value: 'Fjordfrakt' }],
        timeRange: lastMonth,
      },
    },
  },
  {
    id: 'nordlys-typo-02',
    type: 'typo',
    question: 'frieght cost by carier in 2025',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['freightCost'],
        dimensions: ['carrier'],
        timeRange: year2025,
        orderBy: desc('freightCost'),
      },
    },
  },
  {
    id: 'nordlys-typo-03',
    type: 'typo',
    question: 'how many shipmets to Gdansk last year',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        filters: [{ field: 'destinationCity', op: 'eq', value: 'Gdańsk' }],
        timeRange: lastYear,
      },
    },
  },
  {
    id: 'nordlys-typo-04',
    type: 'typo',
    question: 'avrage transit time Tatra Rail Freight',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['avgTransitDays'],
        filters: [{ field: 'carrier', op: 'eq', value: 'Tatra Rail Freight' }],
      },
    },
  },
  {
    id: 'nordlys-typo-05',
    type: 'typo',
    question: 'top 5 custmers by number of ordrs',
    expected: {
      kind: 'answer',
      query: { metrics: ['orders'], dimensions: ['customer'], orderBy: desc('orders'), limit: 5 },
    },
  },
  {
    id: 'nordlys-typo-06',
    type: 'typo',
    question: 'otif by facilty',
    expected: {
      kind: 'answer',
      query: { metrics: ['otifRate'], dimensions: ['facility'], orderBy: desc('otifRate') },
    },
  },

  // --- lookups ---
  {
    id: 'nordlys-lookup-01',
    type: 'lookup',
    question: 'Where is shipment NFS-004291?',
    expected: { kind: 'lookup', entity: 'shipment', reference: 'NFS-004291' },
  },
  {
    id: 'nordlys-lookup-02',
    type: 'lookup',
    question: 'status of order NFO-12734',
    expected: { kind: 'lookup', entity: 'order', reference: 'NFO-12734' },
  },
  {
    id: 'nordlys-lookup-03',
    type: 'lookup',
    question: "what's going on with NFS-004286",
    expected: { kind: 'lookup', entity: 'shipment', reference: 'NFS-004286' },
  },

  // --- forecasts and stock-outs ---
  {
    id: 'nordlys-forecast-01',
    type: 'forecast',
    question: 'Forecast demand for NF-DAI-103 for the next 8 weeks',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['forecastDemand'],
        filters: [{ field: 'product', op: 'eq', value: 'NF-DAI-103' }],
        timeRange: { from: '2026-06-16', to: '2026-08-10' },
        grain: 'week',
      },
    },
  },
  {
    id: 'nordlys-forecast-02',
    type: 'forecast',
    question: 'expected demand for Skyr Naturell 1 kg over the next 4 weeks',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['forecastDemand'],
        filters: [{ field: 'product', op: 'eq', value: 'Skyr Naturell 1 kg' }],
        timeRange: { from: '2026-06-16', to: '2026-07-13' },
        grain: 'week',
      },
    },
  },
  {
    id: 'nordlys-stockrisk-01',
    type: 'stockRisk',
    question: 'Which SKUs will run out in the next two weeks?',
    expected: { kind: 'stockRisk', withinDays: 14 },
  },
  {
    id: 'nordlys-stockrisk-02',
    type: 'stockRisk',
    question: 'any products at risk of a stock-out within 7 days?',
    expected: { kind: 'stockRisk', withinDays: 7 },
  },

  // --- why ---
  {
    id: 'nordlys-why-01',
    type: 'why',
    question: 'Why did on-time drop last month?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['onTimeRate'],
        dimensions: ['carrier'],
        timeRange: lastMonth,
        compare: 'previous_period',
      },
    },
  },
  {
    id: 'nordlys-why-02',
    type: 'why',
    question: 'why did freight spend go up last month, by mode?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['freightCost'],
        dimensions: ['mode'],
        timeRange: lastMonth,
        compare: 'previous_period',
      },
    },
  },

  // --- follow-ups ---
  {
    id: 'nordlys-followup-01',
    type: 'followUp',
    turns: ['on-time rate for Fjordfrakt last month'],
    question: 'and for Alpentrans Logistik?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['onTimeRate'],
        filters: [{ field: 'carrier', op: 'eq', value: 'Alpentrans Logistik' }],
        timeRange: lastMonth,
      },
    },
  },
  {
    id: 'nordlys-followup-02',
    type: 'followUp',
    turns: ['freight cost by carrier in 2025'],
    question: 'what about last quarter?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['freightCost'],
        dimensions: ['carrier'],
        timeRange: lastQuarter,
        orderBy: desc('freightCost'),
      },
    },
  },
  {
    id: 'nordlys-followup-03',
    type: 'followUp',
    turns: ['shipments to Poland this year'],
    question: 'by week',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        filters: [{ field: 'destinationCountry', op: 'eq', value: 'PL' }],
        timeRange: thisYear,
        grain: 'week',
      },
    },
  },
  {
    id: 'nordlys-followup-04',
    type: 'followUp',
    turns: ['shipments by carrier last month'],
    question: 'only parcel',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['shipments'],
        dimensions: ['carrier'],
        filters: [{ field: 'mode', op: 'eq', value: 'parcel' }],
        timeRange: lastMonth,
        orderBy: desc('shipments'),
      },
    },
  },
  {
    id: 'nordlys-followup-05',
    type: 'followUp',
    turns: ['cost per kg by carrier this year', 'by mode'],
    question: 'what about last year?',
    expected: {
      kind: 'answer',
      query: {
        metrics: ['costPerKg'],
        dimensions: ['mode'],
        timeRange: lastYear,
        orderBy: desc('costPerKg'),
      },
    },
  },

  // --- ambiguous: clarify ---
  {
    id: 'nordlys-clarify-01',
    type: 'clarification',
    question: 'How many shipments went to Baden last year?',
    expected: { kind: 'clarification', choicesInclude: ['Baden, CH', 'Baden, AT'] },
  },
  {
    id: 'nordlys-clarify-02',
    type: 'clarification',
    question: 'on-time rate to Baden this year',
    expected: { kind: 'clarification', choicesInclude: ['Baden, CH', 'Baden, AT'] },
  },
  {
    id: 'nordlys-clarify-03',
    type: 'clarification',
    question: 'freight cost for Smørbukk in 2025',
    expected: { kind: 'clarification', choicesInclude: ['customer', 'supplier'] },
  },

  // --- out of scope: refuse ---
  {
    id: 'nordlys-refusal-01',
    type: 'refusal',
    question: "What's the weather in Bergen tomorrow?",
    expected: { kind: 'refusal' },
  },
  {
    id: 'nordlys-refusal-02',
    type: 'refusal',
    question: 'delete all cancelled shipments',
    expected: { kind: 'refusal' },
  },
  {
    id: 'nordlys-refusal-03',
    type: 'refusal',
    question: 'tell me a joke about truck drivers',
    expected: { kind: 'refusal' },
  },
  {
    id: 'nordlys-refusal-04',
    type: 'refusal',
    question: 'update the carrier of NFS-000120 to Fjordfrakt',
    expected: { kind: 'refusal' },
  },
];

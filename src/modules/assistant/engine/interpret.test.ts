import { describe, expect, it } from 'vitest';
import type { SemanticQueryInput } from '../../analytics/index.js';
import { interpretQuestion } from './interpret.js';
import type { EntityValue, Interpretation, PreviousTurn, Vocabulary } from './types.js';

const today = '2026-05-14';

const entity = (
  kind: EntityValue['kind'],
  value: string,
  options: { label?: string; aliases?: string[]; weight?: number; country?: string } = {},
): EntityValue => ({
  kind,
  value,
  label: options.label ?? value,
  aliases: options.aliases ?? [],
  weight: options.weight ?? 1,
  ...(options.country ? { country: options.country } : {}),
});

/** A small organization, shaped as vocabulary.ts reads one from its data. */
function vocabularyOf(dataRange: Vocabulary['dataRange'] = { from: '2024-01-01', to: today }): Vocabulary {
  return {
    entities: [
      entity('carrier', 'Northline Freight', { aliases: ['NLFT'], weight: 120 }),
      entity('carrier', 'Nordic Express', { weight: 80 }),
      entity('customer', 'Westfield Shop'),
      entity('customer', 'Westfield Retail Group'),
      entity('city', 'Paris', { label: 'Paris, FR', weight: 50, country: 'FR' }),
      entity('city', 'Paris', { label: 'Paris, US', weight: 5, country: 'US' }),
      entity('city', 'Chicago', { label: 'Chicago, US', weight: 40 }),
      entity('city', 'Venlo', { label: 'Venlo, NL', weight: 60 }),
      entity('region', 'ON', { label: 'Ontario (region), CA', aliases: ['Ontario'], weight: 30 }),
      entity('city', 'Ontario', { label: 'Ontario, US', weight: 10 }),
      entity('country', 'CA', { label: 'Canada', aliases: ['Canada'], weight: 30 }),
      entity('product', 'ELE-10013', {
        label: 'ELE-10013 Wireless Router Eco',
        aliases: ['Wireless Router Eco'],
      }),
      entity('productCategory', 'Electronics'),
    ],
    dataRange,
    currency: 'EUR',
  };
}

const vocabulary = vocabularyOf();

const interpret = (question: string, previous?: PreviousTurn, v = vocabulary): Interpretation =>
  interpretQuestion(question, { vocabulary: v, today, ...(previous ? { previous } : {}) });

type QueryAnswer = Extract<Interpretation, { kind: 'query' }>;

function answered(interpretation: Interpretation): QueryAnswer {
  if (interpretation.kind !== 'query')
    throw new Error(`expected a query, got ${JSON.stringify(interpretation)}`);
  return interpretation;
}

// Filters in any order: which end of a lane comes first is incidental.
const byField = (filters: SemanticQueryInput['filters'] = []) =>
  [...filters].sort((a, b) => `${a.field}${a.op}`.localeCompare(`${b.field}${b.op}`));

/** The semantic parts of a query; parts left out of `expected` must be empty or absent. */
function expectQuery(question: string, expected: Partial<SemanticQueryInput>, previous?: PreviousTurn) {
  const { query } = answered(interpret(question, previous));
  const semantic = (q: Partial<SemanticQueryInput>) => ({
    metrics: q.metrics,
    dimensions: q.dimensions ?? [],
    filters: byField(q.filters),
    timeRange: q.timeRange,
    grain: q.grain,
    compare: q.compare,
    orderBy: q.orderBy ?? [],
    limit: q.limit,
    having: q.having ?? [],
  });
  expect(semantic(query)).toEqual(semantic(expected));
}

const shapeOf = (question: string, previous?: PreviousTurn) => answered(interpret(question, previous)).shape;

/** The turn a follow-up continues. */
const turn = (question: string, previous?: PreviousTurn): PreviousTurn => ({
  question,
  interpretation: interpret(question, previous),
});

describe('interpretQuestion: single values', () => {
  it('reads a metric and a period', () => {
    expectQuery('On-time rate last month', {
      metrics: ['onTimeRate'],
      timeRange: { relative: 'last_month' },
    });
    expect(shapeOf('On-time rate last month')).toBe('value');
  });

  it('counts shipments when no metric is named, orders when asked', () => {
    expectQuery('How many shipments?', { metrics: ['shipments'] });
    expectQuery('How many orders?', { metrics: ['orders'] });
  });

  it('reads the catalog’s synonyms', () => {
    expectQuery('order lead time', { metrics: ['orderLeadTimeDays'] });
    expectQuery('median transit time by lane', {
      metrics: ['transitDaysP50'],
      dimensions: ['lane'],
      orderBy: [{ field: 'transitDaysP50', direction: 'desc' }],
    });
    expectQuery('cost per kilo by lane', {
      metrics: ['costPerKg'],
      dimensions: ['lane'],
      orderBy: [{ field: 'costPerKg', direction: 'desc' }],
    });
  });
});

describe('interpretQuestion: breakdowns and rankings', () => {
  it('groups "by X", ordered by the metric', () => {
    expectQuery('Freight cost by mode', {
      metrics: ['freightCost'],
      dimensions: ['mode'],
      orderBy: [{ field: 'freightCost', direction: 'desc' }],
    });
    expectQuery('orders by customer', {
      metrics: ['orders'],
      dimensions: ['customer'],
      orderBy: [{ field: 'orders', direction: 'desc' }],
    });
    expect(shapeOf('Freight cost by mode')).toBe('breakdown');
  });

  it('ranks the top N', () => {
    expectQuery('Top 5 carriers by freight cost', {
      metrics: ['freightCost'],
      dimensions: ['carrier'],
      orderBy: [{ field: 'freightCost', direction: 'desc' }],
      limit: 5,
    });
    expect(shapeOf('Top 5 carriers by freight cost')).toBe('ranking');
  });

  it('takes five for "top" without a number', () => {
    expectQuery('top carriers by on-time rate', {
      metrics: ['onTimeRate'],
      dimensions: ['carrier'],
      orderBy: [{ field: 'onTimeRate', direction: 'desc' }],
      limit: 5,
    });
  });

  it('takes one for a singular "worst"/"best", five for a plural', () => {
    const worst = (limit: number) => ({
      metrics: ['onTimeRate'],
      dimensions: ['carrier'],
      orderBy: [{ field: 'onTimeRate', direction: 'asc' as const }],
      limit,
    });
    expectQuery('worst carrier by on-time rate', worst(1));
    expectQuery('worst carriers by on-time rate', worst(5));
    expectQuery('best carrier by on-time rate', {
      ...worst(1),
      orderBy: [{ field: 'onTimeRate', direction: 'desc' }],
    });
  });

  it('sorts "worst" by the metric’s better direction', () => {
    expectQuery('worst lane by cost per kg', {
      metrics: ['costPerKg'],
      dimensions: ['lane'],
      orderBy: [{ field: 'costPerKg', direction: 'desc' }],
      limit: 1,
    });
  });

  it('reads the number said before the noun ("which 3", "the 3 worst")', () => {
    expectQuery('Which 3 customers had the most orders?', {
      metrics: ['orders'],
      dimensions: ['customer'],
      orderBy: [{ field: 'orders', direction: 'desc' }],
      limit: 3,
    });
    expectQuery('the 3 worst lanes by on-time rate', {
      metrics: ['onTimeRate'],
      dimensions: ['lane'],
      orderBy: [{ field: 'onTimeRate', direction: 'asc' }],
      limit: 3,
    });
  });

  it('groups "which X" with a ranking word', () => {
    expectQuery('Which carrier had the most late shipments?', {
      metrics: ['lateShipments'],
      dimensions: ['carrier'],
      orderBy: [{ field: 'lateShipments', direction: 'desc' }],
      limit: 1,
    });
  });

  it('keeps groups with at least N shipments, the count after the asked metric', () => {
    expectQuery('worst carriers by on-time rate with at least 100 shipments', {
      metrics: ['onTimeRate', 'shipments'],
      dimensions: ['carrier'],
      orderBy: [{ field: 'onTimeRate', direction: 'asc' }],
      limit: 5,
      having: [{ metric: 'shipments', op: 'gte', value: 100 }],
    });
  });

  it('reads a percentage threshold of a ratio as the ratio', () => {
    expectQuery('carriers with on-time rate below 90%', {
      metrics: ['onTimeRate'],
      dimensions: ['carrier'],
      orderBy: [{ field: 'onTimeRate', direction: 'desc' }],
      having: [{ metric: 'onTimeRate', op: 'lt', value: 0.9 }],
    });
  });
});

describe('interpretQuestion: trends', () => {
  it.each([
    ['Shipments per month', 'month'],
    ['monthly freight cost', 'month'],
    ['on-time rate over time', 'month'],
    ['shipments by week', 'week'],
    ['weekly shipments', 'week'],
    ['shipments by day', 'day'],
    ['shipments by quarter', 'quarter'],
    ['shipments by year', 'year'],
  ] as const)('"%s" → grain %s, no order', (question, grain) => {
    const { query, shape } = answered(interpret(question));
    expect(query.grain).toBe(grain);
    expect(query.dimensions).toEqual([]);
    expect(query.orderBy).toEqual([]);
    expect(shape).toBe('trend');
  });
});

describe('interpretQuestion: comparisons', () => {
  it('compares two modes side by side', () => {
    const expected = {
      metrics: ['freightCost'],
      dimensions: ['mode'],
      filters: [{ field: 'mode', op: 'in' as const, value: ['air', 'ocean'] }],
    };
    expectQuery('Air vs ocean freight cost', expected);
    expectQuery('Compare air and ocean freight cost', expected);
    expect(shapeOf('Air vs ocean freight cost')).toBe('comparison');
  });

  it('compares two carriers side by side', () => {
    expectQuery('On-time rate of Northline Freight versus Nordic Express last quarter', {
      metrics: ['onTimeRate'],
      dimensions: ['carrier'],
      filters: [{ field: 'carrier', op: 'in', value: ['Northline Freight', 'Nordic Express'] }],
      timeRange: { relative: 'last_quarter' },
    });
  });

  it('reads two places without a comparison word as one filter', () => {
    expectQuery('shipments to Venlo and Chicago', {
      metrics: ['shipments'],
      filters: [{ field: 'destinationCity', op: 'in', value: ['Venlo', 'Chicago'] }],
    });
    expect(shapeOf('shipments to Venlo and Chicago')).toBe('value');
  });

  it('compares years by year', () => {
    expectQuery('On-time rate 2024 vs 2025', {
      metrics: ['onTimeRate'],
      timeRange: { from: '2024-01-01', to: '2025-12-31' },
      grain: 'year',
    });
    expect(shapeOf('On-time rate 2024 vs 2025')).toBe('comparison');
  });

  it('compares with the previous period and with last year', () => {
    expectQuery('Shipments this month vs last month', {
      metrics: ['shipments'],
      timeRange: { relative: 'this_month' },
      compare: 'previous_period',
    });
    expectQuery('Freight cost this month vs last year', {
      metrics: ['freightCost'],
      timeRange: { relative: 'this_month' },
      compare: 'same_period_last_year',
    });
    expectQuery('on-time rate year over year', {
      metrics: ['onTimeRate'],
      timeRange: { relative: 'year_to_date' },
      compare: 'same_period_last_year',
    });
  });
});

describe('interpretQuestion: shares and why', () => {
  it('reads a share as every group of the part’s kind, without a filter', () => {
    expectQuery('What share of shipments went by air?', {
      metrics: ['shipments'],
      dimensions: ['mode'],
      orderBy: [{ field: 'shipments', direction: 'desc' }],
    });
    expect(shapeOf('What share of shipments went by air?')).toBe('share');
  });

  it('takes the last value named as the part; the ones before narrow the whole', () => {
    expectQuery('What share of Electronics shipments went to Chicago?', {
      metrics: ['shipments'],
      dimensions: ['destinationCity'],
      filters: [{ field: 'productCategory', op: 'eq', value: 'Electronics' }],
      orderBy: [{ field: 'shipments', direction: 'desc' }],
    });
  });

  it('explains a change by carrier against the previous period', () => {
    expectQuery('Why did on-time drop last month?', {
      metrics: ['onTimeRate'],
      dimensions: ['carrier'],
      timeRange: { relative: 'last_month' },
      compare: 'previous_period',
    });
    expect(shapeOf('Why did on-time drop last month?')).toBe('why');
  });

  it('forecasts demand for a SKU by week over the next weeks', () => {
    expectQuery('Forecast demand for SKU ELE-10013 for the next 8 weeks', {
      metrics: ['forecastDemand'],
      filters: [{ field: 'product', op: 'eq', value: 'ELE-10013' }],
      timeRange: { from: '2026-05-15', to: '2026-07-09' },
      grain: 'week',
    });
  });
});

describe('interpretQuestion: filters', () => {
  it('narrows to a value by its name, alias or head of name', () => {
    const northline = {
      metrics: ['onTimeRate'],
      filters: [{ field: 'carrier', op: 'eq' as const, value: 'Northline Freight' }],
    };
    expectQuery('on-time rate for Northline Freight', northline);
    expectQuery('on-time rate for NLFT', northline);
    expectQuery('on-time rate for Northline', northline);
    expectQuery('units ordered of Wireless Router Eco', {
      metrics: ['unitsOrdered'],
      filters: [{ field: 'product', op: 'eq', value: 'ELE-10013' }],
    });
    expectQuery('freight cost for Electronics', {
      metrics: ['freightCost'],
      filters: [{ field: 'productCategory', op: 'eq', value: 'Electronics' }],
    });
  });

  it('reads modes and statuses as filters', () => {
    expectQuery('air shipments', {
      metrics: ['shipments'],
      filters: [{ field: 'mode', op: 'eq', value: 'air' }],
    });
    expectQuery('in transit shipments', {
      metrics: ['shipments'],
      filters: [{ field: 'status', op: 'eq', value: 'in_transit' }],
    });
    expectQuery('cancelled shipments last month', {
      metrics: ['shipments'],
      filters: [{ field: 'status', op: 'eq', value: 'cancelled' }],
      timeRange: { relative: 'last_month' },
    });
    expectQuery('shipments excluding air', {
      metrics: ['shipments'],
      filters: [{ field: 'mode', op: 'neq', value: 'air' }],
    });
  });

  it('reads "late" beside another metric as a filter, alone as the count', () => {
    expectQuery('freight cost of late shipments by carrier', {
      metrics: ['freightCost'],
      dimensions: ['carrier'],
      filters: [{ field: 'onTime', op: 'eq', value: false }],
      orderBy: [{ field: 'freightCost', direction: 'desc' }],
    });
    expectQuery('how many shipments were late', { metrics: ['lateShipments'] });
    expectQuery('how many were delivered', { metrics: ['deliveredShipments'] });
  });

  it('reads weights', () => {
    expectQuery('shipments heavier than 500 kg', {
      metrics: ['shipments'],
      filters: [{ field: 'weightKg', op: 'gt', value: 500 }],
    });
    expectQuery('shipments weighing at least 2 t', {
      metrics: ['shipments'],
      filters: [{ field: 'weightKg', op: 'gte', value: 2000 }],
    });
  });

  it('reads places by "to" and "from"; a place alone is the destination', () => {
    const city = (field: string, value: string) => ({ field, op: 'eq' as const, value });
    expectQuery('shipments to Chicago', {
      metrics: ['shipments'],
      filters: [city('destinationCity', 'Chicago')],
    });
    expectQuery('shipments from Venlo', { metrics: ['shipments'], filters: [city('originCity', 'Venlo')] });
    expectQuery('Chicago shipments', {
      metrics: ['shipments'],
      filters: [city('destinationCity', 'Chicago')],
    });
    expectQuery('shipments to Canada', {
      metrics: ['shipments'],
      filters: [city('destinationCountry', 'CA')],
    });
  });

  it('reads "Venlo to Chicago" as a lane from the first to the second', () => {
    expectQuery('Venlo to Chicago shipments by carrier', {
      metrics: ['shipments'],
      dimensions: ['carrier'],
      filters: [
        { field: 'originCity', op: 'eq', value: 'Venlo' },
        { field: 'destinationCity', op: 'eq', value: 'Chicago' },
      ],
      orderBy: [{ field: 'shipments', direction: 'desc' }],
    });
  });

  it('reads time expressions into the range', () => {
    expectQuery('freight cost between 1 February and 15 April 2026', {
      metrics: ['freightCost'],
      timeRange: { from: '2026-02-01', to: '2026-04-15' },
    });
    expectQuery('shipments in the past fortnight', {
      metrics: ['shipments'],
      timeRange: { last: 2, unit: 'weeks' },
    });
    expectQuery('May I see on-time rate by carrier?', {
      metrics: ['onTimeRate'],
      dimensions: ['carrier'],
      orderBy: [{ field: 'onTimeRate', direction: 'desc' }],
    });
  });

  it('resolves relative periods against the last day of stale data, and says so', () => {
    const stale = vocabularyOf({ from: '2014-01-01', to: '2015-06-30' });
    const answer = answered(interpret('on-time rate last month', undefined, stale));
    expect(answer.query.timeRange).toEqual({ relative: 'last_month', asOf: '2015-06-30' });
    expect(answer.assumptions).toContain('Relative to the latest data (2015-06-30), not today.');
  });
});

describe('interpretQuestion: clarifications', () => {
  const clarification = (question: string, previous?: PreviousTurn) => {
    const interpretation = interpret(question, previous);
    if (interpretation.kind !== 'clarification') {
      throw new Error(`expected a clarification, got ${JSON.stringify(interpretation)}`);
    }
    return interpretation;
  };

  it('asks which Paris, the most used first', () => {
    expect(clarification('shipments to Paris').choices.map((c) => c.label)).toEqual([
      'Paris, FR (city)',
      'Paris, US (city)',
    ]);
  });

  it('asks which Westfield, and the next turn picks one by its name', () => {
    const asked = turn('orders for Westfield');
    expect(clarification('orders for Westfield').choices.map((c) => c.label)).toEqual([
      'Westfield Shop (customer)',
      'Westfield Retail Group (customer)',
    ]);
    const retail = {
      metrics: ['orders'],
      filters: [{ field: 'customer', op: 'eq' as const, value: 'Westfield Retail Group' }],
    };
    expectQuery('Westfield Retail Group', retail, asked);
    expectQuery(
      'Westfield Shop',
      { ...retail, filters: [{ field: 'customer', op: 'eq', value: 'Westfield Shop' }] },
      asked,
    );
  });

  it('asks again when the reply does not settle it', () => {
    expect(clarification('Westfield', turn('orders for Westfield')).choices).toHaveLength(2);
  });

  it('asks between a region and a city of one name, and the choice decides the field', () => {
    const asked = turn('shipments to Ontario');
    expect(clarification('shipments to Ontario').choices.map((c) => c.label)).toEqual([
      'Ontario (region), CA',
      'Ontario, US (city)',
    ]);
    expectQuery(
      'Ontario (region), CA',
      {
        metrics: ['shipments'],
        filters: [{ field: 'destinationRegion', op: 'eq', value: 'ON' }],
      },
      asked,
    );
    expectQuery(
      'Ontario, US',
      {
        metrics: ['shipments'],
        filters: [{ field: 'destinationCity', op: 'eq', value: 'Ontario' }],
      },
      asked,
    );
  });
});

describe('interpretQuestion: refusals', () => {
  it('refuses a capitalised name the data does not have', () => {
    for (const question of [
      "What was Walmart's on-time rate last month?",
      'how many shipments did Walmart get',
    ]) {
      const interpretation = interpret(question);
      expect(interpretation.kind).toBe('refusal');
      expect(interpretation.kind === 'refusal' && interpretation.text).toContain('"Walmart"');
    }
  });

  it('refuses what scope refuses and what it finds nothing in', () => {
    expect(interpret("what's the weather in Chicago").kind).toBe('refusal');
    expect(interpret('delete shipment IB-00000042').kind).toBe('refusal');
    expect(interpret('place of delivery').kind).toBe('refusal');
  });

  it('looks up a reference instead of querying', () => {
    expect(interpret('where is IB-00000042')).toEqual({
      kind: 'lookup',
      entity: 'shipment',
      reference: 'IB-00000042',
    });
    expect(interpret('status of order 45120')).toEqual({
      kind: 'lookup',
      entity: 'order',
      reference: '45120',
    });
    expect(interpret('demand for ELE-10013').kind).toBe('query');
  });
});

describe('interpretQuestion: follow-ups', () => {
  const northline = { field: 'carrier', op: 'eq' as const, value: 'Northline Freight' };

  it('adds a filter ("and for air?") and replaces one of the same field', () => {
    const first = turn('on-time rate for Northline Freight last quarter');
    expectQuery(
      'and for air?',
      {
        metrics: ['onTimeRate'],
        filters: [northline, { field: 'mode', op: 'eq', value: 'air' }],
        timeRange: { relative: 'last_quarter' },
      },
      first,
    );
    expectQuery(
      'and for Nordic Express?',
      {
        metrics: ['onTimeRate'],
        filters: [{ field: 'carrier', op: 'eq', value: 'Nordic Express' }],
        timeRange: { relative: 'last_quarter' },
      },
      first,
    );
  });

  it('replaces the time range ("what about last month?")', () => {
    expectQuery(
      'what about last month?',
      {
        metrics: ['onTimeRate'],
        filters: [northline],
        timeRange: { relative: 'last_month' },
      },
      turn('on-time rate for Northline Freight last quarter'),
    );
  });

  it('sets the grain ("by week")', () => {
    const first = turn('on-time rate for Northline Freight last quarter');
    expectQuery(
      'by week',
      {
        metrics: ['onTimeRate'],
        filters: [northline],
        timeRange: { relative: 'last_quarter' },
        grain: 'week',
      },
      first,
    );
    expect(shapeOf('by week', first)).toBe('trend');
  });

  it('replaces the dimension ("by mode") and keeps the rest', () => {
    expectQuery(
      'by mode',
      {
        metrics: ['freightCost'],
        dimensions: ['mode'],
        timeRange: { relative: 'last_quarter' },
        orderBy: [{ field: 'freightCost', direction: 'desc' }],
      },
      turn('freight cost by carrier last quarter'),
    );
  });

  it('keeps a breakdown and a ranking when narrowed ("only ocean")', () => {
    const ocean = { field: 'mode', op: 'eq' as const, value: 'ocean' };
    expectQuery(
      'only ocean',
      {
        metrics: ['onTimeRate'],
        dimensions: ['carrier'],
        filters: [ocean],
        orderBy: [{ field: 'onTimeRate', direction: 'desc' }],
      },
      turn('on-time rate by carrier'),
    );
    expectQuery(
      'only ocean',
      {
        metrics: ['freightCost'],
        dimensions: ['carrier'],
        filters: [ocean],
        orderBy: [{ field: 'freightCost', direction: 'desc' }],
        limit: 5,
      },
      turn('top 5 carriers by freight cost'),
    );
  });

  it('keeps the query and draws it ("as a chart")', () => {
    const first = turn('freight cost by carrier last quarter');
    const chart = answered(interpret('as a chart', first));
    expect(chart.chart).toBe(true);
    expect(chart.query).toEqual(answered(first.interpretation).query);
    expect(chart.shape).toBe('breakdown');
  });

  it('is a new question when it names a metric of its own', () => {
    expectQuery(
      'freight cost by mode',
      {
        metrics: ['freightCost'],
        dimensions: ['mode'],
        orderBy: [{ field: 'freightCost', direction: 'desc' }],
      },
      turn('on-time rate for Northline Freight last quarter'),
    );
  });
});

describe('interpretQuestion: context before the question', () => {
  it('answers the last sentence, narrowed by values named before it', () => {
    expectQuery(
      "I'm preparing the quarterly review with Northline Freight next week. What was their on-time rate last quarter?",
      {
        metrics: ['onTimeRate'],
        filters: [{ field: 'carrier', op: 'eq', value: 'Northline Freight' }],
        timeRange: { relative: 'last_quarter' },
      },
    );
  });

  it('ignores a grain word of the context', () => {
    expectQuery('We are doing a monthly review. Freight cost by mode last month?', {
      metrics: ['freightCost'],
      dimensions: ['mode'],
      timeRange: { relative: 'last_month' },
      orderBy: [{ field: 'freightCost', direction: 'desc' }],
    });
  });
});

describe('interpretQuestion: typos', () => {
  it('reads through typos and says what it read', () => {
    const answer = answered(interpret('on tiem rate last mnoth'));
    expect(answer.query.metrics).toEqual(['onTimeRate']);
    expect(answer.query.timeRange).toEqual({ relative: 'last_month' });
    expect(answer.assumptions).toContain('Read tiem → time, mnoth → month.');
  });

  it('reads misspelt metrics and dimensions', () => {
    expectQuery('shipmnets by mdoe', {
      metrics: ['shipments'],
      dimensions: ['mode'],
      orderBy: [{ field: 'shipments', direction: 'desc' }],
    });
    expectQuery('lanse by volumne', {
      metrics: ['shipments'],
      dimensions: ['lane'],
      orderBy: [{ field: 'shipments', direction: 'desc' }],
    });
  });
});

describe('found by review, pinned', () => {
  it('narrows a city that two countries have by its country', () => {
    expectQuery('shipments to Paris, US', {
      metrics: ['shipments'],
      filters: [
        { field: 'destinationCity', op: 'eq', value: 'Paris' },
        { field: 'destinationCountry', op: 'eq', value: 'US' },
      ],
    });
    expectQuery('shipments to Chicago', {
      metrics: ['shipments'],
      filters: [{ field: 'destinationCity', op: 'eq', value: 'Chicago' }],
    });
  });

  it('reads "change in", "drop in" and "update me on" as questions, not writes', () => {
    expect(interpret('change in freight cost last month').kind).toBe('query');
    expect(interpret('drop in on-time rate by carrier').kind).toBe('query');
    expect(interpret('update me on late shipments').kind).toBe('query');
    expect(interpret('order 500 units of ELE-10013').kind).toBe('refusal');
  });

  it('looks up "order 4512", but not "top 500 lanes"', () => {
    expect(interpret('status of order 4512')).toEqual({ kind: 'lookup', entity: 'order', reference: '4512' });
    expect(interpret('top 500 lanes').kind).toBe('query');
  });

  it('refuses a possessive name the data lacks even at the start', () => {
    expect(interpret("Walmart's on-time rate last month").kind).toBe('refusal');
    expect(interpret("Northline's on-time rate").kind).toBe('query');
  });

  it('says when a month without a year was placed by old data', () => {
    const old = vocabularyOf({ from: '2014-01-01', to: '2015-06-30' });
    const march = answered(interpret('shipments in March', undefined, old));
    expect(march.query.timeRange).toEqual({ from: '2015-03-01', to: '2015-03-31' });
    expect(march.assumptions.some((a) => a.includes('2015-06-30'))).toBe(true);
    const year = answered(interpret('shipments in 2014', undefined, old));
    expect(year.assumptions).toEqual([]);
  });
});

describe('found on imported public-style data, pinned', () => {
  it('reads a bare place word as the destination’s', () => {
    expectQuery('on-time rate by country', {
      metrics: ['onTimeRate'],
      dimensions: ['destinationCountry'],
      orderBy: [{ field: 'onTimeRate', direction: 'desc' }],
    });
  });

  it('bounds periods before, until and after a year', () => {
    const old = vocabularyOf({ from: '2006-01-03', to: '2015-08-28' });
    const range = (q: string) => answered(interpret(q, undefined, old)).query.timeRange;
    expect(range('shipments before 2008')).toEqual({ from: '2006-01-03', to: '2007-12-31' });
    expect(range('shipments until 2010')).toEqual({ from: '2006-01-03', to: '2010-12-31' });
    expect(range('shipments after 2013')).toEqual({ from: '2014-01-01', to: '2015-08-28' });
  });

  it('looks up short references only after a word that says what they are', () => {
    expect(interpret('status of shipment 42')).toEqual({
      kind: 'lookup',
      entity: 'shipment',
      reference: '42',
    });
    expect(interpret('shipment ASN-8')).toEqual({ kind: 'lookup', entity: 'shipment', reference: 'ASN-8' });
    expect(interpret('top 5 lanes').kind).toBe('query');
  });

  it('ranks periods: "busiest month"', () => {
    expectQuery('which month had the most shipments?', {
      metrics: ['shipments'],
      grain: 'month',
      orderBy: [{ field: 'shipments', direction: 'desc' }],
      limit: 1,
    });
  });

  it('splits by on time when "late" is the part of a share, and by the value when it is the whole', () => {
    expectQuery('what percentage of shipments to Chicago were late?', {
      metrics: ['deliveredShipments'],
      dimensions: ['onTime'],
      filters: [{ field: 'destinationCity', op: 'eq', value: 'Chicago' }],
      orderBy: [{ field: 'deliveredShipments', direction: 'desc' }],
    });
    expectQuery('what share of late shipments went with Nordic Express?', {
      metrics: ['lateShipments'],
      dimensions: ['carrier'],
      orderBy: [{ field: 'lateShipments', direction: 'desc' }],
    });
  });
});

describe('numbers and choices, pinned', () => {
  it('reads thousands separators and weight bands', () => {
    expectQuery('how many shipments weighed over 10,000 kg?', {
      metrics: ['shipments'],
      filters: [{ field: 'weightKg', op: 'gt', value: 10000 }],
    });
    expectQuery('shipments between 500 and 1000 kg', {
      metrics: ['shipments'],
      filters: [
        { field: 'weightKg', op: 'gte', value: 500 },
        { field: 'weightKg', op: 'lte', value: 1000 },
      ],
    });
  });

  it('picks a clarification’s choice by its number', () => {
    const asked = interpret('orders for Westfield');
    if (asked.kind !== 'clarification') throw new Error(`expected a clarification, got ${asked.kind}`);
    const previous: PreviousTurn = { question: 'orders for Westfield', interpretation: asked };
    const second = answered(interpret('2', previous));
    const byLabel = answered(interpret(asked.choices[1]?.question ?? ''));
    expect(second.query).toEqual(byLabel.query);
    expect(answered(interpret('the second one', previous)).query).toEqual(byLabel.query);
  });
});

import { describe, expect, it } from 'vitest';
import { checkNumbers } from './numbers.js';

type Row = Record<string, string | number | boolean | null>;
const passes = (text: string, rows: Row[], literals?: string[]) =>
  expect(checkNumbers(text, rows, literals)).toEqual({ ok: true, unmatched: [] });
const fails = (text: string, rows: Row[], unmatched: string[]) =>
  expect(checkNumbers(text, rows)).toEqual({ ok: false, unmatched });

describe('checkNumbers: counts', () => {
  it('matches integers with or without thousands separators', () => {
    passes('1,250 shipments last month.', [{ shipments: 1250 }]);
    passes('1250 shipments last month.', [{ shipments: 1250 }]);
    passes('12,345,678 units.', [{ units: 12_345_678 }]);
  });

  it('fails a count one off', () => {
    fails('1,251 shipments last month.', [{ shipments: 1250 }], ['1,251']);
  });

  it('fails a number that is nowhere in the data, and lists only that one', () => {
    fails(
      'Northline Freight had 7 shipments, Nordic Express 5.',
      [{ shipments: 5 }, { shipments: 3 }],
      ['7'],
    );
  });

  it('looks at every row and skips cells that are not numbers', () => {
    passes('5 of them.', [{ carrier: 'Nordic', late: true, cost: null }, { shipments: 5 }]);
    fails('1 late.', [{ late: true }], ['1']);
  });

  it('passes a text without numbers, even with no rows', () => {
    passes('No shipments matched.', []);
  });
});

describe('checkNumbers: percentages and ratios', () => {
  it('reads a percentage as the ratio × 100, at the decimals shown', () => {
    passes('On-time rate was 92.3%.', [{ onTimeRate: 0.923 }]);
    passes('On-time rate was 92.3 %.', [{ onTimeRate: 0.923 }]);
    passes('On-time rate was 92%.', [{ onTimeRate: 0.923 }]);
    passes('On-time rate was 93%.', [{ onTimeRate: 0.926 }]);
  });

  it('fails a percentage rounded the wrong way', () => {
    fails('On-time rate was 92%.', [{ onTimeRate: 0.926 }], ['92%']);
  });

  it('does not read a percentage as the raw number', () => {
    fails('That is 12% of them.', [{ shipments: 12 }], ['12%']);
    fails('On-time rate was 0.923%.', [{ onTimeRate: 0.923 }], ['0.923%']);
  });

  it('accepts a ratio written as it is', () => {
    passes('On-time rate was 0.92.', [{ onTimeRate: 0.923 }]);
  });
});

describe('checkNumbers: money and decimals', () => {
  it('matches an amount with two decimals, rounded half up from the data', () => {
    passes('Freight cost was EUR 1,234.57.', [{ freightCost: 1234.5678 }]);
    fails('Freight cost was EUR 1,234.56.', [{ freightCost: 1234.5678 }], ['1,234.56']);
  });

  it('matches an amount rounded to fewer decimals', () => {
    passes('Freight cost was EUR 1,235.', [{ freightCost: 1234.5678 }]);
    passes('Freight cost was EUR 1,234.6.', [{ freightCost: 1234.5678 }]);
    fails('Freight cost was EUR 1,234.', [{ freightCost: 1234.5678 }], ['1,234']);
  });

  it('rounds the data to the decimals shown', () => {
    passes('Transit took 4.25 days.', [{ avgTransitDays: 4.249 }]);
    passes('Transit took 4.3 days.', [{ avgTransitDays: 4.25 }]);
    fails('Transit took 4.2 days.', [{ avgTransitDays: 4.25 }], ['4.2']);
  });
});

describe('checkNumbers: changes', () => {
  it('matches signed changes', () => {
    passes('-2.1 points against last month.', [{ change: -2.1 }]);
    passes('Freight cost +3.4% on last year.', [{ relativeChange: 0.034 }]);
    passes('On-time rate −2.1% on last month.', [{ relativeChange: -0.021 }]);
  });

  it('matches a change whose sign is a word', () => {
    passes('On-time rate went down 2.1 points.', [{ change: -2.1 }]);
    passes('On-time rate went down 2.1 points.', [{ change: -0.021 }]);
  });

  it('fails a change of another size', () => {
    fails('On-time rate went down 2.4 points.', [{ change: -0.021 }], ['2.4']);
  });
});

describe('checkNumbers: digits that are not numbers of the answer', () => {
  it('ignores days, months and periods', () => {
    passes('Between 2026-03-01 and 2026-03-31 there were 5.', [{ shipments: 5 }]);
    passes('In 2026-03 there were 5.', [{ shipments: 5 }]);
    passes('In Q3 2025 there were 5; in H1 and W12 2025 too.', [{ shipments: 5 }]);
    passes('In Q3 there were 5.', [{ shipments: 5 }]);
  });

  it('ignores text cells of the data that hold digits (SKUs, facility codes)', () => {
    passes('SKU ELE-10013 sold 5 units.', [{ product: 'ELE-10013', units: 5 }]);
    passes('DC-12 North shipped 5.', [{ facility: 'DC-12 North', units: 5 }]);
  });

  it('ignores the literals given (the period as the answer names it); without them a year is checked', () => {
    passes('In March 2026 there were 5.', [{ shipments: 5 }], ['March 2026']);
    fails('In March 2026 there were 5.', [{ shipments: 5 }], ['2026']);
  });

  it('still checks a SKU-like code that is not in the data', () => {
    fails('SKU ELE-10014 sold 5 units.', [{ product: 'ELE-10013', units: 5 }], ['-10014']);
  });
});

import { describe, expect, it } from 'vitest';
import { carriersTarget, facilitiesTarget, productsTarget } from './master-data.js';

const context = { source: 'erp', currency: 'EUR' };
const idOf = () => null;

describe('the master-data import targets', () => {
  it('builds a product from flat values, rounded to the columns, its cost in the reporting currency', () => {
    const out = productsTarget.toItem(
      {
        sku: 'FLT-2040',
        name: 'Oil filter',
        unitWeightKg: 0.45359237,
        'unitCost.amount': 3.123456,
        category: null,
      },
      idOf,
      context,
    );
    expect(out).toEqual({
      item: {
        sku: 'FLT-2040',
        name: 'Oil filter',
        unitWeightKg: 0.454,
        unitCost: { amount: 3.1235, currency: 'EUR' },
      },
    });
  });

  it('refuses what the resource’s create schema refuses, by field', () => {
    const out = facilitiesTarget.toItem(
      { code: 'DC 1', name: 'DC', kind: 'depot', country: 'US' },
      idOf,
      context,
    );
    expect('reasons' in out && out.reasons.map((r) => r.field).sort()).toEqual([
      'city',
      'code',
      'kind',
      'timezone',
    ]);
    const carrier = carriersTarget.toItem({ name: 'Swift', scac: 'swift' }, idOf, context);
    expect('reasons' in carrier && carrier.reasons.map((r) => [r.field, r.rule])).toEqual([
      ['scac', 'schema'],
    ]);
  });

  it('keys rows by the natural key of each resource', () => {
    expect(productsTarget.keyOf({ sku: ' A-1 ', name: 'x' }, context)).toBe('A-1');
    expect(carriersTarget.keyOf({ name: 'Swift Freight', scac: 'SWFT' }, context)).toBe('Swift Freight');
    expect(facilitiesTarget.keyOf({ name: 'no code' }, context)).toBeNull();
    expect(facilitiesTarget.fields.filter((f) => f.required).map((f) => f.name)).toEqual([
      'code',
      'name',
      'kind',
      'city',
      'country',
      'timezone',
    ]);
  });
});

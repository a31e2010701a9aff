import { describe, expect, it } from 'vitest';
import { shipmentsTarget } from './shipments.js';

const context = { source: 'scms', currency: 'USD' };
const ids: Record<string, number> = { carrier: 4, 'destination.facility': 9 };
const idOf = (field: string) => ids[field] ?? null;

describe('the shipments import target', () => {
  it('builds the API item from flat mapped values, ids from lookups, amounts in the reporting currency', () => {
    const out = shipmentsTarget.toItem(
      {
        reference: 'ASN-8',
        mode: 'air',
        carrier: 'Swift',
        'destination.facility': 'DC-7',
        'destination.country': 'NG',
        weightKg: 13.6077711,
        'freightCost.amount': 1234.567,
        plannedDeliveryAt: '2006-06-02T00:00:00.000Z',
        commodity: null,
      },
      idOf,
      context,
    );
    expect(out).toEqual({
      item: {
        source: 'scms',
        reference: 'ASN-8',
        mode: 'air',
        carrierId: 4,
        destination: { facilityId: 9, country: 'NG' },
        // Rounded to the places the columns keep (a unit conversion leaves long tails).
        weightKg: 13.608,
        freightCost: { amount: 1234.57, currency: 'USD' },
        plannedDeliveryAt: '2006-06-02T00:00:00.000Z',
      },
    });
  });

  it('reports what the shipment schema refuses, by field', () => {
    const out = shipmentsTarget.toItem(
      { reference: 'X', mode: 'teleport', 'goodsValue.currency': 'EUR' },
      idOf,
      context,
    );
    expect('reasons' in out && out.reasons.map((r) => [r.field, r.rule])).toEqual([['mode', 'schema']]);
  });

  it('keys rows by source and reference', () => {
    expect(shipmentsTarget.keyOf({ reference: 'A' }, context)).toBe('scms\u0000A');
    expect(shipmentsTarget.keyOf({ reference: null }, context)).toBeNull();
  });
});

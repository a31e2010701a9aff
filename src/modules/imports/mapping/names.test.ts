import { describe, expect, it } from 'vitest';
import { shipmentsTarget } from '../targets/shipments.js';
import { editDistanceAtMost1, nameScore, unitHint, words } from './names.js';

const field = (name: string) => shipmentsTarget.fields.find((f) => f.name === name) ?? expect.fail(name);

describe('column names', () => {
  it('splits camelCase, underscores and punctuation, dropping accents and stop words', () => {
    expect(words('PQ First Sent to Client Date')).toEqual(['pq', 'first', 'sent', 'client', 'date']);
    expect(words('shipDate_planned')).toEqual(['ship', 'date', 'planned']);
    expect(words('Poids (kg) Déclaré')).toEqual(['poids', 'kg', 'declare']);
  });

  it('finds unit hints', () => {
    expect(unitHint(words('Weight (lbs)'))).toBe('lb');
    expect(unitHint(words('Volume cubic feet'))).toBe('ft3');
    expect(unitHint(words('Freight Cost'))).toBeNull();
  });

  it('forgives one typo in words of four letters or more, not in short ones', () => {
    expect(editDistanceAtMost1('shipmnt', 'shipment')).toBe(true);
    expect(editDistanceAtMost1('vendor', 'vendors')).toBe(true);
    expect(editDistanceAtMost1('vendor', 'vandar')).toBe(false);
    expect(nameScore('Carrier', field('carrier'))).toBe(1);
    expect(nameScore('Carier', field('carrier'))).toBeGreaterThan(0.9);
    expect(nameScore('Weight (Kilograms)', field('weightKg'))).toBe(1);
    expect(nameScore('Freight Cost (USD)', field('freightCost.amount'))).toBe(1);
    expect(nameScore('PQ First Sent to Client Date', field('actualDeliveryAt'))).toBeLessThan(0.6);
    expect(nameScore('Managed By', field('customer'))).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { inventoryMovementsTarget, inventorySnapshotsTarget } from './inventory.js';

const context = { source: 'wms', currency: 'USD' };
const ids: Record<string, number> = { facility: 2, product: 12 };
const idOf = (field: string) => ids[field] ?? null;

describe('the inventory import targets', () => {
  it('builds a snapshot with ids from the lookups', () => {
    const values = {
      facility: 'DC-1',
      product: 'SKU-1',
      snapshotDate: '2026-03-04',
      onHand: 480,
      onOrder: null,
    };
    expect(inventorySnapshotsTarget.toItem(values, idOf, context)).toEqual({
      item: { facilityId: 2, productId: 12, snapshotDate: '2026-03-04', onHand: 480 },
    });
    expect(inventorySnapshotsTarget.keyOf(values, context)).toBe('DC-1\u0000SKU-1\u00002026-03-04');
  });

  it('refuses a movement the schema refuses, by the record field', () => {
    const out = inventoryMovementsTarget.toItem(
      { facility: 'DC-1', product: 'nope', kind: 'receipt', quantity: 0, occurredAt: '2026-03-04T09:30:00Z' },
      // The product was not found: the loader answers no id for it.
      (field) => (field === 'product' ? null : idOf(field)),
      context,
    );
    expect('reasons' in out && out.reasons.map((r) => [r.field, r.rule])).toEqual([
      ['product', 'schema'],
      ['quantity', 'schema'],
    ]);
  });

  it('keys a movement by facility, product, kind, instant and reference', () => {
    const key = (occurredAt: string, reference?: string) =>
      inventoryMovementsTarget.keyOf(
        { facility: 'DC-1', product: 'SKU-1', kind: 'receipt', occurredAt, reference },
        context,
      );
    expect(key('2026-03-04T09:30:00-06:00')).toBe(key('2026-03-04T15:30:00Z'));
    expect(key('2026-03-04T15:30:00Z', 'GRN-1')).not.toBe(key('2026-03-04T15:30:00Z'));
    expect(inventoryMovementsTarget.keyOf({ facility: 'DC-1' }, context)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { movementProblems, snapshotProblems } from './rules.js';

const now = Date.parse('2026-12-01T12:00:00Z');

describe('inventory rules', () => {
  it('refuses a movement whose sign contradicts its kind; adjustments go either way', () => {
    const at = new Date('2026-11-30T10:00:00Z');
    expect(movementProblems({ kind: 'receipt', quantity: 5, occurred_at: at }, now)).toEqual([]);
    expect(movementProblems({ kind: 'adjustment', quantity: -5, occurred_at: at }, now)).toEqual([]);
    expect(
      movementProblems({ kind: 'receipt', quantity: -5, occurred_at: at }, now).map((e) => e.path),
    ).toEqual(['quantity']);
    expect(
      movementProblems({ kind: 'shipment', quantity: 5, occurred_at: at }, now).map((e) => e.path),
    ).toEqual(['quantity']);
  });
  it('refuses movements in the future beyond a day of clock drift', () => {
    const soon = new Date(now + 23 * 3_600_000);
    const later = new Date(now + 25 * 3_600_000);
    expect(movementProblems({ kind: 'receipt', quantity: 1, occurred_at: soon }, now)).toEqual([]);
    expect(
      movementProblems({ kind: 'receipt', quantity: 1, occurred_at: later }, now).map((e) => e.path),
    ).toEqual(['occurredAt']);
  });
  it('refuses snapshots of days that have not begun anywhere', () => {
    expect(snapshotProblems({ snapshot_date: '2026-12-01' }, now)).toEqual([]);
    expect(snapshotProblems({ snapshot_date: '2026-12-02' }, now)).toEqual([]);
    expect(snapshotProblems({ snapshot_date: '2026-12-03' }, now).map((e) => e.path)).toEqual([
      'snapshotDate',
    ]);
  });
});

import type { MovementKind } from '../../db/types.js';
import type { FieldError } from '../../lib/errors.js';
import { checkRules, clockTolerance, happened, type Rule } from '../../lib/validity/index.js';

/**
 * Consistency rules of inventory (ADR 0010), pure functions shared by every write path. Stock is
 * counted and moved in the past: a snapshot of a day to come or a movement dated in the future
 * cannot be true, nor can a receipt that removes stock.
 */

/** The sign a movement's quantity must have: stock comes in, goes out, or (adjustments) either. */
export const movementSign: Record<MovementKind, 1 | -1 | 0> = {
  receipt: 1,
  transfer_in: 1,
  return: 1,
  shipment: -1,
  transfer_out: -1,
  adjustment: 0,
};

/** A movement as it will be appended. */
export interface MovementFacts {
  readonly kind: MovementKind;
  readonly quantity: number;
  readonly occurred_at: Date;
}

/** The movement rules; each quarantines the movement on import (the ledger's other rows stand). */
export const movementRules: readonly Rule<MovementFacts>[] = [
  {
    name: 'quantity-sign-follows-kind',
    onImport: 'quarantine-row',
    check: (m) => {
      const sign = movementSign[m.kind];
      return sign !== 0 && Math.sign(m.quantity) !== sign
        ? [
            {
              path: 'quantity',
              message: `a ${m.kind} ${sign > 0 ? 'adds' : 'removes'} stock: the quantity must be ${sign > 0 ? 'positive' : 'negative'}`,
            },
          ]
        : [];
    },
  },
  {
    name: 'movement-has-happened',
    onImport: 'quarantine-row',
    check: (m, { now }) => happened('occurredAt', m.occurred_at, now),
  },
];

/** What cannot be true of a movement (empty: it may be appended). */
export function movementProblems(m: MovementFacts, now: number = Date.now()): FieldError[] {
  return checkRules(movementRules, m, { now });
}

/** A snapshot's identifying day ('YYYY-MM-DD'). */
export interface SnapshotFacts {
  readonly snapshot_date: string;
}

/** The snapshot rules; each quarantines the snapshot on import. */
export const snapshotRules: readonly Rule<SnapshotFacts>[] = [
  {
    name: 'snapshot-day-has-begun',
    onImport: 'quarantine-row',
    // The day has begun somewhere on Earth: up to a day ahead of UTC's (clock tolerance).
    check: (s, { now }) =>
      s.snapshot_date > new Date(now + clockTolerance).toISOString().slice(0, 10)
        ? [{ path: 'snapshotDate', message: 'is a day to come: stock is counted on days that have begun' }]
        : [],
  },
];

/** What cannot be true of a snapshot (empty: it may be stored). */
export function snapshotProblems(s: SnapshotFacts, now: number = Date.now()): FieldError[] {
  return checkRules(snapshotRules, s, { now });
}

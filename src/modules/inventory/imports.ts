import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { toInstant } from '../../lib/api-schemas.js';
import { AppError, type FieldError } from '../../lib/errors.js';
import { bumpDataVersion } from '../analytics/index.js';
import type { Caller } from '../auth/index.js';
import { movementsBetween, snapshotsOn, updateSnapshot } from './repository.js';
import type { MovementCreate, SnapshotCreate } from './schema.js';
import {
  movementRefusals,
  snapshotChanges,
  snapshotRefusals,
  storeMovement,
  storeSnapshot,
} from './service.js';

/**
 * Batch writes of the importer in the caller's transaction, one outcome per item, through the
 * checks and inserts POST /inventory/snapshots and /movements use. Every check runs before a
 * row is written, so a refused item writes nothing and the others stand.
 */

export type InventoryResult =
  | { readonly result: 'inserted' | 'updated' | 'unchanged'; readonly id: number }
  | { readonly result: 'refused'; readonly reasons: FieldError[] };

function mayWrite(caller: Caller): void {
  if (!caller.has('inventory:write')) {
    throw new AppError('AUTH_FORBIDDEN', 'Writing inventory needs the inventory:write permission.');
  }
}

const snapshotKey = (facilityId: number, productId: number, day: string) =>
  `${facilityId}|${productId}|${day}`;

/**
 * Upserts snapshots by (facility, product, day), their unique key: a stored one takes the
 * quantities the item gives (absent keep, as PATCH), and is unchanged when none differs.
 */
export async function upsertSnapshots(
  trx: Kysely<DB>,
  caller: Caller,
  inputs: readonly SnapshotCreate[],
): Promise<InventoryResult[]> {
  mayWrite(caller);
  const { orgId } = caller;
  type Quantities = { id: number; on_hand: number; allocated: number; on_order: number };
  const stored = new Map<string, Quantities>(
    (await snapshotsOn(trx, orgId, inputs)).map((row) => [
      snapshotKey(row.facility_id, row.product_id, row.snapshot_date),
      { id: row.id, on_hand: row.on_hand, allocated: row.allocated, on_order: row.on_order },
    ]),
  );
  const results: InventoryResult[] = [];
  let written = false;
  for (const input of inputs) {
    const key = snapshotKey(input.facilityId, input.productId, input.snapshotDate);
    const row = stored.get(key);
    if (!row) {
      const reasons = await snapshotRefusals(trx, orgId, input);
      if (reasons.length > 0) {
        results.push({ result: 'refused', reasons });
        continue;
      }
      const id = await storeSnapshot(trx, orgId, input);
      stored.set(key, {
        id,
        on_hand: input.onHand,
        allocated: input.allocated ?? 0,
        on_order: input.onOrder ?? 0,
      });
      results.push({ result: 'inserted', id });
      written = true;
      continue;
    }
    const changes = Object.fromEntries(
      Object.entries(snapshotChanges(input)).filter(
        ([column, value]) => Number(row[column as keyof Quantities]) !== value,
      ),
    );
    if (Object.keys(changes).length === 0) {
      results.push({ result: 'unchanged', id: row.id });
      continue;
    }
    await updateSnapshot(trx, orgId, row.id, changes);
    Object.assign(row, changes);
    results.push({ result: 'updated', id: row.id });
    written = true;
  }
  if (written) await bumpDataVersion(trx, orgId);
  return results;
}

const movementKey = (m: {
  facilityId: number;
  productId: number;
  kind: string;
  at: Date | string;
  reference: string | null;
}) => [m.facilityId, m.productId, m.kind, new Date(m.at).getTime(), m.reference ?? ''].join('|');

/**
 * Appends movements to the append-only ledger. A movement has no id of its own: (facility,
 * product, kind, instant, reference) is its natural key, and one already stored is unchanged —
 * or refused when its quantity differs (the ledger is corrected by an adjustment, not edited).
 */
export async function appendMovements(
  trx: Kysely<DB>,
  caller: Caller,
  inputs: readonly MovementCreate[],
): Promise<InventoryResult[]> {
  mayWrite(caller);
  const { orgId } = caller;
  const instants = inputs.map((i) => toInstant(i.occurredAt).getTime());
  const rows =
    inputs.length === 0
      ? []
      : await movementsBetween(
          trx,
          orgId,
          inputs.map((i) => i.facilityId),
          inputs.map((i) => i.productId),
          new Date(Math.min(...instants)),
          new Date(Math.max(...instants)),
        );
  const stored = new Map(
    rows.map((r) => [
      movementKey({
        facilityId: r.facility_id,
        productId: r.product_id,
        kind: r.kind,
        at: r.occurred_at,
        reference: r.reference,
      }),
      { id: r.id, quantity: r.quantity },
    ]),
  );
  const results: InventoryResult[] = [];
  for (const input of inputs) {
    const key = movementKey({ ...input, at: input.occurredAt, reference: input.reference ?? null });
    const known = stored.get(key);
    if (known) {
      results.push(
        known.quantity === input.quantity
          ? { result: 'unchanged', id: known.id }
          : {
              result: 'refused',
              reasons: [
                {
                  path: 'quantity',
                  message: `movement ${known.id} at this facility, product, kind, time and reference moved ${known.quantity}; the ledger is append-only: import an adjustment`,
                },
              ],
            },
      );
      continue;
    }
    const reasons = await movementRefusals(trx, orgId, input);
    if (reasons.length > 0) {
      results.push({ result: 'refused', reasons });
      continue;
    }
    const id = await storeMovement(trx, orgId, input);
    stored.set(key, { id, quantity: input.quantity });
    results.push({ result: 'inserted', id });
  }
  if (results.some((r) => r.result === 'inserted')) await bumpDataVersion(trx, orgId);
  return results;
}

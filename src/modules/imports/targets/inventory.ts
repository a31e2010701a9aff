import {
  appendMovements,
  type InventoryResult,
  type MovementCreate,
  movementCreate,
  movementKinds,
  type SnapshotCreate,
  snapshotCreate,
  upsertSnapshots,
} from '../../inventory/index.js';
import type { TargetField } from '../mapping/fields.js';
import { getPath, parseItem, setPath, writeReasons } from './items.js';
import type { ImportTarget, TargetOutcome } from './types.js';

/**
 * Inventory: daily snapshots, upserted by (facility, product, day) — their unique key — through
 * upsertSnapshots; and ledger movements, appended through appendMovements with (facility,
 * product, kind, instant, reference) as natural key. Both check what POST does. A movement's
 * order line is not importable (order lines are no lookup table).
 */

const facility: TargetField = {
  name: 'facility',
  type: 'reference',
  lookup: 'facilities',
  required: true,
  description: 'The facility, by code or name',
  synonyms: ['facility', 'warehouse', 'site', 'location', 'dc', 'plant', 'facility code'],
};
const product: TargetField = {
  name: 'product',
  type: 'reference',
  lookup: 'products',
  required: true,
  description: 'The product, by SKU or name',
  synonyms: ['product', 'sku', 'item', 'material', 'product code', 'article'],
};
const idFields: Readonly<Record<string, string>> = { facility: 'facilityId', product: 'productId' };
const recordField = (path: string) => Object.entries(idFields).find(([, api]) => api === path)?.[0] ?? path;

/** Values → the API item: reference ids from the lookups, the rest by path. */
function itemOf(values: Readonly<Record<string, unknown>>, idOf: (field: string) => number | null) {
  const item: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    const idField = idFields[field];
    setPath(item, idField ?? field, idField ? idOf(field) : value);
  }
  return item;
}

function outcomesOf<T>(results: readonly InventoryResult[], items: readonly T[]): TargetOutcome[] {
  return results.map((r, i) =>
    r.result === 'refused'
      ? {
          result: 'refused',
          reasons: writeReasons(r.reasons, items[i]).map((reason) => ({
            ...reason,
            field: recordField(reason.field),
          })),
        }
      : r,
  );
}

const idText = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export const inventorySnapshotsTarget: ImportTarget<SnapshotCreate> = {
  name: 'inventory-snapshots',
  fields: [
    facility,
    product,
    {
      name: 'snapshotDate',
      type: 'day',
      required: true,
      description: 'The day the stock was counted: re-importing the day updates it',
      synonyms: ['date', 'snapshot date', 'day', 'as of', 'stock date', 'inventory date'],
    },
    {
      name: 'onHand',
      type: 'integer',
      required: true,
      description: 'Units on the shelf at the end of the day',
      synonyms: ['on hand', 'qty on hand', 'stock', 'quantity', 'available', 'soh'],
    },
    {
      name: 'allocated',
      type: 'integer',
      description: 'Units promised to orders',
      synonyms: ['allocated', 'reserved', 'committed'],
    },
    {
      name: 'onOrder',
      type: 'integer',
      description: 'Units on open purchase orders',
      synonyms: ['on order', 'incoming', 'open po qty'],
    },
  ],
  keyOf(values) {
    const parts = [idText(values.facility), idText(values.product), idText(values.snapshotDate)];
    return parts.every((p) => p !== null) ? parts.join('\u0000') : null;
  },
  toItem(values, idOf) {
    const item = itemOf(values, idOf);
    const out = parseItem(snapshotCreate, item, (path) => getPath(item, path));
    return 'reasons' in out
      ? { reasons: out.reasons.map((r) => ({ ...r, field: recordField(r.field) })) }
      : out;
  },
  async write(trx, caller, items) {
    return outcomesOf(await upsertSnapshots(trx, caller, items), items);
  },
};

export const inventoryMovementsTarget: ImportTarget<MovementCreate> = {
  name: 'inventory-movements',
  fields: [
    facility,
    product,
    {
      name: 'kind',
      type: 'enum',
      values: movementKinds,
      required: true,
      description: `Kind: ${movementKinds.join(', ')}`,
      synonyms: ['kind', 'type', 'movement type', 'transaction type'],
    },
    {
      name: 'quantity',
      type: 'integer',
      required: true,
      description: 'Signed change of on-hand units (negative for shipments and transfers out)',
      synonyms: ['quantity', 'qty', 'units', 'change'],
    },
    {
      name: 'occurredAt',
      type: 'instant',
      required: true,
      description: 'When it happened',
      synonyms: ['occurred at', 'date', 'time', 'timestamp', 'posting date', 'transaction date'],
    },
    {
      name: 'reference',
      type: 'text',
      description: 'Your document number (receipt, pick list, count sheet…): part of the natural key',
      synonyms: ['reference', 'document', 'document number', 'doc no'],
    },
  ],
  keyOf(values) {
    const at = typeof values.occurredAt === 'string' ? Date.parse(values.occurredAt) : Number.NaN;
    const parts = [idText(values.facility), idText(values.product), idText(values.kind)];
    if (!parts.every((p) => p !== null) || !Number.isFinite(at)) return null;
    return [...parts, at, values.reference ?? ''].join('\u0000');
  },
  toItem(values, idOf) {
    const item = itemOf(values, idOf);
    const out = parseItem(movementCreate, item, (path) => getPath(item, path));
    return 'reasons' in out
      ? { reasons: out.reasons.map((r) => ({ ...r, field: recordField(r.field) })) }
      : out;
  },
  async write(trx, caller, items) {
    return outcomesOf(await appendMovements(trx, caller, items), items);
  },
};

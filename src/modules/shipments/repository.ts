import type { Kysely } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import type { DB, NewRow } from '../../db/types.js';
import { type DerivedFields, deriveShipment } from './derive.js';

/** A shipment as callers write it: everything but the derived columns. */
export type ShipmentWrite = Omit<NewRow<'shipments'>, keyof DerivedFields>;

/** The row to store: the caller's fields plus the derived ones. */
export function withDerivedFields(row: ShipmentWrite): NewRow<'shipments'> {
  return { ...row, ...deriveShipment(row) };
}

/** Inserts shipments through the batched path, deriving lane, transit, delay and on-time. */
export function insertShipments(db: Kysely<DB>, rows: readonly ShipmentWrite[]): Promise<number> {
  return insertRows(db, 'shipments', rows.map(withDerivedFields));
}

import { AppError } from '../../../lib/errors.js';
import type { ImportTargetName } from '../mapping/schema.js';
import { inventoryMovementsTarget, inventorySnapshotsTarget } from './inventory.js';
import {
  carriersTarget,
  customersTarget,
  facilitiesTarget,
  productsTarget,
  suppliersTarget,
} from './master-data.js';
import { ordersTarget } from './orders.js';
import { shipmentsTarget } from './shipments.js';
import { trackingEventsTarget } from './tracking-events.js';
import type { ImportTarget } from './types.js';

export type { ImportTarget, TargetContext, TargetOutcome } from './types.js';

/** The targets a mapping may name: every one of importTargets (ADR 0016). */
const targets: Partial<Record<ImportTargetName, ImportTarget>> = {
  shipments: shipmentsTarget as ImportTarget,
  'tracking-events': trackingEventsTarget as ImportTarget,
  orders: ordersTarget as ImportTarget,
  carriers: carriersTarget,
  customers: customersTarget,
  suppliers: suppliersTarget,
  facilities: facilitiesTarget,
  products: productsTarget,
  'inventory-snapshots': inventorySnapshotsTarget as ImportTarget,
  'inventory-movements': inventoryMovementsTarget as ImportTarget,
};

/** The target of a mapping, or IMPORT_MAPPING_INVALID for one not importable yet. */
export function targetOf(name: ImportTargetName): ImportTarget {
  const target = targets[name];
  if (!target) {
    throw new AppError(
      'IMPORT_MAPPING_INVALID',
      `Importing ${name} is not available yet; importable targets: ${Object.keys(targets).join(', ')}.`,
      { errors: [{ path: 'target', message: `not importable yet: ${name}` }] },
    );
  }
  return target;
}

/** Names of the targets that can be imported now. */
export const importableTargets = Object.keys(targets) as ImportTargetName[];

export { appendMovements, type InventoryResult, upsertSnapshots } from './imports.js';
export { inventoryRoutes } from './routes.js';
export { movementSign } from './rules.js';
export {
  type MovementCreate,
  movementCreate,
  movementKinds,
  type SnapshotCreate,
  snapshotCreate,
} from './schema.js';

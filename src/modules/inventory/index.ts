export { inventoryRoutes } from './routes.js';
export { movementSign } from './rules.js';
export { movementKinds } from './schema.js';

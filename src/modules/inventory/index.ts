export { inventoryRoutes } from './routes.js';
export { movementKinds, movementSign } from './schema.js';

import { masterResources } from './definitions.js';
import { masterDataRoutes as routesFor } from './routes.js';

export {
  carriers,
  customers,
  facilities,
  facilityKinds,
  masterResources,
  products,
  suppliers,
} from './definitions.js';
export type { MasterResource, MasterTable } from './resource.js';

/** Carriers, customers, suppliers, facilities and products under /api/v1. */
export const masterDataRoutes = routesFor(masterResources);
export { lookupKey, type MasterLookup, type ResolvedMasterData, resolveMasterData } from './lookup.js';
export { type UpsertResult, upsertResources } from './service.js';

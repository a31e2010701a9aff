export { type DerivationInput, type DerivedFields, deriveShipment, laneOf, localDay } from './derive.js';
export { appendTrackingEvents, type EventInput, type EventResult, shipmentIdsByKey } from './events.js';
export {
  enqueueRederivations,
  REDERIVE_DEDUPE_KEY,
  REDERIVE_JOB,
  type RederiveSummary,
  rederiveShipments,
  rederiveShipmentsJob,
} from './rederive.js';
export { type ShipmentWrite, withDerivedFields } from './repository.js';
export { shipmentRoutes } from './routes.js';
export {
  type ShipmentCreate,
  shipmentCreate,
  type TrackingEventCreate,
  trackingEventCreate,
} from './schema.js';
export { applyEvent, type TrackingCode, trackingCodes } from './tracking.js';
export {
  type BatchSummary,
  insertShipmentBatch,
  type MergedShipment,
  restoreShipmentRows,
  type ShipmentInput,
  type ShipmentResult,
  shipmentErrors,
  type WriteOptions,
  writeShipments,
} from './write.js';

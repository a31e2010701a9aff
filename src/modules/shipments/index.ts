export { type DerivationInput, type DerivedFields, deriveShipment, laneOf, localDay } from './derive.js';
export { insertShipments, type ShipmentWrite, withDerivedFields } from './repository.js';
export { shipmentRoutes } from './routes.js';
export { applyEvent, type TrackingCode, trackingCodes } from './tracking.js';

export { type DerivedFields, type DerivationInput, deriveShipment, laneOf, localDay } from './derive.js';
export { insertShipments, type ShipmentWrite, withDerivedFields } from './repository.js';

export * from './admin.js';
export * from './query/schema.js';
export { bumpDataVersion, dataVersionOf, SHIPMENT_FACTS_VERSION } from './versions.js';

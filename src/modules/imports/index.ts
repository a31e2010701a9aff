/**
 * File imports (issue #11, ADR 0016): files, mappings, runs and quarantine. The one door other
 * modules, the app and the CLI use.
 */
export { type FileSource, type FileStore, getFile, pullFile, registerFile } from './files.js';
export { flattenEvent as epcisEventRecord } from './formats/epcis.js';
export type { RecordObject, SourceRecord } from './formats/types.js';
export { IMPORT_RUN_JOB, importRunJob } from './job.js';
export { compileFor, type LoadedRecord, loadRecords } from './loader/records.js';
export { executeRun, type RunEnvironment, type RunProgress, type RunSummary } from './loader/run.js';
export { type CompiledMapping, type MappingDefinition, mappingDefinition } from './mapping/index.js';
export { presetMappings } from './mapping/presets.js';
export { addMappingVersion, createMapping, getMapping, listMappings } from './mappings.js';
export { previewFile, sampleFile, suggestForFile } from './preview.js';
export { listQuarantine, listQuarantineReasons, patchQuarantined, replayQuarantine } from './quarantine.js';
export { type ImportRouteOptions, importRoutes } from './routes.js';
export { cancelRun, getRun, listRuns, type RunStart, startRun } from './runs.js';
export type { TargetOutcome } from './targets/index.js';
// The same guard for endpoints that are not http(s) URLs (MQTT brokers): vetUrl's name rules, then every resolved address.
export { systemResolver, vetAddresses } from './url-fetch/connect.js';
export { vetUrl } from './url-fetch/hosts.js';
// The outbound-URL guard of URL imports, for other modules that send to URLs people give (alert webhooks).
export { type PostAnswer, type PostOptions, postToUrl, vetOutboundUrl } from './url-fetch/post.js';

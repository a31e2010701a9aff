/**
 * Reporting settings, exchange rates and saved views (issue #9 parts 1 and 6): their routes and
 * the functions other parts of the engine and other modules use. Re-exported by index.ts.
 */
export { rateRoutes } from './rates/routes.js';
export { deleteRate, listRates, upsertRates } from './rates/service.js';
export { settingsRoutes } from './settings/routes.js';
export {
  getReportingSettings,
  patchReportingSettings,
  REDERIVE_JOB,
  type ReportingSettings,
  reportingSettingsOf,
} from './settings/service.js';
export { viewRoutes } from './views/routes.js';
export {
  createView,
  deleteView,
  getView,
  listViews,
  patchView,
  runView,
} from './views/service.js';

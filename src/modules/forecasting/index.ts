/** Forecasting (issue #10): the engine, the organization's series, runs and the registry. */

export { runDelayRisk } from './delay-risk-run.js';
export { executeForecastRun, type RunSummary } from './execute.js';
export { delayRiskJob, forecastRunJob, queueDelayRisk, weeklyForecastsJob } from './jobs.js';
export { createCandidate, getModel, listModels, promoteModel, rollbackModel } from './models.js';
export { inventoryRisks } from './policy/risks.js';
export { activeForecastConfig, ENGINE_VERSION } from './registry.js';
export { forecastRoutes } from './routes.js';
export { createForecastRun, getForecastRun, listForecastRuns, startForecastRun } from './runs.js';
export { getForecastSeries, listForecastSeries } from './series-read.js';

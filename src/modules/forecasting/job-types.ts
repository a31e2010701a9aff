/** The job types of forecasting, named in one place (runs enqueue them, jobs.ts defines them). */
export const FORECAST_RUN_JOB = 'forecasts.run';
export const FORECAST_WEEKLY_JOB = 'forecasts.weekly';
export const DELAY_RISK_JOB = 'forecasts.delay-risk';

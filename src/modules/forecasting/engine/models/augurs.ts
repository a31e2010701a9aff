import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AutoETS, initSync as initEts } from '@bsull/augurs/ets';
import { initSync as initMstl, MSTL } from '@bsull/augurs/mstl';
import type { ForecastModel, Interval, ModelForecast } from '../types.js';
import { forecastAdjusted } from './adjusted.js';
import { INTERVAL_LEVELS } from './exponential-smoothing.js';

/**
 * The models taken from augurs (Rust compiled to WASM, tested against statsforecast): AutoETS,
 * which picks error, trend and damping by AICc but fits non-seasonal models only — so it runs
 * on the seasonally adjusted series like the other smoothers — and MSTL, which peels off
 * several seasons (a day and a week of hours) and forecasts the rest with AutoETS.
 * The WASM modules are compiled once, on first use: in Node augurs' own async `init()` tries to
 * fetch a file: URL, so each submodule is initialised synchronously from its file (see
 * DEPENDENCIES.md).
 */

let ready = false;
function ensureInitialised(): void {
  if (ready) return;
  for (const [name, init] of [
    ['ets', initEts],
    ['mstl', initMstl],
  ] as const) {
    const entry = createRequire(import.meta.url).resolve(`@bsull/augurs/${name}`);
    init({ module: readFileSync(join(dirname(entry), `${name}_bg.wasm`)) });
  }
  ready = true;
}

/** Forecast and both intervals from augurs' model; it returns one level per call. */
function withIntervals(
  predict: (level: number) => {
    point: number[];
    intervals?: { lower: number[]; upper: number[] } | undefined;
  },
): ModelForecast {
  const intervals: Interval[] = [];
  let mean: number[] = [];
  for (const level of INTERVAL_LEVELS) {
    const result = predict(level);
    mean = result.point;
    if (result.intervals)
      intervals.push({ level, lower: result.intervals.lower, upper: result.intervals.upper });
  }
  return intervals.length === INTERVAL_LEVELS.length ? { mean, intervals } : { mean };
}

/** AutoETS on the seasonally adjusted series. */
export const ets: ForecastModel = {
  name: 'ets',
  minLength: () => 10,
  forecast: (y, horizon, season) => {
    ensureInitialised();
    return forecastAdjusted(y, horizon, season, (adjusted, h) => {
      const model = new AutoETS(1, 'ZZZ');
      try {
        model.fit(Float64Array.from(adjusted));
        return withIntervals((level) => model.predict(h, level));
      } finally {
        model.free();
      }
    });
  },
};

/**
 * MSTL with an AutoETS trend. It needs two full cycles of a season to estimate it: seasons
 * longer than that are left out, and with none left (or only a season of 1) it is skipped.
 */
export const mstl: ForecastModel = {
  name: 'mstl',
  minLength: (season, periods = [season]) => {
    const usable = periods.filter((p) => p > 1);
    return usable.length === 0 ? Number.POSITIVE_INFINITY : 2 * Math.min(...usable) + 1;
  },
  forecast: (y, horizon, season, periods = [season]) => {
    ensureInitialised();
    const usable = periods.filter((p) => p > 1 && y.length > 2 * p);
    const model = new MSTL('ets', Uint32Array.from(usable));
    try {
      model.fit(Float64Array.from(y));
      return withIntervals((level) => model.predict(horizon, level));
    } finally {
      model.free();
    }
  },
};

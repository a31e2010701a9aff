import type { ForecastModel, ModelName } from '../types.js';
import { ets, mstl } from './augurs.js';
import { damped, holt, naive, naive2, seasonalNaive, ses } from './classic.js';
import { croston, sba, tsb } from './intermittent.js';
import { optimizedTheta, theta } from './theta.js';

/** Every fitted model by name (the combination is built from these, not fitted itself). */
export const MODELS: Readonly<Record<Exclude<ModelName, 'combination'>, ForecastModel>> = {
  naive,
  seasonal_naive: seasonalNaive,
  naive2,
  ses,
  holt,
  damped,
  theta,
  optimized_theta: optimizedTheta,
  ets,
  mstl,
  croston,
  sba,
  tsb,
};

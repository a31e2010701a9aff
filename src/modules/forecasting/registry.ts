import type { Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import { constraintViolation } from '../../db/errors.js';
import type { DB } from '../../db/types.js';

/**
 * The model registry's forecast configurations. A configuration is what the engine is asked to
 * do (candidate models, backtest windows, the engine's version); runs store the version that
 * produced them. An organization's first run creates version 1, active, from the defaults.
 * Promotion and rollback (models:promote) change which version is active.
 */

/** The version of the engine's methods: a change to how forecasts are made raises it. */
export const ENGINE_VERSION = '2026.12.1';

/** What a forecast configuration holds. */
export interface ForecastConfig {
  readonly engine: string;
  /** Backtest windows per series. */
  readonly origins: number;
  /** Candidate models; null for every model that suits a series. */
  readonly models: readonly string[] | null;
}

export const DEFAULT_FORECAST_CONFIG: ForecastConfig = { engine: ENGINE_VERSION, origins: 3, models: null };

/** The active forecast configuration of an organization, created from the defaults if it has none. */
export async function activeForecastConfig(
  db: Kysely<DB>,
  orgId: number,
  createdBy: string,
): Promise<{ id: number; version: number; config: ForecastConfig }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const row = await db
      .selectFrom('forecast_models')
      .where('org_id', '=', orgId)
      .where('kind', '=', 'forecast')
      .where('status', '=', 'active')
      .select(['id', 'version', 'params'])
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (row)
      return { id: Number(row.id), version: row.version, config: JSON.parse(row.params) as ForecastConfig };
    try {
      await insertOne(db, 'forecast_models', {
        org_id: orgId,
        kind: 'forecast',
        version: 1,
        status: 'active',
        params: JSON.stringify(DEFAULT_FORECAST_CONFIG),
        created_by: createdBy,
        promoted_at: new Date(),
      });
    } catch (error) {
      // Another run created it at the same moment: read theirs.
      if (constraintViolation(error) !== 'unique') throw error;
    }
  }
  throw new Error('the forecast configuration could not be created');
}

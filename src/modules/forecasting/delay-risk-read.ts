import type { Kysely } from 'kysely';
import { type DB, toDate } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';

/** The stored delay-risk prediction of one open shipment of the organization. */
export async function getShipmentDelayRisk(db: Kysely<DB>, orgId: number, shipmentId: number) {
  const row = await db
    .selectFrom('shipment_delay_risks as r')
    .innerJoin('forecast_models as m', 'm.id', 'r.model_id')
    .where('r.org_id', '=', orgId)
    .where('r.shipment_id', '=', shipmentId)
    .select(['r.shipment_id', 'r.probability', 'r.baseline', 'r.factors', 'r.predicted_at', 'm.version'])
    .executeTakeFirst();
  if (!row) {
    throw new AppError(
      'RESOURCE_NOT_FOUND',
      `No delay-risk prediction for shipment ${shipmentId}: it is not open, or no delay-risk model has run (POST /models/delay-risk/train).`,
    );
  }
  return {
    shipmentId: Number(row.shipment_id),
    probability: Number(row.probability),
    baseline: Number(row.baseline),
    factors: JSON.parse(row.factors) as { name: string; effect: number }[],
    modelVersion: row.version,
    predictedAt: toDate(row.predicted_at).toISOString(),
  };
}

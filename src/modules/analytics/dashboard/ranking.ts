/**
 * The two stated rules of the scorecard and the lane analysis, as pure functions of the figures
 * the answer shows (rounded as shown, so a reader can check a rank against the numbers).
 */
export interface CarrierFigures {
  readonly id: number;
  readonly name: string;
  readonly shipments: number;
  readonly deliveredShipments: number;
  readonly onTimeRate: number | null;
  readonly costPerKg: number | null;
}

export function rankRule(minShipments: number): string {
  return `Carriers with at least ${minShipments} delivered shipments in the period and an on-time rate are ranked by on-time rate, highest first; equal rates are ranked by number of shipments, more first; carriers equal on both share a rank (1, 2, 2, 4). Other carriers are listed unranked, with the reason.`;
}

export function bestCarrierRule(minShipments: number): string {
  return `The highest on-time rate among carriers with at least ${minShipments} delivered shipments on the lane in the period; ties go to the lower cost per kg (a carrier without one comes after those with one), then to more shipments, then to the carrier name in alphabetical order.`;
}

/** Why a carrier is not ranked (or chosen), or null when it may be. */
export function ineligibility(carrier: CarrierFigures, minShipments: number, where: string): string | null {
  if (carrier.deliveredShipments < minShipments) {
    return `${carrier.deliveredShipments} delivered shipment${carrier.deliveredShipments === 1 ? '' : 's'}${where}, fewer than the ${minShipments} needed`;
  }
  if (carrier.onTimeRate === null)
    return `no delivered shipment${where} has a planned delivery, so there is no on-time rate`;
  return null;
}

export interface Ranked<T> {
  readonly carrier: T;
  readonly rank: number | null;
  readonly unrankedReason: string | null;
}

/**
 * Competition ranking ("1, 2, 2, 4") by on-time rate, then shipments; ranked carriers first by
 * rank (then name), unranked ones after them by shipments (then name).
 */
export function rankCarriers<T extends CarrierFigures>(
  carriers: readonly T[],
  minShipments: number,
): Ranked<T>[] {
  const reasons = new Map(carriers.map((c) => [c, ineligibility(c, minShipments, ' in the period')]));
  const eligible = carriers.filter((c) => reasons.get(c) === null);
  const beats = (a: T, b: T) =>
    (a.onTimeRate ?? 0) > (b.onTimeRate ?? 0) || (a.onTimeRate === b.onTimeRate && a.shipments > b.shipments);
  const ranked = carriers.map((carrier) => {
    const reason = reasons.get(carrier) ?? null;
    return {
      carrier,
      rank: reason === null ? 1 + eligible.filter((other) => beats(other, carrier)).length : null,
      unrankedReason: reason,
    };
  });
  return ranked.sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      (a.rank === null ? b.carrier.shipments - a.carrier.shipments : 0) ||
      byName(a.carrier, b.carrier),
  );
}

/** The best carrier of a lane by bestCarrierRule, or null when none qualifies. */
export function bestCarrier<T extends CarrierFigures>(
  carriers: readonly T[],
  minShipments: number,
): T | null {
  const eligible = carriers.filter((c) => ineligibility(c, minShipments, '') === null);
  eligible.sort(
    (a, b) =>
      (b.onTimeRate ?? 0) - (a.onTimeRate ?? 0) ||
      (a.costPerKg ?? Number.POSITIVE_INFINITY) - (b.costPerKg ?? Number.POSITIVE_INFINITY) ||
      b.shipments - a.shipments ||
      byName(a, b),
  );
  return eligible[0] ?? null;
}

function byName(a: CarrierFigures, b: CarrierFigures): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
}

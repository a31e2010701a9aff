/** The series an organization's data gives, and what identifies each one. */

export const SERIES_KINDS = ['demand', 'lane_volume', 'carrier_volume'] as const;
/** Demand: units ordered of a product at its ship-from facility; volumes: shipments on a lane / with a carrier. */
export type SeriesKind = (typeof SERIES_KINDS)[number];

export const SERIES_GRAINS = ['day', 'week'] as const;
export type SeriesGrain = (typeof SERIES_GRAINS)[number];

/** What one series is about; `key` is stable across runs (it names the series' row). */
export interface SeriesIdentity {
  readonly key: string;
  readonly kind: SeriesKind;
  readonly grain: SeriesGrain;
  readonly productId: number | null;
  readonly facilityId: number | null;
  readonly carrierId: number | null;
  readonly lane: string | null;
  /** For people: "SKU-1 at AMS-DC", "Rotterdam → Hamburg", "DHL". */
  readonly label: string;
}

/** A series ready to forecast: one value per period from `start`, gaps filled with zeros. */
export interface BuiltSeries extends SeriesIdentity {
  /** The first day of the first period (a Monday at week grain). */
  readonly start: string;
  readonly values: number[];
}

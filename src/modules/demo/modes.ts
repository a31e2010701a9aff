import type { ShipmentMode } from '../../db/types.js';
import type { City } from './places.js';
import { greatCircleKm } from './places.js';
import type { Random } from './random.js';

/**
 * Physics and prices of each transport mode: route length from the great circle, planned
 * transit time, and a freight tariff driven by weight, volume and distance. The tariff is in
 * USD, the demo company's reporting currency, so cost per kg compares across lanes; a carrier
 * invoicing in another currency charges the same amount at the day's rate (currencies.ts).
 */

/** Route length: the great circle stretched by how the mode actually travels. */
export function routeKm(mode: ShipmentMode, from: City, to: City): number {
  const gc = greatCircleKm(from, to);
  switch (mode) {
    case 'air':
      return gc * 1.05 + 40;
    case 'ocean':
      return gc * oceanDetour(from, to);
    case 'rail':
      return gc * 1.18 + 10;
    default:
      // Road circuity of about 1.2 plus the urban first and last miles.
      return gc * 1.22 + 8;
  }
}

// Asia to Europe sails through Suez, Asia to the American east coast through Panama.
function oceanDetour(from: City, to: City): number {
  if (from.market === 'AS' && to.market === 'EU') return 2.1;
  if (from.market === 'AS' && to.lng > -100) return 1.6;
  return 1.25;
}

/** Planned door-to-door transit in whole days (the carrier's published service level). */
export function plannedTransitDays(mode: ShipmentMode, km: number): number {
  switch (mode) {
    case 'parcel':
      return km < 300 ? 1 : km < 900 ? 2 : km < 1800 ? 3 : km < 3000 ? 4 : 5;
    case 'air':
      return km < 2500 ? 1 : km < 9000 ? 2 : 3;
    case 'ltl':
      // Consolidation at terminals adds a day to the line haul.
      return 1 + Math.ceil(km / 650);
    case 'ftl':
    case 'road':
      // About 750 km per driving day under hours-of-service rules.
      return Math.max(1, Math.ceil(km / 750));
    case 'rail':
      return 2 + Math.ceil(km / 550);
    case 'ocean':
      // Port handling at both ends plus about 18 knots at sea.
      return 5 + Math.ceil(km / 750);
  }
}

/** Freight charge in USD at market level, before the carrier's own price level. */
export function tariff(mode: ShipmentMode, km: number, kg: number, m3: number): number {
  switch (mode) {
    case 'parcel':
      return 7.5 + 1.05 * kg ** 0.85 * (1 + km / 1500);
    case 'air':
      // Charged on the greater of actual and volumetric weight (167 kg per m³).
      return Math.max(85, Math.max(kg, m3 * 167) * (2.4 + km / 5000));
    case 'ltl':
      return Math.max(90, (kg / 100) * (9 + km * 0.03));
    case 'road':
      return Math.ceil(kg / 20_000) * Math.max(160, 120 + km * 1.9);
    case 'ftl':
      return Math.ceil(kg / 22_000) * Math.max(350, 150 + km * 2.05);
    case 'rail':
      return Math.ceil(kg / 60_000) * Math.max(650, 400 + km * 1.05);
    case 'ocean':
      return Math.ceil(m3 / 60) * (1200 + km * 0.14) + 350;
  }
}

/**
 * The mode a shipper would book for a consignment: parcel for small parcels, LTL for a few
 * pallets, a full truck (or rail on long North American hauls) for heavy loads, and ocean
 * between continents unless it is small or urgent.
 */
export function chooseMode(rng: Random, kg: number, km: number, intercontinental: boolean): ShipmentMode {
  if (intercontinental) return kg < 150 || rng.chance(0.07) ? 'air' : 'ocean';
  if (kg < 60) return km > 1200 && rng.chance(0.05) ? 'air' : 'parcel';
  if (kg < 2_500) return km < 250 && rng.chance(0.5) ? 'road' : 'ltl';
  if (km > 1_600 && rng.chance(0.3)) return 'rail';
  return km < 250 ? 'road' : 'ftl';
}

/** Modes that carry pallets (parcels and air freight are counted by piece, not pallet). */
export function usesPallets(mode: ShipmentMode): boolean {
  return mode !== 'parcel' && mode !== 'air';
}

/** Whether the mode delivers on weekends (parcel networks do on Saturdays). */
export function deliversOn(mode: ShipmentMode, weekdayIndex: number): boolean {
  if (weekdayIndex === 0) return false;
  return weekdayIndex !== 6 || mode === 'parcel';
}

import type { ShipmentMode } from '../../db/types.js';

/**
 * The demo company's carriers: fictional names (so no real company is shown as unreliable) with
 * SCAC-style codes, and the performance profile that drives their shipments. The spread of
 * on-time tendencies is wide on purpose, so scorecards and the assistant have something to find.
 */
export interface CarrierProfile {
  readonly name: string;
  readonly scac: string;
  readonly modes: readonly ShipmentMode[];
  /** Where the carrier operates: 'global' carriers move goods between markets. */
  readonly markets: readonly ('NA' | 'EU' | 'global')[];
  /** Share of shipments delivered by the planned day under ordinary conditions. */
  readonly onTime: number;
  /** Mean extra days of a late delivery beyond the first. */
  readonly lateSpreadDays: number;
  /** Price level against the market rate (1 = market). */
  readonly costLevel: number;
  /** Share of shipments that hit an exception (damage, missed appointment, customs hold…). */
  readonly exceptionRate: number;
  /** How its tracking events arrive (the tracking_events.source). */
  readonly feed: 'edi214' | 'api' | 'portal';
}

export const carrierProfiles: readonly CarrierProfile[] = [
  {
    name: 'Northline Freight',
    scac: 'NLFT',
    modes: ['ftl', 'road'],
    markets: ['NA'],
    onTime: 0.94,
    lateSpreadDays: 0.4,
    costLevel: 1.08,
    exceptionRate: 0.01,
    feed: 'edi214',
  },
  {
    name: 'Keystone LTL',
    scac: 'KSLT',
    modes: ['ltl'],
    markets: ['NA'],
    onTime: 0.89,
    lateSpreadDays: 0.7,
    costLevel: 1.0,
    exceptionRate: 0.02,
    feed: 'edi214',
  },
  {
    name: 'Parcelpoint Express',
    scac: 'PPEX',
    modes: ['parcel', 'air'],
    markets: ['NA', 'EU'],
    onTime: 0.96,
    lateSpreadDays: 0.3,
    costLevel: 1.15,
    exceptionRate: 0.012,
    feed: 'api',
  },
  {
    name: 'Redwood Carriers',
    scac: 'RWCR',
    modes: ['ftl', 'ltl', 'road'],
    markets: ['NA'],
    onTime: 0.79,
    lateSpreadDays: 1.3,
    costLevel: 0.87,
    exceptionRate: 0.035,
    feed: 'portal',
  },
  {
    name: 'Great Plains Rail',
    scac: 'GPRL',
    modes: ['rail'],
    markets: ['NA'],
    onTime: 0.74,
    lateSpreadDays: 2.0,
    costLevel: 0.95,
    exceptionRate: 0.02,
    feed: 'edi214',
  },
  {
    name: 'Tidewater Ocean Lines',
    scac: 'TWOL',
    modes: ['ocean'],
    markets: ['global'],
    onTime: 0.68,
    lateSpreadDays: 3.5,
    costLevel: 0.92,
    exceptionRate: 0.03,
    feed: 'edi214',
  },
  {
    name: 'Bluefin Shipping',
    scac: 'BFSH',
    modes: ['ocean'],
    markets: ['global'],
    onTime: 0.82,
    lateSpreadDays: 2.5,
    costLevel: 1.05,
    exceptionRate: 0.02,
    feed: 'api',
  },
  {
    name: 'SkyBridge Air Cargo',
    scac: 'SBAC',
    modes: ['air'],
    markets: ['global', 'NA', 'EU'],
    onTime: 0.92,
    lateSpreadDays: 0.5,
    costLevel: 1.2,
    exceptionRate: 0.015,
    feed: 'api',
  },
  {
    name: 'Maple Road Logistics',
    scac: 'MRLG',
    modes: ['ftl', 'ltl', 'road', 'rail'],
    markets: ['NA'],
    onTime: 0.87,
    lateSpreadDays: 0.8,
    costLevel: 0.98,
    exceptionRate: 0.02,
    feed: 'edi214',
  },
  {
    name: 'Sierra Madre Transportes',
    scac: 'SMTR',
    modes: ['ftl', 'ltl', 'road'],
    markets: ['NA'],
    onTime: 0.81,
    lateSpreadDays: 1.1,
    costLevel: 0.9,
    exceptionRate: 0.03,
    feed: 'portal',
  },
  {
    name: 'EuroLink Haulage',
    scac: 'ELHG',
    modes: ['ftl', 'ltl', 'road', 'rail'],
    markets: ['EU'],
    onTime: 0.91,
    lateSpreadDays: 0.6,
    costLevel: 1.02,
    exceptionRate: 0.015,
    feed: 'edi214',
  },
  {
    name: 'Continental Parcel',
    scac: 'CNPC',
    modes: ['parcel', 'ltl', 'road'],
    markets: ['EU'],
    onTime: 0.85,
    lateSpreadDays: 0.9,
    costLevel: 0.93,
    exceptionRate: 0.025,
    feed: 'api',
  },
];

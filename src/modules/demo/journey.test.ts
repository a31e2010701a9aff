import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shipmentModes } from '../../db/types.js';
import { applyEvent, localDay } from '../shipments/index.js';
import { HOUR_MS } from './calendar.js';
import { carrierProfiles } from './carriers.js';
import type { Carrier } from './company.js';
import { playJourney } from './journey.js';
import { routeKm } from './modes.js';
import { asia, europe, northAmerica } from './places.js';
import { Random } from './random.js';
import { trackingSteps } from './tracking.js';

const carriers: Carrier[] = carrierProfiles.map((p, i) => ({ ...p, id: i + 1, index: i }));
const places = [...northAmerica, ...europe, ...asia];
const from = Date.UTC(2024, 11, 1);
const to = Date.UTC(2026, 10, 28);

const journeyCase = fc.record({
  seed: fc.integer(),
  mode: fc.constantFrom(...shipmentModes),
  carrier: fc.constantFrom(...carriers),
  a: fc.constantFrom(...places),
  b: fc.constantFrom(...places),
  createdAt: fc.integer({ min: from, max: to }),
  handlingHours: fc.integer({ min: 0, max: 300 }),
  nowAfterHours: fc.integer({ min: 0, max: 24 * 90 }),
  cancelled: fc.boolean(),
  mayBeLost: fc.boolean(),
});

describe('a shipment journey', () => {
  it('keeps its dates, status and tracking events consistent with each other and with now', () => {
    fc.assert(
      fc.property(journeyCase, (c) => {
        const rng = new Random(c.seed);
        const now = c.createdAt + c.nowAfterHours * HOUR_MS;
        const km = routeKm(c.mode, c.a, c.b);
        const j = playJourney(rng, {
          mode: c.mode,
          carrier: c.carrier,
          from: c.a,
          to: c.b,
          km,
          readyAt: c.createdAt + c.handlingHours * HOUR_MS,
          createdAt: c.createdAt,
          laneBias: 0.05,
          crossBorder: c.a.country !== c.b.country,
          now,
          cancelled: c.cancelled,
          mayBeLost: c.mayBeLost,
        });
        expect(j.plannedPickup).toBeLessThanOrEqual(j.plannedDelivery);
        expect(j.plannedPickup).toBeGreaterThanOrEqual(c.createdAt + c.handlingHours * HOUR_MS - 60_000);
        expect(localDay(j.plannedDelivery, c.b.zone)).toBe(
          new Date(j.plannedDeliveryDay * 86_400_000).toISOString().slice(0, 10),
        );
        if (j.actualPickup !== null) {
          expect(j.actualPickup).toBeGreaterThanOrEqual(c.createdAt);
          expect(j.actualPickup).toBeLessThanOrEqual(now);
        }
        if (j.actualDelivery !== null) {
          expect(j.actualPickup).not.toBeNull();
          expect(j.actualDelivery).toBeGreaterThan(j.actualPickup ?? Number.POSITIVE_INFINITY);
          expect(j.actualDelivery).toBeLessThanOrEqual(now);
        }
        switch (j.status) {
          case 'cancelled':
            expect(c.cancelled).toBe(true);
            expect(j.actualPickup).toBeNull();
            break;
          case 'planned':
          case 'booked':
            expect(j.actualPickup).toBeNull();
            break;
          case 'delivered':
            expect(j.actualDelivery).not.toBeNull();
            break;
          case 'in_transit':
          case 'exception':
            expect(j.actualPickup).not.toBeNull();
            expect(j.actualDelivery).toBeNull();
            break;
        }

        const steps = trackingSteps(rng, j, c.mode, c.carrier, c.a, c.b, c.b, now);
        if (j.actualPickup === null) expect(steps).toEqual([]);
        else expect(steps[0]?.code).toBe('PICKED_UP');
        const end = j.actualDelivery ?? now;
        let state = {
          status: 'booked' as const,
          actual_pickup_at: null,
          actual_delivery_at: null,
        } as Parameters<typeof applyEvent>[0];
        for (const [i, step] of steps.entries()) {
          if (i > 0) expect(step.at).toBeGreaterThanOrEqual(steps[i - 1]?.at ?? 0);
          expect(step.at).toBeGreaterThanOrEqual(j.actualPickup ?? 0);
          expect(step.at).toBeLessThanOrEqual(end);
          state = { ...state, ...applyEvent(state, step.code, new Date(step.at)) };
        }
        // Replaying the feed gives the shipment's status (once it has been picked up).
        if (steps.length > 0) expect(state.status).toBe(j.status);
        if (j.actualDelivery !== null) expect(steps.at(-1)?.code).toBe('DELIVERED');
      }),
      { numRuns: 3_000 },
    );
  });

  it('is late more often with an unreliable carrier', () => {
    const reliable = carriers.find((c) => c.scac === 'NLFT') as Carrier;
    const shaky = carriers.find((c) => c.scac === 'RWCR') as Carrier;
    const lateShare = (carrier: Carrier) => {
      const rng = new Random(3, carrier.scac);
      const chicago = northAmerica.find((c) => c.name === 'Chicago');
      const dallas = northAmerica.find((c) => c.name === 'Dallas');
      if (!chicago || !dallas) throw new Error('cities');
      let late = 0;
      let delivered = 0;
      for (let i = 0; i < 4_000; i++) {
        const createdAt = from + i * 4 * HOUR_MS;
        const j = playJourney(rng, {
          mode: 'ftl',
          carrier,
          from: chicago,
          to: dallas,
          km: routeKm('ftl', chicago, dallas),
          readyAt: createdAt + 12 * HOUR_MS,
          createdAt,
          laneBias: 0,
          crossBorder: false,
          now: to + 60 * 24 * HOUR_MS,
          cancelled: false,
          mayBeLost: false,
        });
        if (j.actualDelivery === null) continue;
        delivered++;
        if (localDay(j.actualDelivery, dallas.zone) > localDay(j.plannedDelivery, dallas.zone)) late++;
      }
      return late / delivered;
    };
    expect(lateShare(shaky) - lateShare(reliable)).toBeGreaterThan(0.1);
  });
});

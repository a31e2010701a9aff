import { describe, expect, it } from 'vitest';
import { type ShipmentFacts, shipmentProblems, trackingEventProblems } from './rules.js';

const now = Date.parse('2026-12-01T12:00:00Z');
const planned: ShipmentFacts = {
  status: 'planned',
  planned_pickup_at: '2026-11-02T08:00:00.000Z',
  planned_delivery_at: '2026-11-04T17:00:00.000Z',
  actual_pickup_at: null,
  actual_delivery_at: null,
};
const delivered: ShipmentFacts = {
  ...planned,
  status: 'delivered',
  actual_pickup_at: new Date('2026-11-02T09:00:00Z'),
  actual_delivery_at: new Date('2026-11-04T16:00:00Z'),
};
const paths = (errors: { path: string }[]) => errors.map((e) => e.path);

describe('shipment rules', () => {
  it('accepts consistent shipments, the epoch included', () => {
    expect(shipmentProblems(planned, now)).toEqual([]);
    expect(shipmentProblems(delivered, now)).toEqual([]);
    expect(
      shipmentProblems(
        { ...delivered, planned_pickup_at: null, planned_delivery_at: null, actual_delivery_at: new Date(0) },
        now,
      ),
    ).toEqual(['actualDeliveryAt'].map((path) => expect.objectContaining({ path })));
    expect(
      shipmentProblems(
        {
          ...delivered,
          planned_pickup_at: null,
          planned_delivery_at: null,
          actual_pickup_at: new Date(0),
          actual_delivery_at: new Date(86_400_000),
        },
        now,
      ),
    ).toEqual([]);
  });

  it('refuses delivery before pickup, actual and planned', () => {
    expect(
      paths(shipmentProblems({ ...delivered, actual_delivery_at: new Date('2026-10-24T16:00:00Z') }, now)),
    ).toEqual(['actualDeliveryAt']);
    expect(paths(shipmentProblems({ ...planned, planned_delivery_at: '2026-11-01T00:00:00Z' }, now))).toEqual(
      ['plannedDeliveryAt'],
    );
  });

  it('keeps status and actual times in agreement', () => {
    expect(paths(shipmentProblems({ ...delivered, actual_delivery_at: null }, now))).toEqual([
      'actualDeliveryAt',
    ]);
    expect(paths(shipmentProblems({ ...planned, status: 'in_transit' }, now))).toEqual(['actualPickupAt']);
    expect(paths(shipmentProblems({ ...delivered, status: 'booked' }, now))).toEqual([
      'actualPickupAt',
      'actualDeliveryAt',
    ]);
    expect(paths(shipmentProblems({ ...delivered, status: 'cancelled' }, now))).toEqual(['actualDeliveryAt']);
    expect(shipmentProblems({ ...delivered, status: 'exception', actual_delivery_at: null }, now)).toEqual(
      [],
    );
  });

  it('refuses actual times in the future or decades before the plan', () => {
    expect(
      paths(shipmentProblems({ ...delivered, actual_delivery_at: new Date(now + 2 * 86_400_000) }, now)),
    ).toEqual(['actualDeliveryAt']);
    expect(shipmentProblems({ ...delivered, actual_delivery_at: new Date(now + 3_600_000) }, now)).toEqual(
      [],
    );
    expect(
      paths(shipmentProblems({ ...delivered, actual_pickup_at: new Date('1970-01-01T00:00:00Z') }, now)),
    ).toEqual(['actualPickupAt']);
  });
});

describe('tracking event rules', () => {
  const at = (iso: string) => new Date(iso);
  it('refuses a 1970 DELIVERED event on a shipment planned for 2027', () => {
    const s = {
      ...planned,
      planned_pickup_at: '2027-03-01T08:00:00Z',
      planned_delivery_at: '2027-03-04T08:00:00Z',
    };
    const errors = trackingEventProblems(
      { shipment: s, code: 'DELIVERED', occurredAt: at('1970-01-01T00:00:00Z') },
      now,
    );
    expect(paths(errors)).toContain('occurredAt');
  });
  it('refuses events in the future and events that would put delivery before pickup', () => {
    expect(
      paths(
        trackingEventProblems(
          { shipment: planned, code: 'DEPARTED', occurredAt: new Date(now + 3 * 86_400_000) },
          now,
        ),
      ),
    ).toEqual(['occurredAt']);
    const pickedUp = {
      ...planned,
      status: 'in_transit' as const,
      actual_pickup_at: at('2026-11-02T09:00:00Z'),
    };
    expect(
      paths(
        trackingEventProblems(
          { shipment: pickedUp, code: 'DELIVERED', occurredAt: at('2026-11-01T09:00:00Z') },
          now,
        ),
      ),
    ).toEqual(['occurredAt']);
    expect(
      trackingEventProblems(
        { shipment: pickedUp, code: 'DELIVERED', occurredAt: at('2026-11-04T09:00:00Z') },
        now,
      ),
    ).toEqual([]);
  });
  it('accepts a first scan that puts a shipment in transit (it records the pickup)', () => {
    expect(
      trackingEventProblems(
        { shipment: planned, code: 'DEPARTED', occurredAt: at('2026-11-02T10:00:00Z') },
        now,
      ),
    ).toEqual([]);
    expect(
      trackingEventProblems(
        { shipment: delivered, code: 'BOOKED', occurredAt: at('2026-11-03T10:00:00Z') },
        now,
      ),
    ).toEqual([]);
  });
});

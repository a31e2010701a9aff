import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveShipment, laneOf, localDay } from './derive.js';

const base = {
  origin_city: 'Chicago',
  origin_country: 'US',
  destination_city: 'Dallas',
  destination_country: 'US',
  destination_timezone: 'America/Chicago',
};

describe('deriveShipment', () => {
  it('computes lane, transit days and delay hours', () => {
    const d = deriveShipment({
      ...base,
      actual_pickup_at: new Date('2026-03-02T14:00:00Z'),
      planned_delivery_at: new Date('2026-03-04T17:00:00Z'),
      actual_delivery_at: new Date('2026-03-05T05:30:00Z'),
    });
    expect(d.lane).toBe('Chicago, US → Dallas, US');
    expect(d.transit_days).toBe(2.65);
    expect(d.delay_hours).toBe(12.5);
  });

  it('judges on-time by calendar day in the destination time zone', () => {
    // 04:30Z on the 5th is 22:30 on the 4th in Chicago: still the planned day, so on time.
    const lateInUtcOnTimeLocally = deriveShipment({
      ...base,
      planned_delivery_at: new Date('2026-03-04T15:00:00Z'),
      actual_delivery_at: new Date('2026-03-05T04:30:00Z'),
    });
    expect(lateInUtcOnTimeLocally.on_time).toBe(1);
    expect(lateInUtcOnTimeLocally.delay_hours).toBe(13.5);
    const nextLocalDay = deriveShipment({
      ...base,
      planned_delivery_at: new Date('2026-03-04T15:00:00Z'),
      actual_delivery_at: new Date('2026-03-05T07:00:00Z'),
    });
    expect(nextLocalDay.on_time).toBe(0);
  });

  it('leaves fields unknown when their inputs are', () => {
    expect(deriveShipment({ origin_city: 'Chicago' })).toEqual({
      lane: null,
      transit_days: null,
      delay_hours: null,
      on_time: null,
    });
  });

  it('accepts stored ISO strings as well as Dates', () => {
    const a = deriveShipment({
      ...base,
      planned_delivery_at: '2026-03-04T15:00:00.000Z',
      actual_delivery_at: '2026-03-04T16:00:00.000Z',
    });
    expect(a).toMatchObject({ delay_hours: 1, on_time: 1 });
  });

  it('treats the epoch (1970-01-01T00:00:00Z) as a known instant, not as missing', () => {
    const epoch = new Date(0);
    const delivered = deriveShipment({
      ...base,
      destination_timezone: 'UTC',
      actual_pickup_at: new Date('1969-12-30T00:00:00Z'),
      planned_delivery_at: new Date('1970-01-01T06:00:00Z'),
      actual_delivery_at: epoch,
    });
    expect(delivered).toMatchObject({ transit_days: 2, delay_hours: -6, on_time: 1 });
    const pickedAtEpoch = deriveShipment({
      ...base,
      actual_pickup_at: '1970-01-01T00:00:00.000Z',
      planned_delivery_at: '1970-01-01T00:00:00.000Z',
      actual_delivery_at: '1970-01-03T12:00:00.000Z',
    });
    expect(pickedAtEpoch).toMatchObject({ transit_days: 2.5, delay_hours: 60, on_time: 0 });
  });

  it('computes the far ends of the plausible window (1900 and 2199) like any other day', () => {
    const first = deriveShipment({
      ...base,
      destination_timezone: 'UTC',
      actual_pickup_at: '1900-01-01T00:00:00.000Z',
      planned_delivery_at: '1900-01-02T00:00:00.000Z',
      actual_delivery_at: '1900-01-02T23:59:59.999Z',
    });
    expect(first).toMatchObject({ transit_days: 2, delay_hours: 24, on_time: 1 });
    const last = deriveShipment({
      ...base,
      actual_pickup_at: new Date('2199-12-29T12:00:00Z'),
      planned_delivery_at: new Date('2199-12-30T18:00:00Z'),
      // 05:00Z on the 31st is 23:00 on the 30th in Chicago: the planned day.
      actual_delivery_at: new Date('2199-12-31T05:00:00Z'),
    });
    expect(last).toMatchObject({ transit_days: 1.71, delay_hours: 11, on_time: 1 });
    expect(localDay(Date.parse('1900-01-01T00:00:00Z'), 'UTC')).toBe('1900-01-01');
    expect(localDay(Date.parse('2199-12-31T23:59:59Z'), 'Pacific/Auckland')).toBe('2200-01-01');
  });

  it('agrees with the metric definition for any pair of instants', () => {
    fc.assert(
      fc.property(
        // The whole plausible window, epoch included.
        fc.date({ min: new Date('1900-01-02'), max: new Date('2199-12-25'), noInvalidDate: true }),
        fc.integer({ min: -5 * 24 * 60, max: 10 * 24 * 60 }),
        fc.constantFrom('UTC', 'America/Chicago', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Auckland'),
        (planned, minutesLate, zone) => {
          const actual = new Date(planned.getTime() + minutesLate * 60_000);
          const d = deriveShipment({
            ...base,
            destination_timezone: zone,
            planned_delivery_at: planned,
            actual_delivery_at: actual,
          });
          const expected = localDay(actual.getTime(), zone) <= localDay(planned.getTime(), zone) ? 1 : 0;
          expect(d.on_time).toBe(expected);
          if (minutesLate <= 0) expect(d.on_time).toBe(1);
          if (minutesLate >= 24 * 60) expect(d.on_time).toBe(0);
          expect(d.delay_hours).toBeCloseTo(minutesLate / 60, 2);
        },
      ),
    );
  });
});

describe('laneOf', () => {
  it('needs both ends', () => {
    expect(laneOf({ ...base, destination_country: null })).toBeNull();
  });
});

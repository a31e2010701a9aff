import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHIPMENT_FACTS_VERSION } from '../analytics/index.js';
import { deriveShipment, laneOf, localDay } from './derive.js';

// The reporting zone of these cases; the days it gives are tested on their own below.
const utc = { timeZone: 'UTC', now: new Date('2026-06-01T12:00:00Z') };
const derive = (s: Parameters<typeof deriveShipment>[0]) => deriveShipment(s, utc);

const base = {
  origin_city: 'Chicago',
  origin_country: 'US',
  destination_city: 'Dallas',
  destination_country: 'US',
  destination_timezone: 'America/Chicago',
};

describe('deriveShipment', () => {
  it('computes lane, transit days and delay hours', () => {
    const d = derive({
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
    const lateInUtcOnTimeLocally = derive({
      ...base,
      planned_delivery_at: new Date('2026-03-04T15:00:00Z'),
      actual_delivery_at: new Date('2026-03-05T04:30:00Z'),
    });
    expect(lateInUtcOnTimeLocally.on_time).toBe(1);
    expect(lateInUtcOnTimeLocally.delay_hours).toBe(13.5);
    const nextLocalDay = derive({
      ...base,
      planned_delivery_at: new Date('2026-03-04T15:00:00Z'),
      actual_delivery_at: new Date('2026-03-05T07:00:00Z'),
    });
    expect(nextLocalDay.on_time).toBe(0);
  });

  it('leaves fields unknown when their inputs are', () => {
    expect(derive({ origin_city: 'Chicago' })).toEqual({
      lane: null,
      transit_days: null,
      delay_hours: null,
      on_time: null,
      // No dates at all: the shipment counts on the day it is written.
      ship_day: '2026-06-01',
      delivery_day: null,
      derivation_version: SHIPMENT_FACTS_VERSION,
    });
  });

  it('accepts stored ISO strings as well as Dates', () => {
    const a = derive({
      ...base,
      planned_delivery_at: '2026-03-04T15:00:00.000Z',
      actual_delivery_at: '2026-03-04T16:00:00.000Z',
    });
    expect(a).toMatchObject({ delay_hours: 1, on_time: 1 });
  });

  it('treats the epoch (1970-01-01T00:00:00Z) as a known instant, not as missing', () => {
    const epoch = new Date(0);
    const delivered = derive({
      ...base,
      destination_timezone: 'UTC',
      actual_pickup_at: new Date('1969-12-30T00:00:00Z'),
      planned_delivery_at: new Date('1970-01-01T06:00:00Z'),
      actual_delivery_at: epoch,
    });
    expect(delivered).toMatchObject({ transit_days: 2, delay_hours: -6, on_time: 1 });
    const pickedAtEpoch = derive({
      ...base,
      actual_pickup_at: '1970-01-01T00:00:00.000Z',
      planned_delivery_at: '1970-01-01T00:00:00.000Z',
      actual_delivery_at: '1970-01-03T12:00:00.000Z',
    });
    expect(pickedAtEpoch).toMatchObject({ transit_days: 2.5, delay_hours: 60, on_time: 0 });
  });

  it('computes the far ends of the plausible window (1900 and 2199) like any other day', () => {
    const first = derive({
      ...base,
      destination_timezone: 'UTC',
      actual_pickup_at: '1900-01-01T00:00:00.000Z',
      planned_delivery_at: '1900-01-02T00:00:00.000Z',
      actual_delivery_at: '1900-01-02T23:59:59.999Z',
    });
    expect(first).toMatchObject({ transit_days: 2, delay_hours: 24, on_time: 1 });
    const last = derive({
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
          const d = derive({
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

describe('deriveShipment at day boundaries', () => {
  it('judges on-time by the UTC day when the destination has no time zone, whatever the server zone', () => {
    // 09:00Z and 12:00Z are one UTC day, but two days at +12:45 or later (the CI zone is Chatham).
    for (const destination_timezone of [null, undefined, '']) {
      const d = derive({
        ...base,
        destination_timezone,
        planned_delivery_at: '2026-03-04T09:00:00.000Z',
        actual_delivery_at: '2026-03-04T12:00:00.000Z',
      });
      expect(d).toMatchObject({ delay_hours: 3, on_time: 1 });
      // Past midnight UTC is the next day, even though it is still the 4th in Chicago.
      const late = derive({
        ...base,
        destination_timezone,
        planned_delivery_at: '2026-03-04T15:00:00.000Z',
        actual_delivery_at: '2026-03-05T00:30:00.000Z',
      });
      expect(late).toMatchObject({ delay_hours: 9.5, on_time: 0 });
    }
  });

  it('puts the local midnight in the destination zone: 23:59:59.999 is on time, 00:00 is late', () => {
    // Tokyo (+09:00): the planned day 2026-03-04 ends at 2026-03-04T14:59:59.999Z.
    const tokyo = {
      ...base,
      destination_timezone: 'Asia/Tokyo',
      planned_delivery_at: '2026-03-04T01:00:00.000Z',
    };
    expect(derive({ ...tokyo, actual_delivery_at: '2026-03-04T14:59:59.999Z' }).on_time).toBe(1);
    expect(derive({ ...tokyo, actual_delivery_at: '2026-03-04T15:00:00.000Z' }).on_time).toBe(0);
    // Delivered a day early, or the day before planned in local time, is on time.
    expect(derive({ ...tokyo, actual_delivery_at: '2026-03-03T14:59:59.999Z' })).toMatchObject({
      on_time: 1,
      delay_hours: -10,
    });
  });

  it('counts elapsed time, not wall-clock time, across a daylight-saving change', () => {
    // Chicago springs forward on 2026-03-08: noon CST on the 7th to noon CDT on the 8th is 23 hours.
    const d = derive({
      ...base,
      actual_pickup_at: '2026-03-07T18:00:00.000Z',
      planned_delivery_at: '2026-03-09T04:59:00.000Z', // 23:59 CDT on the 8th
      actual_delivery_at: '2026-03-08T17:00:00.000Z',
    });
    expect(d).toMatchObject({ transit_days: 0.96, delay_hours: -11.98, on_time: 1 });
    // 00:00 CDT on the 9th is the next local day, though only one minute after the plan.
    const late = derive({
      ...base,
      planned_delivery_at: '2026-03-09T04:59:00.000Z',
      actual_delivery_at: '2026-03-09T05:00:00.000Z',
    });
    expect(late).toMatchObject({ delay_hours: 0.02, on_time: 0 });
  });

  it('rounds transit days and delay hours to two decimals, early deliveries negative', () => {
    const d = derive({
      ...base,
      actual_pickup_at: '2026-03-04T00:00:00.000Z',
      planned_delivery_at: '2026-03-04T12:00:00.000Z',
      actual_delivery_at: '2026-03-04T11:59:00.000Z', // 1 minute early, 11:59 after pickup
    });
    expect(d).toMatchObject({ transit_days: 0.5, delay_hours: -0.02, on_time: 1 });
  });

  it('leaves on-time and delay unknown without a plan, and transit unknown without a pickup', () => {
    const noPlan = derive({
      ...base,
      actual_pickup_at: '2026-03-02T00:00:00.000Z',
      actual_delivery_at: '2026-03-03T00:00:00.000Z',
    });
    expect(noPlan).toMatchObject({ transit_days: 1, delay_hours: null, on_time: null });
    const noPickup = derive({
      ...base,
      planned_delivery_at: '2026-03-03T00:00:00.000Z',
      actual_delivery_at: '2026-03-03T06:00:00.000Z',
    });
    expect(noPickup).toMatchObject({ transit_days: null, delay_hours: 6 });
    // Not delivered yet: nothing is derived but the lane, even with a pickup and a plan.
    const inTransit = derive({
      ...base,
      actual_pickup_at: '2026-03-02T00:00:00.000Z',
      planned_delivery_at: '2026-03-03T00:00:00.000Z',
    });
    expect(inTransit).toEqual({
      lane: 'Chicago, US → Dallas, US',
      transit_days: null,
      delay_hours: null,
      on_time: null,
      ship_day: '2026-03-02',
      delivery_day: null,
      derivation_version: SHIPMENT_FACTS_VERSION,
    });
  });
});

describe('the days analytics count a shipment on', () => {
  const chicago = (at: Date) => ({ timeZone: 'America/Chicago', now: at });
  const now = new Date('2026-06-01T12:00:00Z');

  it('takes the first known of actual pickup, planned pickup, planned and actual delivery, then the record time', () => {
    const times = {
      actual_pickup_at: '2026-03-02T15:00:00.000Z',
      planned_pickup_at: '2026-03-01T15:00:00.000Z',
      planned_delivery_at: '2026-03-05T15:00:00.000Z',
      actual_delivery_at: '2026-03-06T15:00:00.000Z',
    };
    expect(deriveShipment(times, chicago(now)).ship_day).toBe('2026-03-02');
    expect(deriveShipment({ ...times, actual_pickup_at: null }, chicago(now)).ship_day).toBe('2026-03-01');
    expect(
      deriveShipment(
        { planned_delivery_at: times.planned_delivery_at, actual_delivery_at: times.actual_delivery_at },
        chicago(now),
      ).ship_day,
    ).toBe('2026-03-05');
    expect(deriveShipment({ actual_delivery_at: times.actual_delivery_at }, chicago(now)).ship_day).toBe(
      '2026-03-06',
    );
    expect(deriveShipment({ created_at: '2026-02-10T20:00:00.000Z' }, chicago(now)).ship_day).toBe(
      '2026-02-10',
    );
    expect(deriveShipment({}, chicago(now)).ship_day).toBe('2026-06-01');
  });

  it('counts days in the reporting zone, not in UTC or the destination zone', () => {
    // 04:30Z on the 5th is 22:30 on the 4th in Chicago, and already the 5th in Tokyo.
    const row = {
      ...base,
      actual_pickup_at: '2026-03-05T04:30:00.000Z',
      actual_delivery_at: '2026-03-07T04:30:00.000Z',
    };
    expect(deriveShipment(row, chicago(now))).toMatchObject({
      ship_day: '2026-03-04',
      delivery_day: '2026-03-06',
    });
    expect(deriveShipment(row, { timeZone: 'UTC', now })).toMatchObject({
      ship_day: '2026-03-05',
      delivery_day: '2026-03-07',
    });
    expect(deriveShipment(row, { timeZone: 'Asia/Tokyo', now })).toMatchObject({
      ship_day: '2026-03-05',
      delivery_day: '2026-03-07',
    });
  });

  it('keeps the local day across a daylight-saving change', () => {
    // Chicago springs forward on 2026-03-08: 05:30Z is 23:30 CST on the 7th, 06:30Z 01:30 CDT on the 8th.
    expect(deriveShipment({ actual_pickup_at: '2026-03-08T05:30:00.000Z' }, chicago(now)).ship_day).toBe(
      '2026-03-07',
    );
    expect(deriveShipment({ actual_pickup_at: '2026-03-08T06:30:00.000Z' }, chicago(now)).ship_day).toBe(
      '2026-03-08',
    );
    // And falls back on 2026-11-01: 04:30Z is 23:30 CDT on the 31st, 06:30Z is 00:30 CST on the 1st.
    expect(deriveShipment({ actual_pickup_at: '2026-11-01T04:30:00.000Z' }, chicago(now)).ship_day).toBe(
      '2026-10-31',
    );
    expect(deriveShipment({ actual_pickup_at: '2026-11-01T06:30:00.000Z' }, chicago(now)).ship_day).toBe(
      '2026-11-01',
    );
  });
});

describe('localDay', () => {
  it('gives the calendar day of an instant in the named zone, not the server zone', () => {
    const at = Date.parse('2026-03-04T03:00:00Z');
    expect(localDay(at, 'America/Chicago')).toBe('2026-03-03');
    expect(localDay(at, 'UTC')).toBe('2026-03-04');
    expect(localDay(Date.parse('2026-03-04T11:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-03-05');
    expect(localDay(0, 'UTC')).toBe('1970-01-01');
    expect(localDay(-1, 'UTC')).toBe('1969-12-31');
  });

  it('builds one formatter per zone and reuses it', () => {
    const Original = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        built++;
      }
    } as typeof Intl.DateTimeFormat;
    try {
      // A zone no other test uses, so its formatter is not built yet.
      for (let i = 0; i < 5; i++) localDay(i * 86_400_000, 'Atlantic/Azores');
      expect(localDay(0, 'Atlantic/Azores')).toBe('1969-12-31');
      expect(built).toBe(1);
    } finally {
      Intl.DateTimeFormat = Original;
    }
  });
});

describe('laneOf', () => {
  it('names both ends', () => {
    expect(laneOf(base)).toBe('Chicago, US → Dallas, US');
  });

  it('is unknown when any of the four parts is missing or empty', () => {
    for (const part of [
      'origin_city',
      'origin_country',
      'destination_city',
      'destination_country',
    ] as const) {
      expect(laneOf({ ...base, [part]: null }), part).toBeNull();
      expect(laneOf({ ...base, [part]: '' }), part).toBeNull();
      expect(laneOf({ ...base, [part]: undefined }), part).toBeNull();
    }
  });
  it('needs both ends', () => {
    expect(laneOf({ ...base, destination_country: null })).toBeNull();
  });
});

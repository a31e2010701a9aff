import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDay } from '../shipments/index.js';
import { DAY_MS, dayOf, isoDay, nextWindow, toInstant, toLocal, weekday, zoneOffset } from './calendar.js';
import { spreadOverDays, volumeWeight } from './seasonality.js';

const zones = [
  'America/Chicago',
  'America/Los_Angeles',
  'America/Phoenix',
  'America/Halifax',
  'America/Mexico_City',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
];
const from = Date.UTC(2024, 0, 1);
const to = Date.UTC(2027, 0, 1);

describe('calendar', () => {
  it('knows weekdays and prints days', () => {
    expect(weekday(dayOf(Date.UTC(2026, 10, 29)))).toBe(0); // a Sunday
    expect(weekday(dayOf(Date.UTC(2026, 10, 30)))).toBe(1);
    expect(isoDay(dayOf(Date.UTC(2025, 1, 28, 23, 59)))).toBe('2025-02-28');
  });

  it('uses the zone offset of the day, with daylight saving', () => {
    expect(zoneOffset('America/Chicago', dayOf(Date.UTC(2026, 0, 15)))).toBe(-360);
    expect(zoneOffset('America/Chicago', dayOf(Date.UTC(2026, 6, 15)))).toBe(-300);
    expect(zoneOffset('America/Phoenix', dayOf(Date.UTC(2026, 6, 15)))).toBe(-420);
    expect(zoneOffset('Asia/Kolkata', dayOf(Date.UTC(2026, 6, 15)))).toBe(330);
  });

  it('finds the same local day as the on-time definition, for any instant and zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.constantFrom(...zones), (ms, zone) => {
        expect(isoDay(toLocal(zone, ms).day)).toBe(localDay(ms, zone));
      }),
      { numRuns: 3_000 },
    );
  });

  it('turns a daytime wall-clock time into the instant that reads so locally', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayOf(from), max: dayOf(to) }),
        fc.integer({ min: 5 * 60, max: 23 * 60 }),
        fc.constantFrom(...zones),
        (day, minute, zone) => {
          const ms = toInstant(zone, { day, minute });
          expect(toLocal(zone, ms)).toEqual({ day, minute });
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('moves to the next opening window, never backwards', () => {
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.constantFrom(...zones), (ms, zone) => {
        const t = nextWindow(zone, ms, 8 * 60, 16 * 60);
        expect(t.minute).toBeGreaterThanOrEqual(8 * 60);
        expect(t.minute).toBeLessThanOrEqual(16 * 60);
        expect(toInstant(zone, t)).toBeGreaterThanOrEqual(ms - 60_000);
        expect(toInstant(zone, t) - ms).toBeLessThan(1.7 * DAY_MS);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('seasonality', () => {
  it('spreads exactly the requested total over the days', () => {
    for (const total of [0, 1, 7, 2_000, 1_000_000]) {
      const counts = spreadOverDays(total, 20_000, 20_729);
      expect(counts.reduce((s, n) => s + n, 0)).toBe(total);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(0);
    }
  });

  it('is busier on weekdays than weekends and in December than February', () => {
    const first = dayOf(Date.UTC(2025, 0, 1));
    const monday = dayOf(Date.UTC(2025, 4, 12));
    expect(volumeWeight(monday, first)).toBeGreaterThan(3 * volumeWeight(monday - 1, first));
    expect(volumeWeight(dayOf(Date.UTC(2025, 11, 3)), first)).toBeGreaterThan(
      1.5 * volumeWeight(dayOf(Date.UTC(2025, 1, 5)), first),
    );
  });
});

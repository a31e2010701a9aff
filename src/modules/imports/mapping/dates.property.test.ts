import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate } from './dates.js';

const zones = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Kolkata',
  'Pacific/Chatham',
];

/** The wall clock of an instant in a zone, as ISO text without an offset (Intl is the reference). */
function wallClock(t: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

describe('parseDate across zones (property)', () => {
  it('reads the wall clock of any instant back as that instant, or the earlier one when it repeats', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }),
        fc.constantFrom(...zones),
        (seconds, zone) => {
          const t = seconds * 1000;
          const wall = wallClock(t, zone);
          const parsed = Date.parse(parseDate(wall, ['iso'], zone) as string);
          // The same wall clock; the same instant unless the clock shows it twice (then the earlier).
          expect(wallClock(parsed, zone)).toBe(wall);
          expect(parsed).toBeLessThanOrEqual(t);
          if (parsed !== t) expect(t - parsed).toBeLessThanOrEqual(3_600_000);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

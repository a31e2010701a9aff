import { describe, expect, it } from 'vitest';
import { compileDateFormat, dayOf, parseDate } from './dates.js';

describe('parseDate', () => {
  it('reads ISO 8601 with an offset, Z, or none (then in the zone), and date-only', () => {
    expect(parseDate('2006-06-02T10:30:00+02:00', ['iso'])).toBe('2006-06-02T08:30:00.000Z');
    expect(parseDate('2006-06-02T10:30:00.5Z', ['iso'])).toBe('2006-06-02T10:30:00.500Z');
    expect(parseDate('2006-06-02 10:30', ['iso'], 'America/Chicago')).toBe('2006-06-02T15:30:00.000Z');
    expect(parseDate('2006-06-02', ['iso'], 'Europe/Berlin')).toBe('2006-06-01T22:00:00.000Z');
    expect(parseDate('2006-06-02T00:00:00', ['iso'])).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('2006-02-30', ['iso'])).toBeNull();
    expect(parseDate('2006-06-02T25:00', ['iso'])).toBeNull();
    expect(parseDate('June 2 2006', ['iso'])).toBeNull();
  });

  it('reads Excel 1900 serials, skipping the fake 29 February 1900', () => {
    expect(parseDate('1', ['excel'])).toBe('1900-01-01T00:00:00.000Z');
    expect(parseDate('59', ['excel'])).toBe('1900-02-28T00:00:00.000Z');
    expect(parseDate('60', ['excel'])).toBeNull();
    expect(parseDate('61', ['excel'])).toBe('1900-03-01T00:00:00.000Z');
    expect(parseDate('38870', ['excel'])).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate(38870.75, ['excel'])).toBe('2006-06-02T18:00:00.000Z');
    expect(parseDate('45658.5', ['excel'], 'America/New_York')).toBe('2025-01-01T17:00:00.000Z');
    expect(parseDate('0', ['excel'])).toBeNull();
    expect(parseDate('-3', ['excel'])).toBeNull();
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(parseDate('1149206400', ['epoch-s'])).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('1149206400123', ['epoch-ms'])).toBe('2006-06-02T00:00:00.123Z');
    expect(parseDate('1e9', ['epoch-s'])).toBeNull();
  });

  it('reads token patterns with English month names in any case', () => {
    expect(parseDate('2-Jun-06', ['d-MMM-yy'])).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('2-jun-06', ['d-MMM-yy'])).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('15-Sept-99', ['d-MMM-yy'])).toBe('1999-09-15T00:00:00.000Z');
    expect(parseDate('June 2, 2006', ['MMMM d, yyyy'])).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('06/02/2006', ['MM/dd/yyyy'])).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('02.06.2006 14:05:09.250', ['dd.MM.yyyy HH:mm:ss.SSS'])).toBe(
      '2006-06-02T14:05:09.250Z',
    );
    expect(parseDate("2006-06-02 o'clock", ["yyyy-MM-dd 'o''clock'"])).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('2006-06-02T07:08', ["yyyy-MM-dd'T'HH:mm"])).toBe('2006-06-02T07:08:00.000Z');
    expect(parseDate('6/2/2006 12:15 AM', ['M/d/yyyy h:mm a'])).toBe('2006-06-02T00:15:00.000Z');
    expect(parseDate('6/2/2006 12:15 pm', ['M/d/yyyy h:mm a'])).toBe('2006-06-02T12:15:00.000Z');
    expect(parseDate('6/2/2006 13:15 pm', ['M/d/yyyy h:mm a'])).toBeNull();
    expect(parseDate('31/06/2006', ['dd/MM/yyyy'])).toBeNull();
    expect(parseDate('Jux 2 2006', ['MMM d yyyy'])).toBeNull();
  });

  it('pivots two-digit years at 50', () => {
    expect(parseDate('01/01/49', ['MM/dd/yy'])).toBe('2049-01-01T00:00:00.000Z');
    expect(parseDate('01/01/50', ['MM/dd/yy'])).toBe('1950-01-01T00:00:00.000Z');
  });

  it('takes the first format that reads the whole text', () => {
    const formats = ['dd/MM/yyyy', 'iso', 'excel'];
    expect(parseDate(' 02/06/2006 ', formats)).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('2006-06-02', formats)).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('38870', formats)).toBe('2006-06-02T00:00:00.000Z');
    expect(parseDate('Date Not Captured', formats)).toBeNull();
  });

  it('moves a wall clock skipped by spring-forward forward, and takes the earlier of a repeated one', () => {
    // New York: 2025-03-09 02:00 EST → 03:00 EDT; 2025-11-02 02:00 EDT → 01:00 EST.
    expect(parseDate('2025-03-09T02:30', ['iso'], 'America/New_York')).toBe('2025-03-09T07:30:00.000Z');
    expect(parseDate('2025-03-09T03:30', ['iso'], 'America/New_York')).toBe('2025-03-09T07:30:00.000Z');
    expect(parseDate('2025-11-02T01:30', ['iso'], 'America/New_York')).toBe('2025-11-02T05:30:00.000Z');
    expect(parseDate('2025-11-02T02:30', ['iso'], 'America/New_York')).toBe('2025-11-02T07:30:00.000Z');
    // A half-hour zone across its own DST (Lord Howe: +10:30 ↔ +11).
    expect(parseDate('2025-01-15T12:00', ['iso'], 'Australia/Lord_Howe')).toBe('2025-01-15T01:00:00.000Z');
    expect(parseDate('2025-07-15T12:00', ['iso'], 'Australia/Lord_Howe')).toBe('2025-07-15T01:30:00.000Z');
    expect(parseDate('2006-06-02', ['d-MMM-yy', 'iso'], 'Asia/Kolkata')).toBe('2006-06-01T18:30:00.000Z');
  });

  it('refuses a pattern with unknown letters or no day', () => {
    expect(() => compileDateFormat('yyyy-MM-dd T HH')).toThrow(/unknown letter T/);
    expect(() => compileDateFormat('MM/yyyy')).toThrow(/year, a month and a day/);
    expect(() => compileDateFormat('M/d/yyyy h:mm')).toThrow(/AM\/PM/);
  });
});

describe('dayOf', () => {
  it('gives the calendar day of an instant in a zone', () => {
    expect(dayOf('2006-06-01T22:00:00.000Z', 'Europe/Berlin')).toBe('2006-06-02');
    expect(dayOf('2006-06-01T22:00:00.000Z')).toBe('2006-06-01');
    expect(dayOf('nonsense')).toBeNull();
  });
});

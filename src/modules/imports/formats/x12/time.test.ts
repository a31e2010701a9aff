import { describe, expect, it } from 'vitest';
import { x12DateTime } from './time.js';

describe('x12DateTime', () => {
  it('gives fixed offsets for UTC and the standard/daylight codes', () => {
    expect(x12DateTime('20260302', '0815', 'UT')).toBe('2026-03-02T08:15:00+00:00');
    expect(x12DateTime('20260302', '0815', 'GM')).toBe('2026-03-02T08:15:00+00:00');
    expect(x12DateTime('20260302', '0815', 'CS')).toBe('2026-03-02T08:15:00-06:00');
    expect(x12DateTime('20260702', '081530', 'ED')).toBe('2026-07-02T08:15:30-04:00');
    expect(x12DateTime('20260702', '0815', 'PD')).toBe('2026-07-02T08:15:00-07:00');
  });

  it('follows daylight saving time for the generic US codes', () => {
    expect(x12DateTime('20260303', '1400', 'ET')).toBe('2026-03-03T14:00:00-05:00');
    expect(x12DateTime('20260310', '1400', 'ET')).toBe('2026-03-10T14:00:00-04:00');
    expect(x12DateTime('20260710', '1605', 'PT')).toBe('2026-07-10T16:05:00-07:00');
    expect(x12DateTime('20261215', '0900', 'MT')).toBe('2026-12-15T09:00:00-07:00');
  });

  it('reads the numeric codes as offsets from UTC', () => {
    expect(x12DateTime('20260302', '0815', '01')).toBe('2026-03-02T08:15:00+01:00');
    expect(x12DateTime('20260302', '0815', '13')).toBe('2026-03-02T08:15:00-12:00');
    expect(x12DateTime('20260302', '0815', '24')).toBe('2026-03-02T08:15:00-01:00');
  });

  it('leaves local time and unknown codes without an offset', () => {
    expect(x12DateTime('20260302', '0815', 'LT')).toBe('2026-03-02T08:15:00');
    expect(x12DateTime('20260302', '0815', 'QQ')).toBe('2026-03-02T08:15:00');
    expect(x12DateTime('20260302', '0815')).toBe('2026-03-02T08:15:00');
  });

  it('reads six-digit dates, decimal seconds, and a date without a time', () => {
    expect(x12DateTime('260302', '08153012', 'UT')).toBe('2026-03-02T08:15:30.120+00:00');
    expect(x12DateTime('20260302')).toBe('2026-03-02');
  });

  it('refuses dates that do not exist', () => {
    expect(x12DateTime('20260230', '0815', 'UT')).toBeUndefined();
    expect(x12DateTime('2026-03-02')).toBeUndefined();
    expect(x12DateTime(undefined)).toBeUndefined();
  });
});

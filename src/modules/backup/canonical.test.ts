import { isMainThread } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ColumnKind,
  encodeRow,
  fromCanonical,
  isCanonical,
  kindOfDeclaredType,
  TableDigest,
  toCanonical,
} from './canonical.js';

describe('kindOfDeclaredType', () => {
  it.each([
    // SQLite declared types, MySQL DATA_TYPE and PostgreSQL type names of the same columns.
    ['datetime', 'instant'],
    ['datetime(3)', 'instant'],
    ['timestamptz', 'instant'],
    ['date', 'day'],
    ['INTEGER', 'integer'],
    ['bigint', 'integer'],
    ['int8', 'integer'],
    ['int4', 'integer'],
    ['int2', 'integer'],
    ['smallint', 'integer'],
    ['int', 'integer'],
    ['numeric(12, 3)', 'decimal'],
    ['decimal', 'decimal'],
    ['numeric', 'decimal'],
    ['REAL', 'float'],
    ['double', 'float'],
    ['float8', 'float'],
    ['varchar(64)', 'text'],
    ['varchar', 'text'],
    ['text', 'text'],
    // Spelled as the databases report them: upper case, padded, with precision or length.
    [' DATETIME ', 'instant'],
    ['timestamp', 'instant'],
    ['timestamp with time zone', 'instant'],
    ['tinyint(1)', 'integer'],
    ['int(11)', 'integer'],
    ['double precision', 'float'],
    ['float4', 'float'],
    ['character varying(255)', 'text'],
    ['bpchar', 'text'],
    ['mediumtext', 'text'],
  ] as const)('%s → %s', (declared, kind) => {
    expect(kindOfDeclaredType(declared)).toBe(kind);
  });

  it('knows nothing of types the migrations do not use, so they cannot slip through', () => {
    expect(kindOfDeclaredType('blob')).toBeUndefined();
    expect(kindOfDeclaredType('jsonb')).toBeUndefined();
    expect(kindOfDeclaredType('boolean')).toBeUndefined();
    // Names that merely contain a known one are other types.
    for (const other of [
      'interval',
      'text[]',
      'int4range',
      'realtime',
      'bigint unsigned zerofill',
      'xtext',
    ]) {
      expect(kindOfDeclaredType(other), other).toBeUndefined();
    }
  });
});

describe('toCanonical', () => {
  it('writes instants as ISO-8601 UTC with milliseconds, whatever the driver returned', () => {
    const expected = '2025-03-03T08:15:30.120Z';
    // PostgreSQL and MySQL give Dates; SQLite gives the stored text.
    expect(toCanonical('instant', new Date(Date.UTC(2025, 2, 3, 8, 15, 30, 120)))).toBe(expected);
    expect(toCanonical('instant', expected)).toBe(expected);
    // SQLite's own datetime() format is UTC without a zone, not local time.
    expect(toCanonical('instant', '2025-03-03 08:15:30.12')).toBe(expected);
    expect(toCanonical('instant', '2025-03-03 08:15:30')).toBe('2025-03-03T08:15:30.000Z');
    expect(toCanonical('instant', '2025-03-03T09:15:30.120+01:00')).toBe(expected);
    expect(toCanonical('instant', '2025-03-03 09:15:30.12+0100')).toBe(expected);
    expect(toCanonical('instant', '2025-03-03 08:15')).toBe('2025-03-03T08:15:00.000Z');
  });

  // process.env.TZ changes the zone only on a process's main thread; Stryker runs tests in worker
  // threads, so `npm run test:mutation` sets TZ for its whole run instead (package.json).
  it.runIf(isMainThread)("reads SQLite's zone-less text as UTC whatever the machine's time zone", () => {
    // Date.parse reads an ISO date-time without a zone as local time; on a UTC machine that
    // cannot be told apart, so the zone is switched here rather than trusting the machine's.
    const machineZone = process.env.TZ;
    try {
      for (const zone of ['America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham']) {
        process.env.TZ = zone;
        expect(new Date(Date.UTC(2025, 2, 3)).getTimezoneOffset(), zone).not.toBe(0);
        expect(toCanonical('instant', '2025-03-03 08:15:30.12'), zone).toBe('2025-03-03T08:15:30.120Z');
        expect(toCanonical('instant', '2025-07-01T23:30:00'), zone).toBe('2025-07-01T23:30:00.000Z');
      }
    } finally {
      if (machineZone === undefined) delete process.env.TZ;
      else process.env.TZ = machineZone;
    }
  });

  it('keeps calendar days, numbers, text and nulls as they are', () => {
    expect(toCanonical('day', '2025-02-28')).toBe('2025-02-28');
    expect(toCanonical('decimal', 12.3456)).toBe(12.3456);
    expect(toCanonical('integer', 9_007_199_254_740_991)).toBe(9_007_199_254_740_991);
    expect(toCanonical('text', 'São Paulo 📦')).toBe('São Paulo 📦');
    for (const kind of ['instant', 'day', 'integer', 'decimal', 'float', 'text'] as const) {
      expect(toCanonical(kind, null)).toBeNull();
      expect(toCanonical(kind, undefined)).toBeNull();
    }
  });

  it('turns driver-specific number shapes into JS numbers', () => {
    expect(toCanonical('integer', 42n)).toBe(42);
    expect(toCanonical('decimal', '1234.500')).toBe(1234.5);
    expect(Object.is(toCanonical('float', -0), 0)).toBe(true);
    // SQLite may return a number from a text column; its text is the value.
    expect(toCanonical('text', 12)).toBe('12');
    expect(toCanonical('text', 12345678901234567890n)).toBe('12345678901234567890');
    expect(toCanonical('decimal', ' 12.5 ')).toBe(12.5);
  });

  it('refuses values that cannot be what the column says, naming the column', () => {
    expect(() => toCanonical('instant', 'yesterday', 'shipments.actual_delivery_at (id 7)')).toThrow(
      /shipments\.actual_delivery_at \(id 7\).*not a valid instant/,
    );
    expect(() => toCanonical('instant', new Date(Number.NaN))).toThrow(/instant/);
    expect(() => toCanonical('day', '2025-3-1')).toThrow(/day/);
    expect(() => toCanonical('decimal', 'abc')).toThrow(/decimal/);
    expect(() => toCanonical('float', Number.POSITIVE_INFINITY)).toThrow(/float/);
    expect(() => toCanonical('text', Buffer.from('x'))).toThrow(/text/);
    expect(() => toCanonical('text', true)).toThrow(/text/);
    expect(() => toCanonical('day', 5)).toThrow(expect.objectContaining({ code: 'BACKUP_BAD_VALUE' }));
    expect(() => toCanonical('day', 5)).toThrow('value: 5 is not a valid day');
    expect(() => toCanonical('instant', new Date(Number.NaN))).toThrow(
      'value: an invalid Date is not a valid instant',
    );
  });

  it('refuses what a driver or a hand-edited database may hold but a column cannot mean', () => {
    // A DATE read as a Date (the pg default) would shift by the machine's zone: refused, not guessed.
    expect(() => toCanonical('day', new Date('2025-02-28T00:00:00Z'))).toThrow(/not a valid day/);
    for (const text of ['2025-02-28T00:00', ' 2025-02-28', '2025-02-28x']) {
      expect(() => toCanonical('day', text), text).toThrow(/not a valid day/);
    }
    for (const text of [
      'x2025-03-03T08:15:30.120Z',
      '2025-03-03T08:15:30.120Zjunk',
      'x2025-03-03 08:15:30',
      '2025-03-03 08:15:30 junk',
      '2025-13-01 08:15:30',
      '2025-03-03 25:00:00',
    ]) {
      expect(() => toCanonical('instant', text), text).toThrow(/not a valid instant/);
    }
    for (const text of ['', '   ', 'NaN']) {
      expect(() => toCanonical('decimal', text), JSON.stringify(text)).toThrow(/not a valid decimal/);
    }
    expect(() => toCanonical('integer', true)).toThrow(/not a valid integer/);
    expect(() => toCanonical('integer', [7])).toThrow(/not a valid integer/);
  });

  it('refuses impossible dates and times instead of rolling them over', () => {
    // Date.parse would read each of these as another, real moment (2025-02-30 is 2025-03-02).
    for (const text of [
      '2025-02-30 10:00:00',
      '2025-02-29 10:00:00',
      '2100-02-29T00:00:00',
      '2025-04-31 00:00:00.000',
      '2025-02-30T10:00:00.000Z',
      '2025-02-30T10:00:00+01:00',
      '2025-03-03 24:00:00',
      '2025-03-03 24:00',
      '2025-03-03T24:00:00.000Z',
      '2025-03-03 08:15:60',
      '2025-00-10 08:15:00',
      '2025-03-00 08:15:00',
    ]) {
      expect(() => toCanonical('instant', text, 'shipments.created_at (id 3)'), text).toThrow(
        expect.objectContaining({
          code: 'BACKUP_BAD_VALUE',
          message: expect.stringContaining('not a valid instant'),
        }),
      );
    }
    for (const text of ['2025-02-29', '2025-02-30', '2025-06-31', '2025-13-01', '2025-00-01', '2025-01-00']) {
      expect(() => toCanonical('day', text), text).toThrow(/not a valid day/);
      expect(isCanonical('day', text), text).toBe(false);
    }
    // The real edges still pass.
    expect(toCanonical('instant', '2024-02-29 23:59:59.999')).toBe('2024-02-29T23:59:59.999Z');
    expect(toCanonical('instant', '2000-02-29T00:00:00')).toBe('2000-02-29T00:00:00.000Z');
    expect(toCanonical('instant', '2025-12-31 23:59')).toBe('2025-12-31T23:59:00.000Z');
    expect(toCanonical('day', '2024-02-29')).toBe('2024-02-29');
    expect(isCanonical('day', '2024-02-29')).toBe(true);
  });

  it('keeps error messages short enough to read, whatever the value', () => {
    const error = (() => {
      try {
        toCanonical('day', 'x'.repeat(10_000), 'orders.order_date (id 1)');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toBe(`orders.order_date (id 1): "${'x'.repeat(79)} is not a valid day`);
    expect(() => toCanonical('text', Symbol('s'))).toThrow('value: Symbol(s) is not a valid text');
  });
});

describe('isCanonical', () => {
  it('accepts exactly what toCanonical writes', () => {
    expect(isCanonical('instant', '2025-03-03T08:15:30.120Z')).toBe(true);
    expect(isCanonical('instant', '2025-03-03T08:15:30.12Z')).toBe(false);
    expect(isCanonical('instant', '2025-03-03 08:15:30.120')).toBe(false);
    // Well-shaped but impossible: Date would roll it over to March 2nd.
    expect(isCanonical('instant', '2025-02-30T00:00:00.000Z')).toBe(false);
    expect(isCanonical('instant', '2024-02-29T23:59:59.999Z')).toBe(true);
    expect(isCanonical('instant', '2100-02-29T00:00:00.000Z')).toBe(false);
    expect(isCanonical('instant', '2025-13-01T00:00:00.000Z')).toBe(false);
    expect(isCanonical('instant', '2025-04-31T00:00:00.000Z')).toBe(false);
    expect(isCanonical('instant', '2025-04-30T24:00:00.000Z')).toBe(false);
    expect(isCanonical('instant', '2025-04-30T23:60:00.000Z')).toBe(false);
    expect(isCanonical('day', '2025-02-28')).toBe(true);
    expect(isCanonical('day', 20250228)).toBe(false);
    expect(isCanonical('integer', '1')).toBe(false);
    expect(isCanonical('text', 1)).toBe(false);
    expect(isCanonical('decimal', null)).toBe(true);
    expect(isCanonical('decimal', 12.5)).toBe(true);
    expect(isCanonical('integer', 7)).toBe(true);
    expect(isCanonical('float', Number.NaN)).toBe(false);
    expect(isCanonical('text', 'x')).toBe(true);
  });

  it('refuses a damaged file whose values only look right once coerced to text', () => {
    // An array's text is its element: ['2025-02-28'] must not pass for a day.
    expect(isCanonical('day', ['2025-02-28'])).toBe(false);
    expect(isCanonical('instant', ['2025-03-03T08:15:30.120Z'])).toBe(false);
    expect(isCanonical('day', '2025-02-28T00:00:00.000Z')).toBe(false);
    expect(isCanonical('day', 'x2025-02-28')).toBe(false);
    expect(isCanonical('instant', 'x2025-03-03T08:15:30.120Z')).toBe(false);
    expect(isCanonical('instant', '2025-03-03T08:15:30.120Z ')).toBe(false);
  });

  it('knows the calendar: month lengths, leap years, the last second of a minute', () => {
    const at = (day: string) => isCanonical('instant', `${day}T12:00:00.000Z`);
    expect(['2000-02-29', '2024-02-29', '2025-01-31', '2025-03-31', '2025-12-31'].map(at)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['1900-02-29', '2025-02-29', '2025-06-31', '2025-09-31', '2025-11-31'].map(at)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(isCanonical('instant', '2025-04-30T23:59:59.999Z')).toBe(true);
    expect(isCanonical('instant', '2025-04-30T23:59:60.000Z')).toBe(false);
  });

  it('restores a missing instant as missing, not as 1970', () => {
    expect(fromCanonical('instant', null)).toBeNull();
    expect(fromCanonical('day', '2025-02-28')).toBe('2025-02-28');
    expect(fromCanonical('decimal', 12.5)).toBe(12.5);
  });

  it('round-trips every instant through the restore value and back', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (d) => {
          const canonical = toCanonical('instant', d);
          expect(isCanonical('instant', canonical)).toBe(true);
          const restored = fromCanonical('instant', canonical);
          expect(restored).toBeInstanceOf(Date);
          expect(toCanonical('instant', restored)).toBe(canonical);
          // What SQLite stores for the restored Date is the same text again.
          expect(toCanonical('instant', (restored as Date).toISOString())).toBe(canonical);
        },
      ),
    );
  });

  it('judges well-shaped instant strings exactly as Date does', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        two(19),
        two(39),
        two(29),
        two(69),
        (year, month, day, hour, minute) => {
          const text = `${year}-${month}-${day}T${hour}:${minute}:59.999Z`;
          const ms = Date.parse(text);
          const real = !Number.isNaN(ms) && new Date(ms).toISOString() === text;
          expect(isCanonical('instant', text)).toBe(real);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips numbers and text unchanged', () => {
    const kinds: ColumnKind[] = ['float', 'text'];
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string()), (value) => {
        const kind = kinds[typeof value === 'number' ? 0 : 1] as ColumnKind;
        const canonical = toCanonical(kind, value);
        expect(isCanonical(kind, canonical)).toBe(true);
        expect(JSON.parse(encodeRow([canonical]))).toEqual([canonical]);
        expect(fromCanonical(kind, canonical)).toBe(canonical);
      }),
    );
  });
});

describe('TableDigest', () => {
  const digest = (columns: string[], lines: string[]) => {
    const d = new TableDigest(columns);
    for (const line of lines) d.add(line);
    return { rows: d.rows, sha256: d.finish() };
  };

  it('depends on every row, their order and the column names', () => {
    const rows = [encodeRow([1, 'Zürich', null]), encodeRow([2, 'São Paulo', 1.5])];
    const base = digest(['id', 'city', 'x'], rows);
    expect(base.rows).toBe(2);
    expect(base.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(digest(['id', 'city', 'x'], [...rows])).toEqual(base);
    expect(digest(['id', 'city', 'x'], [...rows].reverse()).sha256).not.toBe(base.sha256);
    expect(digest(['id', 'town', 'x'], rows).sha256).not.toBe(base.sha256);
    expect(
      digest(['id', 'city', 'x'], [rows[0] as string, encodeRow([2, 'São Paulo', 1.50001])]).sha256,
    ).not.toBe(base.sha256);
  });

  it('gives the checksum every release writes and checks, so older backup files keep verifying', () => {
    // sha256 of the column names and each row line, one per line: part of the file format.
    const rows = [
      encodeRow([1, 'Zürich', 1237.567, '2025-03-05T06:15:31.122Z']),
      encodeRow([2, 'São Paulo 📦', null, null]),
    ];
    expect(digest(['id', 'city', 'weight_kg', 'delivered_at'], rows)).toEqual({
      rows: 2,
      sha256: '5c8c013ae12ada6a34cb158836e5284d66578e57f36d284397e3c0abe1119488',
    });
  });
});

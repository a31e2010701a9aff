import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CursorPosition,
  cursorKey,
  decodeCursor,
  encodeCursor,
  openCursor,
  sealCursor,
} from './cursor.js';
import { AppError } from './errors.js';

const key = cursorKey('a-shared-api-secret-0123456789');
const SORT = 'plannedDeliveryAt';

/** The 400 a client gets for a cursor it must not use (thrown, not a crash). */
function refusal(run: () => unknown): AppError {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  if (!(caught instanceof AppError)) throw new Error(`expected a cursor refusal, got ${String(caught)}`);
  expect(caught.code).toBe('REQUEST_INVALID_CURSOR');
  expect(caught.status).toBe(400);
  expect(caught.message).toMatch(/start again without it/);
  return caught;
}

/** A token as a client could craft it by hand: any JSON, base64url-encoded. */
const handMade = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');

/** What a client gets back on the next page: seal, then open and decode as the server does. */
const roundTrip = (position: CursorPosition, sort = position.sort) =>
  decodeCursor(openCursor(key, sealCursor(key, encodeCursor(position))), sort);

describe('list cursors', () => {
  it('round-trip every kind of sort value: instants (far ones too), text, numbers and the null segment', () => {
    const values: CursorPosition['value'][] = [
      '2026-03-04T15:00:00.000Z',
      '1900-01-01T00:00:00.000Z',
      '1970-01-01T00:00:00.000Z',
      '2199-12-31T23:59:59.999Z',
      'Chicago, US → Dallas, US',
      'o\'brien "quoted" \\ ünïcödé 🚚',
      '',
      0,
      -12.5,
      1234.56,
      Number.MAX_SAFE_INTEGER,
      null,
    ];
    for (const value of values) {
      expect(roundTrip({ sort: SORT, value, id: 42 })).toEqual({ sort: SORT, value, id: 42 });
    }
    // The first row of a table (id 0 is never issued, but it is a valid position) and the largest id.
    expect(roundTrip({ sort: 'id', value: null, id: 0 })).toEqual({ sort: 'id', value: null, id: 0 });
    const last = { sort: 'id', value: 1, id: Number.MAX_SAFE_INTEGER };
    expect(roundTrip(last)).toEqual(last);
  });

  it('round-trip any position (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)),
        fc.nat(),
        (sort, value, id) => {
          const back = roundTrip({ sort, value, id });
          expect(back).toEqual({ sort, value: Object.is(value, -0) ? 0 : value, id });
        },
      ),
    );
  });

  it('are opaque URL-safe tokens, stable across processes that share the secret', () => {
    const position = { sort: SORT, value: '2026-03-04T15:00:00.000Z', id: 42 };
    const token = encodeCursor(position);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    // A cursor issued before a restart or by another instance behind the load balancer still opens.
    const issuedElsewhere =
      'WyJwbGFubmVkRGVsaXZlcnlBdCIsIjIwMjYtMDMtMDRUMTU6MDA6MDAuMDAwWiIsNDJd.abjgLWh-yQsU8CfVss4VPg';
    expect(sealCursor(cursorKey('golden-secret'), token)).toBe(issuedElsewhere);
    expect(decodeCursor(openCursor(cursorKey('golden-secret'), issuedElsewhere), SORT)).toEqual(position);
  });

  it('derive the sealing key from the secret, separate from the secret itself', () => {
    const a = cursorKey('secret-a');
    expect(a).toHaveLength(32);
    expect(a.equals(cursorKey('secret-a'))).toBe(true);
    expect(a.equals(cursorKey('secret-b'))).toBe(false);
    expect(a.includes(Buffer.from('secret-a'))).toBe(false);
  });

  it('refuse a cursor sealed with another secret (another deployment, or a guessed one)', () => {
    const foreign = sealCursor(
      cursorKey('another-deployment'),
      encodeCursor({ sort: SORT, value: null, id: 1 }),
    );
    refusal(() => openCursor(key, foreign));
  });

  it('refuse a hand-edited position even when it is well-formed', () => {
    const sealed = sealCursor(key, encodeCursor({ sort: SORT, value: '2026-03-04T15:00:00.000Z', id: 42 }));
    const mac = sealed.slice(sealed.lastIndexOf('.') + 1);
    // The PostgreSQL 500 of the report: a date far out of range, under the original MAC.
    const edited = `${encodeCursor({ sort: SORT, value: '99999-01-01T00:00:00.000Z', id: 42 })}.${mac}`;
    refusal(() => openCursor(key, edited));
    // One character of the body or of the MAC changed.
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
    refusal(() => openCursor(key, flip(sealed, 3)));
    refusal(() => openCursor(key, flip(sealed, sealed.length - 5)));
  });

  it('refuse a cursor that is not sealed, or whose seal is cut, padded or respelled', () => {
    const token = encodeCursor({ sort: SORT, value: null, id: 9 });
    const sealed = sealCursor(key, token);
    const mac = sealed.slice(token.length + 1);
    expect(mac).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (const bad of [
      '',
      '.',
      token, // no seal at all
      `.${mac}`, // no body
      `${token}.`, // empty seal
      `${token}.${mac.slice(0, 21)}`, // a cut MAC must be a 400, not a crash comparing lengths
      `${token}.${mac}AA`, // a longer one too
      `${token}.${mac}=`,
      `${token}.${mac}.${mac}`,
      `${token}.${Buffer.from(mac, 'base64url').toString('base64')}`,
    ]) {
      refusal(() => openCursor(key, bad));
    }
    // The last of 22 characters carries 4 unused bits: a respelling decodes to the same MAC
    // bytes, yet only the spelling this server issues is accepted (one cursor, one string).
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const lastChar = mac.at(-1) as string;
    const respelled = mac.slice(0, -1) + alphabet[alphabet.indexOf(lastChar) ^ 1];
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(mac, 'base64url'))).toBe(true);
    refusal(() => openCursor(key, `${token}.${respelled}`));
    expect(openCursor(key, sealed)).toBe(token);
  });

  it('refuse a body that is not base64url, even under a valid seal', () => {
    // Characters outside the alphabet anywhere in the body: first, last, middle.
    for (const body of ['!abc', 'abc!', 'ab c', 'ab+c', 'ab/c', 'abc=']) {
      refusal(() => openCursor(key, sealCursor(key, body)));
    }
  });

  it('refuse a position of another list or sort', () => {
    const token = encodeCursor({ sort: 'createdAt', value: '2026-03-04T15:00:00.000Z', id: 3 });
    refusal(() => decodeCursor(token, SORT));
    refusal(() => decodeCursor(token, 'createdat'));
    expect(decodeCursor(token, 'createdAt').id).toBe(3);
  });

  it('refuse positions no list issues, without a crash', () => {
    const refused: unknown[] = [
      [SORT, null], // too short
      [SORT, null, 1, 'extra'], // too long
      { sort: SORT, value: null, id: 1 },
      'abc',
      3,
      null,
      [SORT, null, -1],
      [SORT, null, 1.5],
      [SORT, null, '1'],
      [SORT, null, null],
      [SORT, null, 2 ** 53],
      [SORT, true, 1],
      [SORT, { $gt: '' }, 1],
      [SORT, ['2026-01-01'], 1],
      [1, null, 1],
    ];
    for (const json of refused) refusal(() => decodeCursor(handMade(json), SORT));
    // Bytes that are not JSON at all.
    refusal(() => decodeCursor(Buffer.from('not json').toString('base64url'), SORT));
    refusal(() => decodeCursor('', SORT));
    // The same shapes with the right types are positions.
    expect(decodeCursor(handMade([SORT, '', 0]), SORT)).toEqual({ sort: SORT, value: '', id: 0 });
    expect(decodeCursor(handMade([SORT, -1, 5]), SORT)).toEqual({ sort: SORT, value: -1, id: 5 });
  });
});

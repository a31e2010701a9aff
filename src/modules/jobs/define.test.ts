import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import { createRegistry, defineJob, defineSchedule, nextTick } from './define.js';
import { retryDelay, toJobError } from './runner.js';

const job = (type: string, extra: object = {}) =>
  defineJob({ type, payload: z.object({ n: z.number() }), handle: async () => undefined, ...extra });

describe('job definitions', () => {
  it('accepts <module>.<verb> type names and refuses others', () => {
    for (const ok of ['imports.run', 'housekeeping.idempotency-keys', 'a.b.c', 'x1.y2'])
      expect(() => job(ok)).not.toThrow();
    for (const bad of [
      'imports',
      'Imports.run',
      'imports.',
      '.run',
      'imports.Run',
      '1mports.run',
      'imports run',
      'a..b',
    ]) {
      expect(() => job(bad), bad).toThrow(/must look like/);
    }
  });

  it('refuses attempts, backoff and timeout out of range', () => {
    expect(() => job('a.b', { maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => job('a.b', { maxAttempts: 101 })).toThrow(/maxAttempts/);
    expect(() => job('a.b', { backoff: { baseMs: 10, maxMs: 5 } })).toThrow(/backoff/);
    expect(() => job('a.b', { timeoutMs: 0 })).toThrow(/timeoutMs/);
  });

  it('parses cron in UTC and refuses a bad expression at definition time', () => {
    expect(nextTick('17 * * * *', new Date('2026-01-01T00:17:00Z')).toISOString()).toBe(
      '2026-01-01T01:17:00.000Z',
    );
    expect(nextTick('*/2 * * * * *', new Date('2026-01-01T00:00:00.5Z')).toISOString()).toBe(
      '2026-01-01T00:00:02.000Z',
    );
    expect(() => defineSchedule({ name: 'x', cron: 'every hour', type: 'a.b', payload: {} })).toThrow(/cron/);
  });

  it('builds a registry that refuses duplicates and schedules it cannot run', () => {
    expect(() => createRegistry([job('a.b'), job('a.b')])).toThrow(/twice/);
    const schedule = (type: string, payload: unknown) =>
      defineSchedule({ name: 's', cron: '0 * * * *', type, payload });
    expect(() => createRegistry([job('a.b')], [schedule('a.c', { n: 1 })])).toThrow(/unknown job type/);
    expect(() => createRegistry([job('a.b')], [schedule('a.b', { n: 'x' })])).toThrow(/payload/);
    const registry = createRegistry([job('a.b')], [schedule('a.b', { n: 1 })]);
    expect(registry.types).toEqual(['a.b']);
    expect(registry.get('a.b')?.type).toBe('a.b');
    expect(registry.get('a.c')).toBeUndefined();
  });
});

describe('retry delay', () => {
  const backoff = { baseMs: 1_000, maxMs: 10_000 };
  it('doubles its cap per attempt up to the maximum, with full jitter below it', () => {
    expect([1, 2, 3, 4, 5, 9].map((a) => retryDelay(a, backoff, () => 0.999_999))).toEqual([
      999, 1_999, 3_999, 7_999, 9_999, 9_999,
    ]);
    expect(retryDelay(3, backoff, () => 0)).toBe(0);
    expect(retryDelay(3, backoff, () => 0.5)).toBe(2_000);
  });
});

describe('stored job errors', () => {
  it('keeps an AppError code, makes anything else INTERNAL_ERROR and bounds the message', () => {
    expect(toJobError(new AppError('JOBS_NOT_FOUND', 'gone'))).toEqual({
      code: 'JOBS_NOT_FOUND',
      message: 'gone',
    });
    const long = toJobError(new Error('x'.repeat(5_000)));
    expect(long.code).toBe('INTERNAL_ERROR');
    expect(long.message.length).toBe(1_000);
    expect(toJobError('plain')).toEqual({ code: 'INTERNAL_ERROR', message: 'plain' });
  });
});

import { describe, expect, it } from 'vitest';
import { orgBusyDelay } from './bullmq-consume.js';
import { bullPriority } from './bullmq-dispatch.js';
import { describeRedis } from './bullmq-redis.js';

describe('BullMQ priority mapping', () => {
  it('turns higher-first -1000..1000 into BullMQ lower-first 1..2001, never 0', () => {
    expect(bullPriority(1000)).toBe(1);
    expect(bullPriority(0)).toBe(1001);
    expect(bullPriority(-1000)).toBe(2001);
    // 0 would mean "no priority" to BullMQ, which runs such jobs before every prioritized one.
    expect(bullPriority(5000)).toBe(1);
    expect(bullPriority(-5000)).toBe(2001);
  });

  it('keeps the order: a higher priority of ours is a lower number for BullMQ', () => {
    const ours = [-1000, -7, 0, 1, 10, 999, 1000];
    const mapped = ours.map(bullPriority);
    expect(mapped).toEqual([...mapped].sort((a, b) => b - a));
    expect(new Set(mapped).size).toBe(ours.length);
  });
});

describe('org-busy back-off', () => {
  it('starts at 200–400 ms and grows with each delivery, never past 2 s', () => {
    for (let i = 0; i < 200; i++) {
      const first = orgBusyDelay(1);
      expect(first).toBeGreaterThanOrEqual(200);
      expect(first).toBeLessThanOrEqual(400);
      const later = orgBusyDelay(3);
      expect(later).toBeGreaterThanOrEqual(800);
      expect(later).toBeLessThanOrEqual(1_600);
      const capped = orgBusyDelay(40);
      expect(capped).toBeGreaterThanOrEqual(1_000);
      expect(capped).toBeLessThanOrEqual(2_000);
    }
  });
});

describe('Redis address in messages', () => {
  it('drops user name and password', () => {
    expect(describeRedis('redis://app:s3cret@cache.internal:6380/2')).toBe('redis://cache.internal:6380/2');
    expect(describeRedis('rediss://:only-password@10.0.0.5')).toBe('rediss://10.0.0.5');
  });
});

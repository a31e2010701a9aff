import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serializerCompiler } from './serializer.js';

const compile = (schema: z.ZodType) =>
  serializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' }) as (data: unknown) => string;

describe('response serializer', () => {
  const item = z.object({
    id: z.number(),
    name: z.string().nullable(),
    cost: z.object({ amount: z.number(), currency: z.string() }).nullable(),
    tags: z.array(z.string()),
  });

  it('writes declared fields only: nothing accidental leaves', () => {
    const out = compile(item)({
      id: 1,
      name: 'a',
      cost: null,
      tags: ['x'],
      password_hash: 'secret',
      org_id: 9,
    });
    expect(JSON.parse(out)).toEqual({ id: 1, name: 'a', cost: null, tags: ['x'] });
  });

  it('keeps nulls and nested objects as JSON.stringify would', () => {
    const value = { id: 2, name: null, cost: { amount: 12.5, currency: 'USD' }, tags: [] };
    expect(compile(item)(value)).toBe(JSON.stringify(value));
  });

  it('keeps extension members of open objects (problem documents)', () => {
    const open = z.object({ code: z.string() }).passthrough();
    expect(JSON.parse(compile(open)({ code: 'X', retryAfter: 3 }))).toEqual({ code: 'X', retryAfter: 3 });
  });
});

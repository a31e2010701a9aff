import { describe, expect, it } from 'vitest';
import { malformedText } from './text-input.js';

describe('malformedText', () => {
  it('finds NUL characters and lone surrogates anywhere, with their paths', () => {
    const errors = malformedText({
      params: { id: '1' },
      query: { reference: 'AB\u0000' },
      body: { items: [{ name: 'ok' }, { name: 'x\ud800y' }], 'k\u0000': 1 },
    });
    expect(errors.map((e) => e.path)).toEqual(['querystring.reference', 'body.items.1.name', 'body.k\u0000']);
  });

  it('accepts any well-formed text, emoji and other scripts included', () => {
    expect(malformedText({ params: {}, query: {}, body: { name: 'São Paulo 😀 東京 \t line' } })).toEqual([]);
  });

  it('refuses nesting deeper than 64 levels without recursing (6,000 levels would overflow a recursive walk)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const errors = malformedText({ params: {}, query: {}, body: { ok: { nested: [[['fine']]] }, deep } });
    expect(errors).toEqual([{ path: `body.deep${'.0'.repeat(63)}`, message: 'nests deeper than 64 levels' }]);
    let limit: unknown = 'leaf';
    for (let i = 0; i < 63; i++) limit = [limit];
    expect(malformedText({ params: {}, query: {}, body: limit })).toEqual([]);
  });
});

describe('malformedText on flat parts (params, query strings)', () => {
  it('finds bad field names and values in document order, as the full walk does', () => {
    const errors = malformedText({
      params: { id: '7' },
      query: { 'a\u0000': 'ok', b: ['x', 'y\ud800'], c: 'z\u0000' },
      body: undefined,
    });
    expect(errors).toEqual([
      { path: 'querystring.a\u0000', message: 'field name must not contain NUL characters' },
      { path: 'querystring.b.1', message: 'must be well-formed Unicode (no lone surrogates)' },
      { path: 'querystring.c', message: 'must not contain NUL characters' },
    ]);
    expect(malformedText({ params: { id: 'x\ud800', 'k\u0000': 'v' }, query: {}, body: null })).toEqual([
      { path: 'params.id', message: 'must be well-formed Unicode (no lone surrogates)' },
      { path: 'params.k\u0000', message: 'field name must not contain NUL characters' },
    ]);
  });

  it('stops at 20 errors', () => {
    const query = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`q${i}`, '\u0000']));
    expect(malformedText({ params: {}, query, body: undefined })).toHaveLength(20);
  });
});

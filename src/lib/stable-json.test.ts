import { describe, expect, it } from 'vitest';
import { stableJson } from './stable-json.js';

describe('stableJson', () => {
  it('sorts object keys, at every depth', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, x: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[{"x":2,"z":1}]},"b":1}',
    );
  });

  it('writes the same query in another key order the same way', () => {
    const one = { metrics: ['shipments'], timeRange: { relative: 'last_month' }, dimensions: ['mode'] };
    const other = { dimensions: ['mode'], timeRange: { relative: 'last_month' }, metrics: ['shipments'] };
    expect(stableJson(other)).toBe(stableJson(one));
  });

  it('keeps the order of arrays', () => {
    expect(stableJson({ metrics: ['b', 'a'] })).toBe('{"metrics":["b","a"]}');
    expect(stableJson({ metrics: ['a', 'b'] })).not.toBe(stableJson({ metrics: ['b', 'a'] }));
  });

  it('drops undefined values and keeps null', () => {
    expect(stableJson({ limit: undefined, grain: null, nested: { compare: undefined, a: 1 } })).toBe(
      '{"grain":null,"nested":{"a":1}}',
    );
    expect(stableJson({ limit: undefined })).toBe(stableJson({}));
  });

  it('writes undefined inside an array as null, as JSON.stringify does', () => {
    expect(stableJson([undefined, 1])).toBe('[null,1]');
    expect(JSON.parse(stableJson({ a: [undefined] }))).toEqual({ a: [null] });
  });

  it('writes scalars as JSON does', () => {
    expect(stableJson('a"b')).toBe('"a\\"b"');
    expect(stableJson(1.5)).toBe('1.5');
    expect(stableJson(true)).toBe('true');
    expect(stableJson(null)).toBe('null');
    expect(JSON.parse(stableJson({ b: [1, { c: false }], a: 'x' }))).toEqual({
      a: 'x',
      b: [1, { c: false }],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { fileNameFor } from './file-name.js';

const url = new URL('https://files.example/exports/May%20loads.csv?sig=abc');

describe('file name of a pulled file', () => {
  it.each([
    ['attachment; filename="loads.csv"', 'loads.csv'],
    ['attachment; filename=loads.csv', 'loads.csv'],
    ['attachment; filename="a \\"quoted\\" name.csv"', 'a "quoted" name.csv'],
    ['attachment; filename="fallback.csv"; filename*=UTF-8\'\'%C3%A9t%C3%A9.csv', 'été.csv'],
    ["attachment; filename*=utf-8''%E2%82%AC%20rates.xlsx; filename=x.xlsx", '€ rates.xlsx'],
    ["attachment; filename*=ISO-8859-1'en'%E9t%E9.csv", 'été.csv'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment; filename="C:\\\\temp\\\\evil.csv"', 'evil.csv'],
    ['attachment; filename="bell\u0007.csv"', 'bell.csv'],
  ])('%s → %s', (header, name) => {
    expect(fileNameFor(header, url)).toBe(name);
  });

  it('falls back to the URL path, then to a fixed name', () => {
    expect(fileNameFor(undefined, url)).toBe('May loads.csv');
    expect(fileNameFor('inline', url)).toBe('May loads.csv');
    expect(fileNameFor('attachment; filename=".."', url)).toBe('May loads.csv');
    expect(fileNameFor("attachment; filename*=UTF-8''%E0%A4%A", url)).toBe('May loads.csv');
    expect(fileNameFor(undefined, new URL('https://files.example/'))).toBe('download');
    expect(fileNameFor(undefined, new URL('https://files.example/bad%E0%A4%A'))).toBe('bad%E0%A4%A');
  });

  it('keeps a long name to 255 characters', () => {
    expect(fileNameFor(`attachment; filename="${'a'.repeat(400)}.csv"`, url)).toHaveLength(255);
  });
});

import { describe, expect, it } from 'vitest';
import { editDistance, fold, numberOf, phraseKey, tokenize } from './text.js';

describe('fold', () => {
  it('lowers case and drops accents', () => {
    expect(fold('Gdańsk Zürich São Paulo Kraków')).toBe('gdansk zurich sao paulo krakow');
  });

  it('spells out letters that have no accent to drop', () => {
    expect(fold('Øresund Straße Łódź Æbeltoft Œuvre')).toBe('oresund strasse lodz aebeltoft oeuvre');
  });

  it('makes typographic apostrophes plain', () => {
    expect(fold('Carrier’s on-time')).toBe("carrier's on-time");
  });
});

describe('tokenize', () => {
  const words = (text: string) => tokenize(fold(text)).map((t) => t.text);

  it('drops thousands separators and keeps decimals', () => {
    expect(words('1,250 shipments at 2.5 kg')).toEqual(['1250', 'shipments', 'at', '2.5', 'kg']);
    expect(words('12,345,678.9')).toEqual(['12345678.9']);
  });

  it('does not read a decimal comma as a thousands separator', () => {
    expect(words('1,25')).toEqual(['1', '25']);
  });

  it('makes a percent sign its own token', () => {
    expect(words('90% on time')).toEqual(['90', '%', 'on', 'time']);
  });

  it('splits on hyphens and apostrophes', () => {
    expect(words("on-time carrier's")).toEqual(['on', 'time', 'carrier', 's']);
  });

  it('keeps the span of each token in the text', () => {
    expect(tokenize('cost 1,250')).toEqual([
      { text: 'cost', start: 0, end: 4 },
      { text: '1250', start: 5, end: 10 },
    ]);
  });
});

describe('phraseKey', () => {
  it('folds, drops fillers and joins words by one space', () => {
    expect(phraseKey('The value of  our inventory')).toBe('value of inventory');
    expect(phraseKey('On-Time Rate')).toBe('on time rate');
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('counts a swap of neighbours as one', () => {
    expect(editDistance('teh', 'the')).toBe(1);
    expect(editDistance('mnoth', 'month')).toBe(1);
    expect(editDistance('shipmnets', 'shipments')).toBe(1);
  });

  it('stops at the limit and answers limit + 1', () => {
    expect(editDistance('abcdef', 'ghijkl', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
    expect(editDistance('month', 'mnoth', 1)).toBe(1);
  });
});

describe('numberOf', () => {
  it('reads digits and number words', () => {
    expect(numberOf('12')).toBe(12);
    expect(numberOf('2.5')).toBe(2.5);
    expect(numberOf('five')).toBe(5);
    expect(numberOf('couple')).toBe(2);
    expect(numberOf('carrier')).toBeUndefined();
    expect(numberOf(undefined)).toBeUndefined();
  });
});

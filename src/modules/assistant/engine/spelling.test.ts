import { describe, expect, it } from 'vitest';
import { lexiconOf } from './lexicon.js';
import { correctSpelling, isEnglish } from './spelling.js';

// The catalog's words only: what every organization's lexicon has.
const words = lexiconOf({ entities: [], dataRange: null, currency: 'EUR' }).words;
const correct = (text: string) => correctSpelling(text, words);

describe('correctSpelling', () => {
  it('fixes typos into the catalog’s and the calendar’s words, and says what it changed', () => {
    expect(correct('on tiem rate last mnoth')).toEqual({
      text: 'on time rate last month',
      corrections: ['tiem → time', 'mnoth → month'],
    });
    expect(correct('shipmnets by mode').text).toBe('shipments by mode');
    expect(correct('volumne by carrier').text).toBe('volume by carrier');
    expect(correct('frieght cost').text).toBe('freight cost');
  });

  it('fixes a swap of neighbours in a four-letter word', () => {
    expect(correct('shipments by mdoe').text).toBe('shipments by mode');
  });

  it('keeps English words, even one typo away from a catalog word', () => {
    expect(correct('move the place')).toEqual({ text: 'move the place', corrections: [] });
  });

  it('does not change one letter of a four-letter word for another', () => {
    expect(correct('wekk').text).toBe('wekk');
  });

  it('prefers the candidate of the same length ("lanse" is lanes, not lane)', () => {
    expect(correct('lanse by volumne').text).toBe('lanes by volume');
  });

  it('leaves a word alone when candidates tie', () => {
    expect(correctSpelling('xarts', new Set(['carts', 'parts']))).toEqual({ text: 'xarts', corrections: [] });
    expect(correctSpelling('xarts', new Set(['carts'])).text).toBe('carts');
  });

  it('leaves a word alone when nothing is close', () => {
    expect(correct('xyzzy').text).toBe('xyzzy');
  });

  it('takes words of the organization’s own data', () => {
    expect(correctSpelling('nordlne', new Set(['nordline'])).text).toBe('nordline');
  });
});

describe('isEnglish', () => {
  it('knows English and calendar words, not typos', () => {
    expect(isEnglish('move')).toBe(true);
    expect(isEnglish('ytd')).toBe(true);
    expect(isEnglish('mnoth')).toBe(false);
  });
});

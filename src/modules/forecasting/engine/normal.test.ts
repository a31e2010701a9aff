import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from './normal.js';

describe('the standard normal', () => {
  it('has the textbook values of its CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.2815515655446004)).toBeCloseTo(0.1, 6);
    expect(normalCdf(3)).toBeCloseTo(0.9986501, 6);
  });

  it('has the textbook quantiles, in both tails and the middle', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 10);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 7);
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow(RangeError);
    expect(() => normalQuantile(0)).toThrow(RangeError);
  });
});

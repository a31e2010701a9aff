import { describe, expect, it } from 'vitest';
import { fitSmoothing, smooth, smoothingForecast } from './exponential-smoothing.js';
import { classicTheta, optimizedTheta, optimizedThetaForecast, theta, thetaWithDrift } from './theta.js';

/** y = a + b·t for t = 1 … n. */
const straight = (a: number, b: number, n: number) => Array.from({ length: n }, (_, t) => a + b * (t + 1));

describe('classicTheta', () => {
  it('forecasts a straight line at half its slope', () => {
    // y = 3 + 2t, t = 1 … 10. The regression line L is y itself, so the θ-line 2y − L is y too.
    // SES on a line chooses α at its bound 0.9999 (the one-step error b/α shrinks as α grows) and
    // ends at y₁₀ − 2·(1 − α)/α ≈ 23 − 0.0002. The forecast is ½·SES + ½·L(10 + h)
    // = ½·23 + ½·(23 + 2h) = 23 + h: Theta is SES with drift b/2 (Hyndman & Billah 2003).
    const forecast = classicTheta(straight(3, 2, 10), 5);
    [24, 25, 26, 27, 28].forEach((f, h) => {
      expect(forecast[h]).toBeCloseTo(f, 3);
    });
    for (let h = 1; h < 5; h++) {
      expect((forecast[h] as number) - (forecast[h - 1] as number)).toBeCloseTo(1, 10);
    }
  });

  it('averages SES of the θ = 2 line with the extrapolated regression line', () => {
    // y = 3, 5, 4, 8: L(t) = 1.5 + 1.4t (t̄ 2.5, ȳ 5, Sxy 7, Sxx 5) = 2.9, 4.3, 5.7, 7.1;
    // 2y − L = 3.1, 5.7, 2.3, 8.9; L(5) = 8.5, L(6) = 9.9
    const ses = smoothingForecast(fitSmoothing([3.1, 5.7, 2.3, 8.9], 'none'), 2);
    const forecast = classicTheta([3, 5, 4, 8], 2);
    expect(forecast[0]).toBeCloseTo(0.5 * (ses[0] as number) + 0.5 * 8.5, 8);
    expect(forecast[1]).toBeCloseTo(0.5 * (ses[1] as number) + 0.5 * 9.9, 8);
  });

  it('forecasts a constant series as the constant', () => {
    expect(classicTheta([4, 4, 4, 4, 4, 4], 3)).toEqual([4, 4, 4]);
  });
});

describe('thetaWithDrift', () => {
  // y = 10, 12, 13; ℓ₀ = 9, α = 0.5, regression slope 2.
  const y = [10, 12, 13];

  it('adds the drift (1 − 1/θ)·b·(1 − (1 − α)ᵗ)/α to the SES level', () => {
    // θ = 2: drift = ½·2 = 1.
    // t1: f = 9 + 1·(1 − 1)/0.5 = 9,        e 1,    ℓ = 0.5·10 + 0.5·9 = 9.5
    // t2: f = 9.5 + 1·(1 − 0.5)/0.5 = 10.5,  e 1.5,  ℓ = 0.5·12 + 0.5·9.5 = 10.75
    // t3: f = 10.75 + 1·(1 − 0.25)/0.5 = 12.25, e 0.75, ℓ = 0.5·13 + 0.5·10.75 = 11.875
    // SSE = 1 + 2.25 + 0.5625 = 3.8125
    const result = thetaWithDrift(y, 2, 0.5, 9, 2);
    expect(result.sse).toBeCloseTo(3.8125, 12);
    expect(result.level).toBeCloseTo(11.875, 12);
  });

  it('is plain SES with θ = 1 (no drift)', () => {
    // Forecasts 9, 9.5, 10.75; errors 1, 2.5, 2.25; SSE = 1 + 6.25 + 5.0625 = 12.3125
    const result = thetaWithDrift(y, 1, 0.5, 9, 2);
    expect(result.sse).toBeCloseTo(12.3125, 12);
    expect(result.level).toBeCloseTo(11.875, 12);
    expect(result.sse).toBeCloseTo(smooth(y, 0.5, 0, 0, 9, 0).sse, 12);
  });
});

describe('optimizedThetaForecast', () => {
  it('extrapolates a noiseless trend within 1 % at h = 5', () => {
    // y = 100 + t, t = 1 … 30, so y₃₁ … y₃₅ = 131 … 135.
    // On a line the steady one-step error is (b − drift)/α = b/(θα): the fit takes θ and α to
    // their bounds, 5 and 0.99. The level lags y₃₀ by b·(1 − α)/α = 0.0101, the drift is
    // (1 − 1/5)·1 = 0.8, so ŷ(30 + h) = 129.9899 + 0.8·(h − 1 + 1/0.99 − 0.01³⁰/0.99)
    // = 129.9899 + 0.8·(h + 0.0101): 130.798 at h = 1 and 133.998 at h = 5, 0.74 % below 135.
    const forecast = optimizedThetaForecast(straight(100, 1, 30), 5);
    expect(forecast[0]).toBeCloseTo(130.798, 2);
    expect(forecast[4]).toBeCloseTo(133.998, 2);
    expect(Math.abs((forecast[4] as number) - 135) / 135).toBeLessThan(0.01);
    for (let h = 1; h < 5; h++) {
      expect((forecast[h] as number) - (forecast[h - 1] as number)).toBeCloseTo(0.8, 6);
    }
  });

  it('forecasts a constant series as the constant', () => {
    optimizedThetaForecast([4, 4, 4, 4, 4, 4, 4, 4], 3).forEach((f) => {
      expect(f).toBeCloseTo(4, 9);
    });
  });
});

describe('theta models', () => {
  it('put the season back', () => {
    // y(t) = (50 + 2t)·s(t), s = 1.2, 0.8: the adjusted series is the line (seasonality.test.ts), so
    // Theta forecasts it, then the indices 1.2, 0.8, … multiply it back.
    const seasonal = Array.from({ length: 20 }, (_, t) => (50 + 2 * t) * (t % 2 === 0 ? 1.2 : 0.8));
    const line = Array.from({ length: 20 }, (_, t) => 50 + 2 * t);
    const expected = classicTheta(line, 4).map((v, j) => v * (j % 2 === 0 ? 1.2 : 0.8));
    theta.forecast(seasonal, 4, 2).mean.forEach((f, j) => {
      expect(f).toBeCloseTo(expected[j] as number, 6);
    });
    expect(theta.forecast(seasonal, 4, 2).intervals).toBeUndefined();
    expect(optimizedTheta.forecast(seasonal, 4, 2).intervals).toBeUndefined();
  });

  it('need 4 values', () => {
    expect([theta.minLength(1), optimizedTheta.minLength(12)]).toEqual([4, 4]);
  });
});

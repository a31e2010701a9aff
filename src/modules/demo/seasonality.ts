import { dayOfYear, monthOf, weekday } from './calendar.js';

/**
 * How busy the company is on a day, and how the requested number of shipments is spread over
 * the history: weekday rhythm (weekends are quiet), a yearly curve peaking before Christmas
 * with a post-holiday trough, public holidays, and steady growth.
 */

// Sunday … Saturday: B2B orders are placed on working days.
const weekdayFactor = [0.18, 1.18, 1.12, 1.08, 1.05, 0.98, 0.32];
// January … December: the pre-holiday peak and the January–February lull of a distributor.
const monthFactor = [0.8, 0.78, 0.92, 0.96, 1.0, 0.99, 0.95, 1.02, 1.06, 1.12, 1.28, 1.34];

/** Relative order volume on a day (1 ≈ an ordinary weekday in May of the first year). */
export function volumeWeight(day: number, firstDay: number): number {
  const month = monthOf(day);
  const date = new Date(day * 86_400_000).getUTCDate();
  let holiday = 1;
  if ((month === 11 && (date === 25 || date === 26)) || (month === 0 && date === 1)) holiday = 0.08;
  else if (month === 11 && (date === 24 || date === 31)) holiday = 0.4;
  const years = (day - firstDay) / 365;
  return (weekdayFactor[weekday(day)] ?? 1) * (monthFactor[month] ?? 1) * holiday * (1 + 0.12 * years);
}

/** The volume level around a day, without the weekday rhythm and holidays: month and growth. */
export function volumeLevel(day: number, firstDay: number): number {
  return (monthFactor[monthOf(day)] ?? 1) * (1 + (0.12 * (day - firstDay)) / 365);
}

/**
 * Splits `total` over the days [firstDay, lastDay] in proportion to their weights; the counts
 * add up to exactly `total` (cumulative rounding keeps every prefix within one of its share).
 */
export function spreadOverDays(total: number, firstDay: number, lastDay: number): Int32Array {
  const weights = new Float64Array(lastDay - firstDay + 1);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = volumeWeight(firstDay + i, firstDay);
    weights[i] = w;
    sum += w;
  }
  const counts = new Int32Array(weights.length);
  let running = 0;
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    running += weights[i] ?? 0;
    const due = Math.round((total * running) / sum);
    counts[i] = due - given;
    given = due;
  }
  return counts;
}

/** A SKU's demand shape: how its share of orders moves through the history. */
export type DemandPattern = 'smooth' | 'seasonal' | 'trending' | 'intermittent';

export interface DemandShape {
  readonly pattern: DemandPattern;
  /** Day of year of the seasonal peak. */
  readonly peakDay: number;
  /** Seasonal swing (0–1) around the mean. */
  readonly amplitude: number;
  /** Yearly growth rate (negative = declining), applied continuously. */
  readonly growth: number;
}

/** The SKU's demand multiplier on a day. */
export function demandFactor(shape: DemandShape, day: number, firstDay: number): number {
  switch (shape.pattern) {
    case 'smooth':
    case 'intermittent':
      return 1;
    case 'seasonal':
      return 1 + shape.amplitude * Math.cos((2 * Math.PI * (dayOfYear(day) - shape.peakDay)) / 365);
    case 'trending':
      return Math.exp((shape.growth * (day - firstDay)) / 365);
  }
}

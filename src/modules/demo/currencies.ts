import type { NewRow } from '../../db/types.js';
import { DAY_MS, isoDay } from './calendar.js';
import type { City } from './places.js';
import { Random } from './random.js';

/**
 * Money of the demo company. It reports in US dollars; its European, British, Canadian and
 * Mexican carriers invoice in their own currencies, so a share of the shipments is priced in
 * EUR, GBP, CAD or MXN and the analytics layer must convert them. Daily rates into USD follow a
 * mean-reverting random walk (in log space) from realistic levels with each pair's typical
 * volatility: plausible over any two years, deterministic for a seed. CNY is quoted as well
 * (the company buys from Chinese suppliers), though ocean and air freight are priced in USD,
 * as they are in the trade.
 */

export const REPORTING_CURRENCY = 'USD';

/** USD per unit of each currency at the start of the history, and the annual volatility. */
const pairs = {
  EUR: { level: 1.085, volatility: 0.075 },
  GBP: { level: 1.265, volatility: 0.08 },
  CAD: { level: 0.735, volatility: 0.065 },
  MXN: { level: 0.0545, volatility: 0.12 },
  CNY: { level: 0.1385, volatility: 0.035 },
} as const;
export type ForeignCurrency = keyof typeof pairs;
export const foreignCurrencies = Object.keys(pairs) as ForeignCurrency[];

// A deviation from the level halves in about four months.
const REVERSION_PER_DAY = Math.LN2 / 120;

/**
 * The currency a carrier invoices a shipment in: European lanes in euros, except deliveries into
 * Britain (billed by a UK haulier, in pounds); domestic Canadian and Mexican lanes in their own
 * currency; everything else (the US, cross-border North America, intercontinental) in dollars.
 */
export function freightCurrency(from: City, to: City): string {
  if (from.market === 'EU' && to.market === 'EU') return to.country === 'GB' ? 'GBP' : 'EUR';
  if (from.country === to.country && to.country === 'CA') return 'CAD';
  if (from.country === to.country && to.country === 'MX') return 'MXN';
  return REPORTING_CURRENCY;
}

/** Daily rates into USD of each foreign currency over a range of days (both included). */
export class RateBook {
  readonly #rates = new Map<string, Float64Array>();

  constructor(
    seed: number,
    readonly firstDay: number,
    readonly lastDay: number,
  ) {
    const days = lastDay - firstDay + 1;
    for (const currency of foreignCurrencies) {
      const { level, volatility } = pairs[currency];
      const rng = new Random(seed, 'fx', currency);
      const daily = volatility / Math.sqrt(365);
      const mean = Math.log(level);
      let x = mean + rng.normal(0, volatility / 3);
      const rates = new Float64Array(days);
      for (let i = 0; i < days; i++) {
        // Six significant digits, as rates are published.
        rates[i] = Number(Math.exp(x).toPrecision(6));
        x += REVERSION_PER_DAY * (mean - x) + rng.normal(0, daily);
      }
      this.#rates.set(currency, rates);
    }
  }

  /**
   * USD per unit of the currency on a day; 1 for USD. Days after the last quoted one (freight
   * booked for days to come) take the last rate, as a quote would.
   */
  rate(currency: string, day: number): number {
    const rates = this.#rates.get(currency);
    if (!rates) return 1;
    const i = Math.min(Math.max(day, this.firstDay), this.lastDay) - this.firstDay;
    return rates[i] as number;
  }

  /** An amount in USD expressed in the currency at the day's rate, in cents. */
  fromUsd(usd: number, currency: string, day: number): number {
    return Math.round((usd / this.rate(currency, day)) * 100) / 100;
  }

  /** The rows of exchange_rates: every currency on every day, quoted in USD, each entered as its day ends. */
  rows(orgId: number, now: number): NewRow<'exchange_rates'>[] {
    const out: NewRow<'exchange_rates'>[] = [];
    for (const currency of foreignCurrencies) {
      for (let day = this.firstDay; day <= this.lastDay; day++) {
        const at = new Date(Math.min(now, (day + 1) * DAY_MS));
        out.push({
          org_id: orgId,
          currency,
          quote_currency: REPORTING_CURRENCY,
          day: isoDay(day),
          rate: this.rate(currency, day),
          created_at: at,
          updated_at: at,
        });
      }
    }
    return out;
  }
}

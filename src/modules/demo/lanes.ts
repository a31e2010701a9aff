import type { ShipmentMode } from '../../db/types.js';
import type { Carrier } from './company.js';
import type { City } from './places.js';
import { Random } from './random.js';

/**
 * Lanes (origin → destination) and who carries them. Each lane has its own reliability bias
 * (some lanes are chronically late, border crossings more so) and a routing guide per mode:
 * a primary carrier that takes most loads, a backup, and occasional spot carriers. Lanes are
 * built on first use from a stream of their own, so they do not depend on visiting order.
 */
export interface Lane {
  /** Added to a carrier's chance of being late on this lane. */
  readonly bias: number;
  readonly crossBorder: boolean;
  readonly routing: Map<ShipmentMode, readonly Carrier[]>;
}

export type CarrierMarket = 'NA' | 'EU' | 'global';

export class LaneBook {
  readonly #lanes = new Map<string, Lane>();
  readonly #seed: number;
  readonly #carriers: readonly Carrier[];

  constructor(seed: number, carriers: readonly Carrier[]) {
    this.#seed = seed;
    this.#carriers = carriers;
  }

  get count(): number {
    return this.#lanes.size;
  }

  lane(key: string, from: City, to: City): Lane {
    let lane = this.#lanes.get(key);
    if (!lane) {
      const rng = new Random(this.#seed, 'lane', key);
      const crossBorder = from.country !== to.country;
      lane = {
        bias: rng.normal(0, 0.035) + (crossBorder && from.market === to.market ? 0.04 : 0),
        crossBorder,
        routing: new Map(),
      };
      this.#lanes.set(key, lane);
    }
    return lane;
  }

  /** The carrier for a load: primary 65%, backup 25%, any other eligible carrier 10%. */
  carrier(rng: Random, key: string, lane: Lane, mode: ShipmentMode, market: CarrierMarket): Carrier | null {
    let guide = lane.routing.get(mode);
    if (!guide) {
      const eligible = this.#carriers.filter((c) => c.modes.includes(mode) && c.markets.includes(market));
      guide = new Random(this.#seed, 'routing', key, mode).shuffled(eligible);
      lane.routing.set(mode, guide);
    }
    if (guide.length === 0) return null;
    const x = rng.next();
    if (x < 0.65 || guide.length === 1) return guide[0] ?? null;
    if (x < 0.9 || guide.length === 2) return guide[1] ?? null;
    return rng.pick(guide.slice(2));
  }
}

/**
 * The stock ledger of every stocked SKU × site, kept day by day in each site's local calendar.
 * Movements are booked into the bucket of the local day they happen on (which can be days after
 * the order that causes them); closing a day applies its bucket, so a snapshot's on-hand is by
 * construction the sum of the movements up to the end of its day.
 *
 * Decisions use "available" (on hand + received − promised), which only grows when a receipt's
 * day is closed and shrinks as soon as stock is promised: a site never ships what it does not
 * hold, and shortages turn into partial fills as they would in a real warehouse.
 */
export class StockLedger {
  readonly onHand: Float64Array;
  readonly allocated: Float64Array;
  readonly onOrder: Float64Array;
  /** What can still be promised, as of the decisions made so far. */
  readonly available: Float64Array;
  /** Ordered but not yet received, as of the decisions made so far. */
  readonly pipeline: Float64Array;
  /** Smoothed daily demand (units requested), for reorder targets. */
  readonly rate: Float64Array;
  /**
   * A large request (order line) in units: stock must cover one, not just an average day. Fixed
   * from the expected order mix, so one unusual order does not set off a purchase.
   */
  readonly lot: Float64Array;
  readonly #requestedToday: Float64Array;
  readonly #buckets = new Map<number, number[]>();

  constructor(initialRates: Float64Array, initialLots: Float64Array) {
    const n = initialRates.length;
    this.onHand = new Float64Array(n);
    this.allocated = new Float64Array(n);
    this.onOrder = new Float64Array(n);
    this.available = new Float64Array(n);
    this.pipeline = new Float64Array(n);
    this.rate = Float64Array.from(initialRates);
    this.lot = Float64Array.from(initialLots);
    this.#requestedToday = new Float64Array(n);
  }

  get size(): number {
    return this.rate.length;
  }

  /** Records a change to happen on a local day; `available` changes when that day closes. */
  book(
    day: number,
    pair: number,
    onHand: number,
    allocated: number,
    onOrder: number,
    available: number,
  ): void {
    let bucket = this.#buckets.get(day);
    if (!bucket) {
      bucket = [];
      this.#buckets.set(day, bucket);
    }
    bucket.push(pair, onHand, allocated, onOrder, available);
  }

  /** Promises up to `requested` units; returns what could be promised. */
  promise(pair: number, requested: number): number {
    this.#requestedToday[pair] = (this.#requestedToday[pair] ?? 0) + requested;
    const granted = Math.max(0, Math.min(requested, this.available[pair] ?? 0));
    this.available[pair] = (this.available[pair] ?? 0) - granted;
    return granted;
  }

  /** Gives back units promised to an order that was then cancelled. */
  release(pair: number, units: number): void {
    this.available[pair] = (this.available[pair] ?? 0) + units;
  }

  /** Takes units out of what can be promised without a demand signal (shrinkage). */
  withdraw(pair: number, units: number): number {
    const taken = Math.max(0, Math.min(units, this.available[pair] ?? 0));
    this.available[pair] = (this.available[pair] ?? 0) - taken;
    return taken;
  }

  /** Registers a purchase order placed now and due later. */
  order(pair: number, units: number): void {
    this.pipeline[pair] = (this.pipeline[pair] ?? 0) + units;
  }

  /** Inventory position: what can be promised plus what is on its way. */
  position(pair: number): number {
    return (this.available[pair] ?? 0) + (this.pipeline[pair] ?? 0);
  }

  /**
   * Closes a local day: applies its bucket and folds the day's demand into the smoothed rate.
   * Receipts arriving that day become available for the following days' promises.
   */
  close(day: number): void {
    const bucket = this.#buckets.get(day);
    if (bucket) {
      for (let i = 0; i < bucket.length; i += 5) {
        const p = bucket[i] as number;
        this.onHand[p] = (this.onHand[p] ?? 0) + (bucket[i + 1] as number);
        this.allocated[p] = (this.allocated[p] ?? 0) + (bucket[i + 2] as number);
        const onOrder = bucket[i + 3] as number;
        this.onOrder[p] = (this.onOrder[p] ?? 0) + onOrder;
        // A receipt leaves the pipeline as it lands.
        if (onOrder < 0) this.pipeline[p] = (this.pipeline[p] ?? 0) + onOrder;
        this.available[p] = (this.available[p] ?? 0) + (bucket[i + 4] as number);
      }
      this.#buckets.delete(day);
    }
    // About two months of memory: steady enough for slow movers, quick enough for seasons.
    const alpha = 1 / 45;
    for (let p = 0; p < this.rate.length; p++) {
      this.rate[p] = (1 - alpha) * (this.rate[p] ?? 0) + alpha * (this.#requestedToday[p] ?? 0);
      this.#requestedToday[p] = 0;
    }
  }

  /** Days with booked changes not yet closed (movements dated after the history's end). */
  pendingDays(): number[] {
    return [...this.#buckets.keys()];
  }
}

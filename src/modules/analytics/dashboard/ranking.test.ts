import { describe, expect, it } from 'vitest';
import { bestCarrier, type CarrierFigures, rankCarriers } from './ranking.js';

const carrier = (
  id: number,
  name: string,
  deliveredShipments: number,
  onTimeRate: number | null,
  costPerKg: number | null = 1,
  shipments = deliveredShipments,
): CarrierFigures => ({ id, name, shipments, deliveredShipments, onTimeRate, costPerKg });

describe('rankCarriers', () => {
  it('ranks by on-time rate, then shipments; full ties share a rank (1, 2, 2, 4)', () => {
    const ranked = rankCarriers(
      [
        carrier(1, 'Slow', 30, 0.5),
        carrier(2, 'Busy', 40, 0.9, 1, 45),
        carrier(3, 'Quiet', 40, 0.9, 1, 41),
        carrier(4, 'Twin', 40, 0.9, 1, 41),
        carrier(5, 'Best', 20, 0.95),
      ],
      20,
    );
    expect(ranked.map((r) => [r.carrier.name, r.rank])).toEqual([
      ['Best', 1],
      ['Busy', 2],
      ['Quiet', 3],
      ['Twin', 3],
      ['Slow', 5],
    ]);
  });

  it('lists carriers under the minimum or without an on-time rate unranked, by shipments, with the reason', () => {
    const ranked = rankCarriers(
      [
        carrier(1, 'Few', 19, 1, 1, 19),
        carrier(2, 'Unplanned', 50, null, 1, 60),
        carrier(3, 'Ranked', 20, 0.1),
        carrier(4, 'One', 1, 1, 1, 1),
      ],
      20,
    );
    expect(ranked.map((r) => [r.carrier.name, r.rank, r.unrankedReason])).toEqual([
      ['Ranked', 1, null],
      [
        'Unplanned',
        null,
        'no delivered shipment in the period has a planned delivery, so there is no on-time rate',
      ],
      ['Few', null, '19 delivered shipments in the period, fewer than the 20 needed'],
      ['One', null, '1 delivered shipment in the period, fewer than the 20 needed'],
    ]);
  });
});

describe('bestCarrier', () => {
  it('takes the highest on-time rate among carriers with enough delivered shipments', () => {
    const best = bestCarrier([carrier(1, 'Good', 10, 0.9), carrier(2, 'Perfect but rare', 9, 1)], 10);
    expect(best?.name).toBe('Good');
  });

  it('breaks ties by lower cost per kg (unknown last), then more shipments, then name', () => {
    expect(bestCarrier([carrier(1, 'Dear', 10, 0.9, 2), carrier(2, 'Cheap', 10, 0.9, 1.5)], 10)?.name).toBe(
      'Cheap',
    );
    expect(
      bestCarrier([carrier(1, 'Unknown', 10, 0.9, null), carrier(2, 'Known', 10, 0.9, 9)], 10)?.name,
    ).toBe('Known');
    expect(
      bestCarrier([carrier(1, 'Small', 10, 0.9, 1, 10), carrier(2, 'Large', 10, 0.9, 1, 12)], 10)?.name,
    ).toBe('Large');
    expect(bestCarrier([carrier(1, 'Zulu', 10, 0.9), carrier(2, 'Alpha', 10, 0.9)], 10)?.name).toBe('Alpha');
  });

  it('chooses none when no carrier qualifies', () => {
    expect(bestCarrier([carrier(1, 'Rare', 9, 1), carrier(2, 'Unplanned', 50, null)], 10)).toBeNull();
    expect(bestCarrier([], 10)).toBeNull();
  });
});

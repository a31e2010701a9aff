import { describe, expect, it } from 'vitest';
import { daysBetween, deriveOrderFacts, type OrderDates, type ShipmentDelivery, sameFacts } from './facts.js';

const order = (over: Partial<OrderDates> = {}): OrderDates => ({
  status: 'shipped',
  order_date: '2026-03-01',
  requested_date: '2026-03-06',
  promised_date: '2026-03-05',
  ...over,
});

const CHICAGO = 'America/Chicago';

/** A shipment delivered at an instant (ISO) to a destination zone. */
const delivered = (at: string, zone = CHICAGO): ShipmentDelivery => ({
  status: 'delivered',
  archived_at: null,
  actual_delivery_at: at,
  destination_timezone: zone,
});
const moving: ShipmentDelivery = {
  status: 'in_transit',
  archived_at: null,
  actual_delivery_at: null,
  destination_timezone: CHICAGO,
};

describe('order delivery facts', () => {
  it('are null without shipments', () => {
    expect(deriveOrderFacts(order(), [], CHICAGO)).toEqual({
      delivered_day: null,
      on_time: null,
      lead_time_days: null,
    });
  });

  it('take the latest delivery of split shipments, and one late shipment makes the order late', () => {
    const onTime = delivered('2026-03-03T15:00:00Z');
    const late = delivered('2026-03-06T15:00:00Z');
    expect(deriveOrderFacts(order(), [late, onTime], CHICAGO)).toEqual({
      delivered_day: '2026-03-06',
      on_time: 0,
      lead_time_days: 5,
    });
    expect(deriveOrderFacts(order(), [onTime, delivered('2026-03-05T20:00:00Z')], CHICAGO)).toEqual({
      delivered_day: '2026-03-05',
      on_time: 1,
      lead_time_days: 4,
    });
  });

  it('are null while one shipment is still under way (partial delivery)', () => {
    const facts = deriveOrderFacts(order(), [delivered('2026-03-03T15:00:00Z'), moving], CHICAGO);
    expect(facts).toEqual({ delivered_day: null, on_time: null, lead_time_days: null });
  });

  it('are null for a delivered status without a delivery time', () => {
    const noTime = { ...delivered('2026-03-03T15:00:00Z'), actual_delivery_at: null };
    expect(deriveOrderFacts(order(), [noTime], CHICAGO).delivered_day).toBeNull();
  });

  it('ignore cancelled and archived shipments, and need at least one other', () => {
    const cancelled: ShipmentDelivery = { ...moving, status: 'cancelled' };
    const archivedLate = { ...delivered('2026-03-20T15:00:00Z'), archived_at: '2026-03-21T00:00:00Z' };
    const archivedMoving = { ...moving, archived_at: new Date('2026-03-21T00:00:00Z') };
    const ok = delivered('2026-03-04T15:00:00Z');
    expect(deriveOrderFacts(order(), [cancelled, archivedLate, archivedMoving, ok], CHICAGO)).toEqual({
      delivered_day: '2026-03-04',
      on_time: 1,
      lead_time_days: 3,
    });
    expect(deriveOrderFacts(order(), [cancelled, archivedLate], CHICAGO).delivered_day).toBeNull();
  });

  it('judge against the requested date when there is no promised one, the promised one first', () => {
    const on6th = [delivered('2026-03-06T15:00:00Z')];
    expect(deriveOrderFacts(order(), on6th, CHICAGO).on_time).toBe(0);
    expect(deriveOrderFacts(order({ promised_date: null }), on6th, CHICAGO).on_time).toBe(1);
    expect(
      deriveOrderFacts(order({ promised_date: null, requested_date: '2026-03-05' }), on6th, CHICAGO).on_time,
    ).toBe(0);
  });

  it('have no on-time flag when the order has neither date, but a delivery day and lead time', () => {
    const facts = deriveOrderFacts(
      order({ promised_date: null, requested_date: null }),
      [delivered('2026-03-06T15:00:00Z')],
      CHICAGO,
    );
    expect(facts).toEqual({ delivered_day: '2026-03-06', on_time: null, lead_time_days: 5 });
  });

  it('judge on time in the destination zone and count the delivery day in the reporting zone', () => {
    // 04:30 UTC on the 6th is 22:30 on the 5th in Chicago (the promised day) and 05:30 in Berlin.
    const lateEvening = delivered('2026-03-06T04:30:00Z', CHICAGO);
    expect(deriveOrderFacts(order(), [lateEvening], 'Europe/Berlin')).toEqual({
      delivered_day: '2026-03-06',
      on_time: 1,
      lead_time_days: 5,
    });
    expect(deriveOrderFacts(order(), [lateEvening], CHICAGO).delivered_day).toBe('2026-03-05');
    // The same instant delivered in Berlin is the 6th there: a day late.
    expect(
      deriveOrderFacts(order(), [delivered('2026-03-06T04:30:00Z', 'Europe/Berlin')], CHICAGO).on_time,
    ).toBe(0);
    // A shipment without a zone is judged in UTC.
    expect(
      deriveOrderFacts(order(), [delivered('2026-03-06T04:30:00Z', null as never)], CHICAGO).on_time,
    ).toBe(0);
  });

  it('take instants as Date or ISO text alike', () => {
    const asDate = { ...delivered('x'), actual_delivery_at: new Date('2026-03-04T15:00:00Z') };
    expect(deriveOrderFacts(order(), [asDate], CHICAGO).delivered_day).toBe('2026-03-04');
  });

  it('are null for a cancelled order, whatever its shipments did', () => {
    const facts = deriveOrderFacts(
      order({ status: 'cancelled' }),
      [delivered('2026-03-04T15:00:00Z')],
      CHICAGO,
    );
    expect(facts.delivered_day).toBeNull();
  });

  it('count lead time in calendar days across months and clock changes', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-03-09', '2026-03-07')).toBe(-2);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('compare stored facts by value (drivers may read numbers as text)', () => {
    const next = { delivered_day: '2026-03-05', on_time: 1 as const, lead_time_days: 4 };
    expect(sameFacts({ ...next }, next)).toBe(true);
    expect(sameFacts({ ...next, on_time: '1' as never, lead_time_days: '4' as never }, next)).toBe(true);
    expect(sameFacts({ ...next, on_time: 0 }, next)).toBe(false);
    expect(sameFacts({ ...next, on_time: null }, next)).toBe(false);
    expect(sameFacts({ ...next, delivered_day: '2026-03-04' }, next)).toBe(false);
    expect(sameFacts({ ...next, lead_time_days: null }, next)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { applyEvent } from './tracking.js';

const at = (hour: number) => new Date(Date.UTC(2026, 10, 30, hour));
const inTransit = { status: 'in_transit' as const, actual_pickup_at: at(8), actual_delivery_at: null };

describe('what a tracking event does to its shipment', () => {
  it('follows a newer event', () => {
    expect(applyEvent(inTransit, 'EXCEPTION', at(12), at(10))).toEqual({ status: 'exception' });
    expect(applyEvent(inTransit, 'OUT_FOR_DELIVERY', at(12), null)).toEqual({ status: 'in_transit' });
  });

  it('is not moved back by an older event arriving late', () => {
    // Out for delivery at 14:00 was applied; a 09:00 exception scan arrives after it.
    expect(applyEvent(inTransit, 'EXCEPTION', at(9), at(14))).toEqual({ status: 'in_transit' });
    const exception = { ...inTransit, status: 'exception' as const };
    expect(applyEvent(exception, 'IN_TRANSIT', at(9), at(14))).toEqual({ status: 'exception' });
  });

  it('is moved forward by an older event: a late DELIVERED or pickup scan still counts', () => {
    expect(applyEvent(inTransit, 'DELIVERED', at(9), at(14))).toEqual({
      status: 'delivered',
      actual_delivery_at: at(9),
    });
    expect(applyEvent(inTransit, 'CANCELLED', at(9), at(14))).toEqual({ status: 'cancelled' });
    const planned = { status: 'planned' as const, actual_pickup_at: null, actual_delivery_at: null };
    expect(applyEvent(planned, 'PICKED_UP', at(7), at(14))).toEqual({
      status: 'in_transit',
      actual_pickup_at: at(7),
    });
    // Booked after the pickup scan it predates is not a step back either way.
    expect(applyEvent(planned, 'BOOKED', at(7), at(14))).toEqual({ status: 'booked' });
  });

  it('keeps a delivered shipment delivered whatever arrives after', () => {
    const delivered = { ...inTransit, status: 'delivered' as const, actual_delivery_at: at(15) };
    expect(applyEvent(delivered, 'IN_TRANSIT', at(16), at(15))).toEqual({ status: 'delivered' });
    expect(applyEvent(delivered, 'EXCEPTION', at(10), at(15))).toEqual({ status: 'delivered' });
  });
});

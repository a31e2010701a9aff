import { describe, expect, it } from 'vitest';
import { trackingEventsTarget } from './tracking-events.js';

const context = { source: 'dhl', currency: 'USD' };
const idOf = () => null;

describe('the tracking-events import target', () => {
  it('builds the event with the mapping source, naming its shipment by reference', () => {
    const out = trackingEventsTarget.toItem(
      {
        shipment: 'ASN-8',
        code: 'DELIVERED',
        occurredAt: '2026-03-04T22:20:00.000Z',
        city: 'Dallas',
        latitude: 32.77671234,
        message: null,
      },
      idOf,
      context,
    );
    expect(out).toEqual({
      item: {
        shipment: { source: 'dhl', reference: 'ASN-8' },
        event: {
          source: 'dhl',
          code: 'DELIVERED',
          occurredAt: '2026-03-04T22:20:00.000Z',
          city: 'Dallas',
          latitude: 32.776712,
        },
      },
    });
  });

  it('reports an unknown code and a missing shipment, by field', () => {
    const out = trackingEventsTarget.toItem(
      { code: 'LOST', occurredAt: '2026-03-04T22:20:00Z' },
      idOf,
      context,
    );
    expect('reasons' in out && out.reasons.map((r) => [r.field, r.rule])).toEqual([
      ['code', 'schema'],
      ['shipment', 'required'],
    ]);
  });

  it('keys events by source, shipment, code and instant, whatever offset the instant is written with', () => {
    const key = (occurredAt: string) =>
      trackingEventsTarget.keyOf({ shipment: 'A', code: 'PICKED_UP', occurredAt }, context);
    expect(key('2026-03-04T16:20:00-06:00')).toBe(key('2026-03-04T22:20:00.000Z'));
    expect(key('2026-03-04T22:20:01Z')).not.toBe(key('2026-03-04T22:20:00Z'));
    expect(trackingEventsTarget.keyOf({ shipment: 'A', code: 'PICKED_UP' }, context)).toBeNull();
  });

  it('offers the shipment and the event fields of the API', () => {
    expect(trackingEventsTarget.fields.filter((f) => f.required).map((f) => f.name)).toEqual([
      'shipment',
      'code',
      'occurredAt',
    ]);
  });
});

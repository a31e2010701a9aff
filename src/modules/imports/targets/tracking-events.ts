import {
  appendTrackingEvents,
  type EventResult,
  shipmentIdsByKey,
  type TrackingEventCreate,
  trackingCodes,
  trackingEventCreate,
} from '../../shipments/index.js';
import type { TargetField } from '../mapping/fields.js';
import type { QuarantineReason } from '../mapping/schema.js';
import { getPath, parseItem, roundTo, setPath, writeReasons } from './items.js';
import type { ImportTarget, TargetOutcome } from './types.js';

/**
 * Tracking events: appended through appendTrackingEvents, the path POST /shipments/:id/events
 * takes, so each moves its shipment's status and actual times. The shipment is named by its
 * reference under the mapping's source and found in write (shipments are not a master-data
 * lookup table). Events have no id of their own: (shipment, code, instant) is the natural key,
 * a stored one is `unchanged`, and as events are append-only a re-import never edits one.
 */

export interface TrackingEventItem {
  readonly shipment: { readonly source: string; readonly reference: string };
  readonly event: TrackingEventCreate;
}

const fields: readonly TargetField[] = [
  {
    name: 'shipment',
    type: 'text',
    required: true,
    description: "The shipment's reference (as imported under this mapping's source)",
    synonyms: ['shipment', 'shipment reference', 'shipment id', 'reference', 'tracking number', 'asn', 'bol'],
  },
  {
    name: 'code',
    type: 'enum',
    values: trackingCodes,
    required: true,
    description: `Normalized event code: ${trackingCodes.join(', ')} (map carrier codes onto these)`,
    synonyms: ['code', 'event', 'event code', 'status', 'status code', 'milestone'],
  },
  {
    name: 'rawCode',
    type: 'text',
    description: "The carrier's own code",
    synonyms: ['raw code', 'carrier code', 'carrier status', 'edi code'],
  },
  {
    name: 'occurredAt',
    type: 'instant',
    required: true,
    description: 'When it happened',
    synonyms: ['occurred at', 'event time', 'event date', 'timestamp', 'date', 'time', 'scan time'],
  },
  { name: 'city', type: 'text', description: 'City', synonyms: ['city', 'location', 'event city'] },
  { name: 'country', type: 'country', description: 'Country', synonyms: ['country', 'event country'] },
  { name: 'latitude', type: 'number', description: 'Latitude', synonyms: ['latitude', 'lat'] },
  { name: 'longitude', type: 'number', description: 'Longitude', synonyms: ['longitude', 'lng', 'lon'] },
  {
    name: 'message',
    type: 'text',
    description: 'Free text of the event',
    synonyms: ['message', 'description', 'remarks', 'comment', 'note'],
  },
];

const places: Readonly<Record<string, number>> = { latitude: 6, longitude: 6 };

const instantOf = (value: unknown): number | null =>
  typeof value === 'string' && Number.isFinite(Date.parse(value)) ? Date.parse(value) : null;

export const trackingEventsTarget: ImportTarget<TrackingEventItem> = {
  name: 'tracking-events',
  fields,
  keyOf(values, context) {
    const { shipment, code } = values;
    const at = instantOf(values.occurredAt);
    if (typeof shipment !== 'string' || shipment === '' || typeof code !== 'string' || at === null)
      return null;
    return [context.source, shipment, code, at].join('\u0000');
  },
  toItem(values, _idOf, context) {
    const event: Record<string, unknown> = { source: context.source };
    for (const [field, value] of Object.entries(values)) {
      if (value === null || value === undefined || field === 'shipment') continue;
      const place = places[field];
      setPath(event, field, place !== undefined && typeof value === 'number' ? roundTo(value, place) : value);
    }
    const parsed = parseItem(trackingEventCreate, event, (path) => getPath(event, path));
    const reference = values.shipment;
    if (typeof reference !== 'string' || reference === '') {
      const missing: QuarantineReason = {
        field: 'shipment',
        value: reference,
        rule: 'required',
        message: 'shipment: the reference of the shipment the event belongs to is required',
      };
      return { reasons: ['reasons' in parsed ? parsed.reasons : [], [missing]].flat() };
    }
    if ('reasons' in parsed) return parsed;
    return { item: { shipment: { source: context.source, reference }, event: parsed.item } };
  },
  async write(trx, caller, items) {
    const ids = await shipmentIdsByKey(
      trx,
      caller.orgId,
      items.map((i) => i.shipment),
    );
    const idOf = (item: TrackingEventItem) =>
      ids.get(`${item.shipment.source}\u0000${item.shipment.reference}`);
    // Applied oldest first (stable for equal instants): an event's effect depends on the ones before it.
    const order = items
      .map((item, index) => ({ item, index, shipmentId: idOf(item) }))
      .filter((e): e is typeof e & { shipmentId: number } => e.shipmentId !== undefined)
      .sort((a, b) => Date.parse(a.item.event.occurredAt) - Date.parse(b.item.event.occurredAt));
    const results = await appendTrackingEvents(
      trx,
      caller,
      order.map((e) => ({ shipmentId: e.shipmentId, event: e.item.event })),
      { once: true },
    );
    const outcomes: TargetOutcome[] = items.map(({ shipment }) => ({
      result: 'refused',
      reasons: [
        {
          field: 'shipment',
          value: shipment.reference,
          rule: 'lookup',
          message: `shipment: no shipment with reference "${shipment.reference}" from source "${shipment.source}"`,
        },
      ],
    }));
    order.forEach((e, i) => {
      outcomes[e.index] = outcomeOf(results[i] as EventResult, e.item);
    });
    return outcomes;
  },
};

function outcomeOf(r: EventResult, item: TrackingEventItem): TargetOutcome {
  return r.result === 'refused' ? { result: 'refused', reasons: writeReasons(r.reasons, item.event) } : r;
}

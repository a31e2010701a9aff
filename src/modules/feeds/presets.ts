import { type MappingDefinition, presetMappings } from '../imports/index.js';
import type { FeedShape } from './schema.js';

/** What a feed of each shape maps its events with unless it brings its own mapping, and where their ids are. */

/** The json shape's preset: an event's own fields, named as the tracking-events target names them. */
const genericEvents: MappingDefinition = {
  target: 'tracking-events',
  fields: {
    shipment: { column: 'shipment', required: true },
    code: { column: 'code' },
    rawCode: { column: 'rawCode' },
    occurredAt: { column: 'occurredAt', transforms: [{ op: 'date', formats: ['iso'] }] },
    city: { column: 'city' },
    country: { column: 'country' },
    latitude: { column: 'latitude' },
    longitude: { column: 'longitude' },
    message: { column: 'message' },
  },
};

/**
 * The telemetry shape's preset, for trackers and sensors (MQTT feeds mostly). A tracking event has
 * no place for a reading, so a temperature (°C, a number) becomes the event's message —
 * "Temperature 4.5 °C", readable on the shipment's timeline, and the full reading stays in the
 * stored payload; a temperature that is not a number quarantines the event. A reading or a
 * position without a code is IN_TRANSIT: the tracker travels with the freight.
 */
const telemetryEvents: MappingDefinition = {
  target: 'tracking-events',
  fields: {
    ...genericEvents.fields,
    code: { column: 'code', transforms: [{ op: 'default', value: 'IN_TRANSIT' }] },
    message: {
      column: 'temperature',
      transforms: [
        { op: 'extract', pattern: '^\\s*(-?\\d+(?:\\.\\d+)?)\\s*$' },
        { op: 'replace', pattern: '^(.*)$', with: 'Temperature $1 °C' },
      ],
    },
  },
};

export const presets: Record<FeedShape, { mapping: MappingDefinition; eventIdPath: string }> = {
  json: { mapping: genericEvents, eventIdPath: 'id' },
  epcis: { mapping: presetMappings['epcis-events'], eventIdPath: 'eventID' },
  telemetry: { mapping: telemetryEvents, eventIdPath: 'id' },
};

import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { id, idInteger, instantOutput, listQueryBase } from '../../lib/api-schemas.js';
import { mappingDefinition } from '../imports/index.js';

/** The API's shapes of feeds and the events they accept (issue #12, ADR 0018). */

export const feedShapes = ['json', 'epcis'] as const;
export type FeedShape = (typeof feedShapes)[number];

/** Most events one request may carry: a bigger batch is refused whole (send several). */
export const MAX_EVENTS_PER_REQUEST = 1000;

const shipmentSource = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, . _ -')
  .meta({
    description:
      "The source of the shipments the events name (their references are looked up under it; default `manual`, the API's default)",
  });
const eventIdPath = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^.\s][^\s]*$/, 'a dotted path')
  .meta({
    description:
      'Where each event carries its own id (dotted path; default `id` for json, `eventID` for epcis). An event without one is identified by a hash of its content. A second event with the same id is acknowledged and ignored.',
  });

export const feedCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    shape: z.enum(feedShapes).default('json').meta({
      description:
        'How a payload becomes events: json (an event object, an array of them, or `{ "events": [...] }`) or epcis (an EPCIS 2.0 document or event list; ObjectEvent, AggregationEvent, TransactionEvent)',
    }),
    mapping: mappingDefinition.optional().meta({
      description:
        "A tracking-events mapping of each event's fields (as for imports); default: the shape's preset (json: shipment, code, occurredAt, rawCode, city, country, latitude, longitude, message)",
    }),
    shipmentSource: shipmentSource.optional(),
    eventIdPath: eventIdPath.optional(),
  })
  .strict();
export type FeedCreate = z.infer<typeof feedCreate>;

export const feed = z
  .object({
    id,
    name: z.string(),
    kind: z.enum(['webhook']),
    shape: z.enum(feedShapes),
    mapping: mappingDefinition,
    eventIdPath: z.string(),
    intakePath: z.string().meta({ description: 'Where the feed posts its events (signed, with an API key)' }),
    eventsReceived: z.number().int(),
    eventsQuarantined: z.number().int(),
    lastEventAt: instantOutput.nullable(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'Feed' });

export const feedWithSecret = feed
  .extend({
    secret: z.string().meta({
      description:
        "The HMAC-SHA256 key of the feed's signatures. Shown only now: store it with the sender. Sign `<unix seconds>.<body>` and send `Lanewise-Timestamp` and `Lanewise-Signature: sha256=<hex>`",
    }),
  })
  .meta({ id: 'FeedWithSecret' });

export const feedSorts = defineSorts(
  'feeds',
  [
    { key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false },
    { key: 'name', column: 'name', kind: 'text', nullable: false },
  ],
  '-createdAt',
);
export const feedListQuery = z.object({ ...listQueryBase, sort: feedSorts.param }).strict();

const reason = z.object({
  field: z.string(),
  value: z.unknown().optional(),
  rule: z.string(),
  message: z.string(),
});

export const feedEventStatuses = ['applied', 'quarantined'] as const;

export const feedEvent = z
  .object({
    id,
    feedId: id,
    sourceEventId: z.string(),
    status: z.enum(feedEventStatuses),
    payload: z.unknown().meta({ description: 'The event as received' }),
    reasons: z.array(reason).meta({ description: 'Why it could not be applied (quarantined)' }),
    trackingEventId: id.nullable(),
    replays: z.number().int(),
    receivedAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'FeedEvent' });

export const feedEventSorts = defineSorts(
  'feed-events',
  [{ key: 'receivedAt', column: 'created_at', kind: 'instant', nullable: false }],
  '-receivedAt',
);
export const feedEventListQuery = z
  .object({ ...listQueryBase, sort: feedEventSorts.param, status: z.enum(feedEventStatuses).optional() })
  .strict();

export const intakeResults = ['applied', 'quarantined', 'duplicate'] as const;

export const intakeAnswer = z
  .object({
    received: z.number().int(),
    applied: z.number().int(),
    quarantined: z.number().int(),
    duplicates: z.number().int(),
    events: z.array(
      z.object({
        sourceEventId: z.string(),
        result: z.enum(intakeResults),
        feedEventId: id
          .nullable()
          .meta({ description: 'Null for a duplicate of an event not in this request' }),
        trackingEventId: id.nullable(),
        reasons: z.array(reason),
      }),
    ),
  })
  .meta({ id: 'FeedIntake' });
export type IntakeAnswer = z.infer<typeof intakeAnswer>;

export const replayBody = z
  .object({
    ids: z.array(id).min(1).max(1000).optional().meta({
      description:
        'Quarantined events to try again (default: all of the feed’s quarantined events, up to 1000)',
    }),
  })
  .strict();
export const replayAnswer = z
  .object({ tried: z.number().int(), applied: z.number().int(), quarantined: z.number().int() })
  .meta({ id: 'FeedReplay' });

export const feedParams = z.object({ id: idInteger }).strict();

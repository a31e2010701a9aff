import { z } from 'zod';
import { defineSorts } from '../../db/keyset.js';
import { id, idInteger, instantOutput, listQueryBase } from '../../lib/api-schemas.js';
import { mappingDefinition } from '../imports/index.js';

/** The API's shapes of feeds and the events they accept (issue #12, ADR 0018). */

export const feedShapes = ['json', 'epcis', 'telemetry'] as const;
export type FeedShape = (typeof feedShapes)[number];

export const feedKinds = ['webhook', 'mqtt'] as const;
export type FeedKind = (typeof feedKinds)[number];

/** Most topic filters one MQTT feed subscribes to. */
export const MAX_MQTT_TOPICS = 20;

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

/** Whether a broker URL is one the subscribers can use: mqtt(s)://host[:port], nothing else. */
function brokerUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a valid absolute URL';
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:')
    return `mqtt:// or mqtts://, not ${url.protocol}//`;
  if (url.hostname === '') return 'names no host';
  if (url.username !== '' || url.password !== '')
    return 'give the user name and password as username and password, not in the URL';
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    return 'a broker URL has no path, query or fragment: mqtt://host:port';
  }
  return null;
}

/**
 * A topic filter as MQTT defines it (`+` a whole level, `#` the whole last level), not a `$`
 * topic: the subscribers prefix each with `$share/lanewise/` themselves.
 */
function topicFilterProblem(filter: string): string | null {
  if (filter.startsWith('$'))
    return 'topics starting with $ (broker topics, $share/…) cannot be subscribed to';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what MQTT forbids in topics.
  if (/\u0000/.test(filter)) return 'holds a NUL character';
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
      return '# must be the whole last level';
    if (level.includes('+') && level !== '+') return '+ must be a whole level';
  }
  return null;
}

const brokerUrl = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .superRefine((text, ctx) => {
    const problem = brokerUrlProblem(text);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    description: 'The broker: `mqtt://host:port` (default port 1883) or `mqtts://host:port` (TLS, 8883)',
  });

const topicFilter = z
  .string()
  .min(1)
  .max(200)
  .superRefine((filter, ctx) => {
    const problem = topicFilterProblem(filter);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

export const mqttSettings = z
  .object({
    url: brokerUrl,
    username: z.string().min(1).max(200).optional(),
    password: z.string().min(1).max(500).optional().meta({
      description: 'Sent when connecting; stored as given, never shown again (reads say `passwordSet`)',
    }),
    topics: z
      .array(topicFilter)
      .min(1)
      .max(MAX_MQTT_TOPICS)
      .refine((topics) => new Set(topics).size === topics.length, 'each topic filter once')
      .meta({
        description:
          'Topic filters (`+` one level, `#` the rest). Workers subscribe with QoS 1 to `$share/lanewise/<filter>`, so several workers split the messages',
      }),
  })
  .strict();
export type MqttSettings = z.infer<typeof mqttSettings>;

export const feedCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(feedKinds).optional().meta({
      description:
        'webhook (default): the sender posts signed requests to `intakePath`. mqtt: Lanewise subscribes to topics of a broker (`mqtt`) and takes each message in as a webhook event',
    }),
    mqtt: mqttSettings.optional().meta({
      description: 'The broker and topics of an mqtt feed (required for one, refused for a webhook)',
    }),
    shape: z.enum(feedShapes).default('json').meta({
      description:
        'How a payload becomes events: json (an event object, an array of them, or `{ "events": [...] }`), epcis (an EPCIS 2.0 document or event list; ObjectEvent, AggregationEvent, TransactionEvent) or telemetry (json from trackers and sensors: an event without `code` is IN_TRANSIT, `temperature` in °C becomes the event\'s message)',
    }),
    mapping: mappingDefinition.optional().meta({
      description:
        "A tracking-events mapping of each event's fields (as for imports); default: the shape's preset (json: shipment, code, occurredAt, rawCode, city, country, latitude, longitude, message)",
    }),
    shipmentSource: shipmentSource.optional(),
    eventIdPath: eventIdPath.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const kind = input.kind ?? 'webhook';
    if (kind === 'mqtt' && input.mqtt === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mqtt'],
        message: 'an mqtt feed needs its broker url and topics',
      });
    }
    if (kind === 'webhook' && input.mqtt !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['mqtt'], message: 'only an mqtt feed has broker settings' });
    }
  });
export type FeedCreate = z.infer<typeof feedCreate>;

const mqttState = z
  .object({
    url: z.string(),
    username: z.string().nullable(),
    passwordSet: z.boolean().meta({ description: 'Whether a password is stored (it is never shown)' }),
    topics: z.array(z.string()),
    lastConnectedAt: instantOutput
      .nullable()
      .meta({ description: 'When a worker last connected to the broker and subscribed' }),
    lastError: z
      .string()
      .nullable()
      .meta({ description: 'What went wrong the last time a worker could not connect, subscribe or store' }),
    lastErrorAt: instantOutput.nullable(),
  })
  .meta({ id: 'FeedMqtt' });

export const feed = z
  .object({
    id,
    name: z.string(),
    kind: z.enum(feedKinds),
    shape: z.enum(feedShapes),
    mapping: mappingDefinition,
    eventIdPath: z.string(),
    intakePath: z.string().nullable().meta({
      description: 'Where the feed posts its events (signed, with an API key); null for an mqtt feed',
    }),
    mqtt: mqttState
      .nullable()
      .meta({ description: 'Broker, topics and connection state of an mqtt feed; null for a webhook' }),
    eventsReceived: z.number().int(),
    eventsQuarantined: z.number().int(),
    lastEventAt: instantOutput.nullable(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'Feed' });

export const feedWithSecret = feed
  .extend({
    secret: z.string().nullable().meta({
      description:
        "The HMAC-SHA256 key of the feed's signatures. Shown only now: store it with the sender. Sign `<unix seconds>.<body>` and send `Lanewise-Timestamp` and `Lanewise-Signature: sha256=<hex>`. Null for an mqtt feed, which nobody posts to",
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

import { z } from 'zod';
import { streamTopics } from './outbox.js';

export const streamQuery = z
  .object({
    topics: z
      .string()
      .max(200)
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const names = value.split(',').map((name) => name.trim());
        const unknown = names.filter((name) => !(streamTopics as readonly string[]).includes(name));
        if (unknown.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown topic ${unknown.map((name) => `"${name}"`).join(', ')}; the topics are ${streamTopics.join(', ')}`,
          });
          return z.NEVER;
        }
        return [...new Set(names)] as (typeof streamTopics)[number][];
      })
      .meta({
        description: `Comma-separated topics to receive (${streamTopics.join(', ')}); by default every topic the caller may read`,
        example: 'shipments',
      }),
  })
  .strict();

export const liveStream = z.string().meta({
  description: [
    'Server-sent events (text/event-stream). Each event has `id:` (unique; resume after it with the Last-Event-ID header), `event:` its kind and `data:` one line of JSON.',
    '`shipments.changed` (topic shipments): `{"count":2,"shipments":[{"id":41,"reference":"SO-1","status":"delivered","change":"updated"}],"truncated":false,"at":"…"}`; a write of more than 100 shipments lists the first 100 and says `truncated`.',
    '`alert.opened`, `alert.updated`, `alert.resolved` (topic alerts): the alert as GET /alerts/{id} answers it; `alert_rule.changed`: a rule created, changed or archived (`archived: true`).',
    '`resync`: the events after Last-Event-ID are no longer kept (about a day): read the current state again; its id is where the stream stands now.',
    'Events arrive in the order they were committed, which is not always id order. Lines starting with `:` are heartbeats. The stream ends after LANEWISE_STREAM_MAX_SECONDS; reconnect with Last-Event-ID.',
  ].join(' '),
  example:
    'retry: 1000\n\nid: 9051\nevent: shipments.changed\ndata: {"count":1,"shipments":[{"id":41,"reference":"SO-1","status":"delivered","change":"updated"}],"truncated":false,"at":"2026-12-04T09:00:00.000Z"}\n\n',
});

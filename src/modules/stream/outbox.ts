import type { Kysely } from 'kysely';
import { type DB, type Row, toDate } from '../../db/types.js';
import { announceStreamWrite } from './wake.js';

/**
 * The outbox of live updates (ADR 0020): writers append an event in their own transaction, so
 * it is visible exactly when the change is; every API process reads the table and pushes to its
 * open streams. Kept for RETENTION_MS, so a reconnecting client gets what it missed.
 */

/** What a reader needs permission to see: shipment changes (shipments:read), alerts (alerts:read). */
export const streamTopics = ['shipments', 'alerts'] as const;
export type StreamTopic = (typeof streamTopics)[number];

export interface StreamEvent {
  readonly id: number;
  readonly orgId: number;
  readonly topic: StreamTopic;
  readonly kind: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly at: string;
}

/** How long events stay resumable. */
export const RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Appends an event in the writer's transaction and tells this process's stream hub (and, through
 * Redis, the others) to look soon. The hint may arrive before the commit: the hub keeps looking
 * for a moment (see hub.ts).
 */
export async function appendStreamEvent(
  trx: Kysely<DB>,
  orgId: number,
  topic: StreamTopic,
  kind: string,
  data: Readonly<Record<string, unknown>>,
): Promise<void> {
  await appendStreamEvents(trx, orgId, [{ topic, kind, data }]);
}

/** Several events of one organization in one insert (in chunks), in the order given. */
export async function appendStreamEvents(
  trx: Kysely<DB>,
  orgId: number,
  events: readonly { topic: StreamTopic; kind: string; data: Readonly<Record<string, unknown>> }[],
): Promise<void> {
  if (events.length === 0) return;
  const created_at = new Date();
  for (let i = 0; i < events.length; i += 200) {
    await trx
      .insertInto('stream_events')
      .values(
        events.slice(i, i + 200).map((e) => ({
          org_id: orgId,
          topic: e.topic,
          kind: e.kind,
          data: JSON.stringify(e.data),
          created_at,
        })),
      )
      .execute();
  }
  announceStreamWrite();
}

const columns = ['id', 'org_id', 'topic', 'kind', 'data', 'created_at'] as const;

function eventOf(row: Pick<Row<'stream_events'>, (typeof columns)[number]>): StreamEvent {
  return {
    id: Number(row.id),
    orgId: Number(row.org_id),
    topic: row.topic as StreamTopic,
    kind: row.kind,
    data: JSON.parse(row.data) as Record<string, unknown>,
    at: toDate(row.created_at).toISOString(),
  };
}

/** Every organization's events after an id, in id order (the hub's read). */
export async function eventsAfter(db: Kysely<DB>, afterId: number, limit: number): Promise<StreamEvent[]> {
  const rows = await db
    .selectFrom('stream_events')
    .select(columns)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(eventOf);
}

/** The events with these ids (ones the hub saw a gap for: written earlier, committed later). */
export async function eventsWithIds(db: Kysely<DB>, ids: readonly number[]): Promise<StreamEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('stream_events')
    .select(columns)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
  return rows.map(eventOf);
}

/** One organization's events after an id, in id order (a reconnecting client's backlog). */
export async function orgEventsAfter(
  db: Kysely<DB>,
  orgId: number,
  afterId: number,
  limit: number,
): Promise<StreamEvent[]> {
  const rows = await db
    .selectFrom('stream_events')
    .select(columns)
    .where('org_id', '=', orgId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(eventOf);
}

/** The lowest and highest stored ids (null when the outbox is empty). */
export async function storedRange(db: Kysely<DB>): Promise<{ min: number; max: number } | null> {
  const row = await db
    .selectFrom('stream_events')
    .select((eb) => [eb.fn.min('id').as('min'), eb.fn.max('id').as('max')])
    .executeTakeFirst();
  return row?.min == null || row.max == null ? null : { min: Number(row.min), max: Number(row.max) };
}

/** Deletes the events older than the retention (the housekeeping job). */
export async function sweepStreamEvents(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('stream_events')
    .where('created_at', '<', new Date(now.getTime() - RETENTION_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

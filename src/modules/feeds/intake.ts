import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import { constraintViolation, isDeadlock } from '../../db/errors.js';
import type { DB, Row } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import type { Caller } from '../auth/index.js';
import {
  type CompiledMapping,
  compileFor,
  epcisEventRecord,
  loadRecords,
  mappingDefinition,
  type RecordObject,
  type SourceRecord,
  type TargetOutcome,
} from '../imports/index.js';
import { presets } from './presets.js';
import { type FeedShape, type IntakeAnswer, MAX_EVENTS_PER_REQUEST } from './schema.js';

/**
 * The one intake of every kind of feed (ADR 0019): a payload's events by the feed's shape, their
 * ids, and takeIn, which stores and applies a batch in one transaction. Webhook requests
 * (service.ts `ingest`) and MQTT messages (takeMqttMessage) both come through here.
 */

type FeedRow = Row<'feeds'>;

export type IntakeReason = IntakeAnswer['events'][number]['reasons'][number];

export function reasonsOf(outcome: TargetOutcome | undefined): readonly IntakeReason[] {
  return outcome?.result === 'refused' ? outcome.reasons : [];
}

/** The events a payload carries, by the feed's shape; refuses the request whole when it carries none or too many. */
export function eventsOf(shape: FeedShape, body: unknown): Record<string, unknown>[] {
  let events: unknown;
  if (Array.isArray(body)) events = body;
  else if (isObject(body) && shape === 'epcis' && isObject(body.epcisBody)) events = body.epcisBody.eventList;
  else if (isObject(body) && Array.isArray(body.events)) events = body.events;
  else if (isObject(body) && shape === 'epcis' && Array.isArray(body.eventList)) events = body.eventList;
  else events = [body];
  if (!Array.isArray(events)) {
    throw new AppError('FEED_PAYLOAD_INVALID', 'The EPCIS document has no epcisBody.eventList array.');
  }
  if (events.length === 0) throw new AppError('FEED_PAYLOAD_INVALID', 'The payload carries no events.');
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw new AppError(
      'FEED_BATCH_TOO_LARGE',
      `${events.length} events in one request: send at most ${MAX_EVENTS_PER_REQUEST} per request.`,
    );
  }
  const notObjects = events.flatMap((e, i) => (isObject(e) ? [] : [i]));
  if (notObjects.length > 0) {
    throw new AppError('FEED_PAYLOAD_INVALID', 'Every event must be a JSON object.', {
      errors: notObjects.slice(0, 20).map((i) => ({ path: `events.${i}`, message: 'not an object' })),
    });
  }
  return events as Record<string, unknown>[];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The event's own id at the feed's path, or a hash of its content when it carries none. */
export function sourceEventIdOf(event: Record<string, unknown>, path: string): string {
  let value: unknown = event;
  for (const part of path.split('.')) value = isObject(value) ? value[part] : undefined;
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (text !== '' && text.length <= 200) return text;
  return `sha256:${createHash('sha256').update(JSON.stringify(event)).digest('hex')}`;
}

const epcisTypes = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent'];

/**
 * What the mapping layer reads of an event: the object as it is, or the flattened EPCIS event.
 * A stored payload that is not an object (an MQTT message that was not JSON, kept as its text, or
 * JSON that is no event) is a record the mapping refuses with its reason, on replay as the first time.
 */
export function recordOf(shape: FeedShape, event: unknown, row: number, problem?: string): SourceRecord {
  if (typeof event === 'string') {
    return {
      row,
      values: { _raw: event },
      problem: problem ?? 'The message is not JSON: it is kept as the text received.',
    };
  }
  if (!isObject(event)) {
    return {
      row,
      values: {},
      problem: problem ?? "The message is not a JSON object with the event's fields.",
    };
  }
  if (problem !== undefined) return { row, values: event as RecordObject, problem };
  if (shape !== 'epcis') return { row, values: event as RecordObject };
  const type = event.type;
  if (typeof type === 'string' && epcisTypes.includes(type)) {
    return { row, values: epcisEventRecord(event as never) };
  }
  return {
    row,
    values: event as RecordObject,
    problem: `Events of type ${JSON.stringify(type ?? null)} are not applied: Lanewise takes ObjectEvent, AggregationEvent and TransactionEvent.`,
  };
}

// Compiled mappings by their text: a feed's mapping changes only when the feed is replaced, and
// compiling (zod, the transforms' parsers) would otherwise run on every request.
const compiledMappings = new Map<string, CompiledMapping>();
const COMPILED_MAPPINGS = 200;

export function compiledMapping(feed: FeedRow): CompiledMapping {
  let compiled = compiledMappings.get(feed.mapping);
  if (!compiled) {
    compiled = compileFor(mappingDefinition.parse(JSON.parse(feed.mapping)));
    if (compiledMappings.size >= COMPILED_MAPPINGS) {
      compiledMappings.delete(compiledMappings.keys().next().value as string);
    }
    compiledMappings.set(feed.mapping, compiled);
  }
  return compiled;
}

/** The caller applying a feed's events: it may move shipments by tracking events, what the feed exists for. */
export function feedWriter(caller: Caller): Caller {
  return { ...caller, has: (p) => p === 'shipments:write' || caller.has(p) };
}

/** One event to take in: what is stored as its payload, its id, and why it cannot be applied when that is known before the mapping. */
export interface FeedItem {
  readonly event: unknown;
  readonly sourceEventId: string;
  readonly problem?: string;
}

/**
 * The one intake of every kind of feed: skips events the feed already has (by their id), applies
 * the others and stores each with its outcome, all in one transaction — retried when a concurrent
 * intake stored one of them first, so that one becomes a duplicate here.
 */
export async function takeIn(
  db: Kysely<DB>,
  writer: Caller,
  feed: FeedRow,
  items: readonly FeedItem[],
): Promise<Intake> {
  const compiled = compiledMapping(feed);
  for (let attempt = 1; ; attempt++) {
    try {
      const { answer, lagSeconds } = await db
        .transaction()
        .execute((trx) => ingestOnce(trx, writer, feed, compiled, items));
      return { answer, shape: feed.shape, lagSeconds };
    } catch (error) {
      // Another request stored one of these events first (or a deadlock rolled this one back):
      // run again, and what the other stored is now a duplicate.
      const retry = constraintViolation(error) === 'unique' || isDeadlock(error);
      if (!retry || attempt >= 3) throw error;
    }
  }
}

/** What a request's events did, and for the metrics how late each applied one came. */
export interface Intake {
  readonly answer: IntakeAnswer;
  readonly shape: FeedShape;
  readonly lagSeconds: readonly number[];
}

// A payload column holds up to 64 KiB on MySQL/MariaDB (TEXT): an event larger than that cannot be
// stored on every dialect, so no dialect stores it.
const MAX_STORED_EVENT_BYTES = 65_535;

/** What became of an MQTT message: taken in (stored, acknowledge it), too large to store (acknowledge and drop), or for a feed that is gone. */
export type MqttIntake =
  | { readonly result: 'taken'; readonly intake: Intake }
  | { readonly result: 'unstorable'; readonly bytes: number }
  | { readonly result: 'feed-gone' };

/**
 * Takes one MQTT message of a feed in, exactly as a webhook request of that feed: the same events
 * (one object, an array, `{ "events": [...] }`, an EPCIS document), ids and intake (takeIn). What a
 * request would be refused for — not JSON, no events, too many — has nobody to be told here, so
 * the message is stored quarantined with that reason instead (its id: the hash of its bytes, so a
 * redelivery is a duplicate). The writer is the installation acting for the feed, which may apply
 * tracking events and nothing else. Throws when it cannot be stored (the message is not acknowledged).
 */
export async function takeMqttMessage(db: Kysely<DB>, feedId: number, payload: Buffer): Promise<MqttIntake> {
  const feed = await db
    .selectFrom('feeds')
    .selectAll()
    .where('id', '=', feedId)
    .where('kind', '=', 'mqtt')
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!feed) return { result: 'feed-gone' };
  const items = messageItems(feed, payload);
  const stored = items.map((i) => Buffer.byteLength(JSON.stringify(i.event)));
  const largest = Math.max(0, ...stored);
  if (largest > MAX_STORED_EVENT_BYTES) return { result: 'unstorable', bytes: largest };
  const writer = feedWriter({
    orgId: feed.org_id,
    actor: { type: 'system' },
    userId: null,
    has: () => false,
  });
  return { result: 'taken', intake: await takeIn(db, writer, feed, items) };
}

/** A message's events by the feed's shape and id path; what is not JSON or no events is one item with its problem. */
function messageItems(feed: FeedRow, payload: Buffer): FeedItem[] {
  const text = payload.toString('utf8');
  const whole = `sha256:${createHash('sha256').update(payload).digest('hex')}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message.slice(0, 200)})` : '';
    return [{ event: text, sourceEventId: whole, problem: `The message is not JSON${detail}.` }];
  }
  try {
    const path = feed.event_id_path ?? presets[feed.shape].eventIdPath;
    return eventsOf(feed.shape, parsed).map((event) => ({
      event,
      sourceEventId: sourceEventIdOf(event, path),
    }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return [{ event: parsed, sourceEventId: whole, problem: error.message }];
  }
}

async function ingestOnce(
  trx: Kysely<DB>,
  caller: Caller,
  feed: FeedRow,
  compiled: CompiledMapping,
  items: readonly FeedItem[],
): Promise<Omit<Intake, 'shape'>> {
  const ids = [...new Set(items.map((i) => i.sourceEventId))];
  const known = new Set<string>();
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await trx
      .selectFrom('feed_events')
      .select('source_event_id')
      .where('feed_id', '=', feed.id)
      .where('source_event_id', 'in', ids.slice(start, start + 500))
      .execute();
    for (const row of rows) known.add(row.source_event_id);
  }
  // New events in request order; a second copy within the request is a duplicate too.
  const fresh: (FeedItem & { index: number })[] = [];
  items.forEach((item, index) => {
    if (known.has(item.sourceEventId)) return;
    known.add(item.sourceEventId);
    fresh.push({ index, ...item });
  });
  const answers: IntakeAnswer['events'] = items.map((item) => ({
    sourceEventId: item.sourceEventId,
    result: 'duplicate',
    feedEventId: null,
    trackingEventId: null,
    reasons: [],
  }));
  const lagSeconds: number[] = [];
  if (fresh.length > 0) {
    const loaded = await loadRecords(
      trx,
      caller,
      compiled,
      fresh.map((f, i) => recordOf(feed.shape, f.event, i + 1, f.problem)),
    );
    const now = Date.now();
    const rows = fresh.map((f, i) => {
      const outcome = loaded[i]?.outcome;
      // How late it came: from its own time, as the mapping read it, to now.
      const at = Date.parse(String(loaded[i]?.values.occurredAt));
      if (outcome !== undefined && outcome.result !== 'refused' && Number.isFinite(at)) {
        lagSeconds.push((now - at) / 1000);
      }
      const applied = outcome !== undefined && outcome.result !== 'refused';
      return {
        org_id: feed.org_id,
        feed_id: feed.id,
        source_event_id: f.sourceEventId,
        status: applied ? ('applied' as const) : ('quarantined' as const),
        payload: JSON.stringify(f.event),
        reasons_json: applied ? null : JSON.stringify(reasonsOf(outcome)),
        tracking_event_id: applied ? outcome.id : null,
      };
    });
    await insertRows(trx, 'feed_events', rows);
    // Their ids, by the key they were just stored under (one multi-row insert cannot say them on every dialect).
    const stored = new Map<string, number>();
    for (let start = 0; start < rows.length; start += 500) {
      const found = await trx
        .selectFrom('feed_events')
        .select(['id', 'source_event_id'])
        .where('feed_id', '=', feed.id)
        .where(
          'source_event_id',
          'in',
          rows.slice(start, start + 500).map((r) => r.source_event_id),
        )
        .execute();
      for (const row of found) stored.set(row.source_event_id, row.id);
    }
    rows.forEach((row, i) => {
      const f = fresh[i] as (typeof fresh)[number];
      answers[f.index] = {
        sourceEventId: f.sourceEventId,
        result: row.status,
        feedEventId: stored.get(row.source_event_id) ?? null,
        trackingEventId: row.tracking_event_id,
        reasons: row.reasons_json === null ? [] : (JSON.parse(row.reasons_json) as IntakeReason[]),
      };
    });
    const quarantined = rows.filter((r) => r.status === 'quarantined').length;
    const stamp = new Date(now);
    await trx
      .updateTable('feeds')
      .set((eb) => ({
        events_received: eb('events_received', '+', rows.length),
        events_quarantined: eb('events_quarantined', '+', quarantined),
        last_event_at: stamp,
        updated_at: stamp,
      }))
      .where('id', '=', feed.id)
      .execute();
  }
  const count = (result: string) => answers.filter((a) => a.result === result).length;
  const answer = {
    received: items.length,
    applied: count('applied'),
    quarantined: count('quarantined'),
    duplicates: count('duplicate'),
    events: answers,
  };
  return { answer, lagSeconds };
}

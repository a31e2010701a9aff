import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertOne, insertRows } from '../../db/bulk.js';
import { constraintViolation, isDeadlock } from '../../db/errors.js';
import { type ListRequest, listAnswer } from '../../db/keyset.js';
import { type DB, type Row, toDate } from '../../db/types.js';
import { API_PREFIX } from '../../lib/api-schemas.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/index.js';
import { type Caller, callerKey } from '../auth/index.js';
import {
  type CompiledMapping,
  compileFor,
  epcisEventRecord,
  loadRecords,
  type MappingDefinition,
  mappingDefinition,
  presetMappings,
  type RecordObject,
  type SourceRecord,
  type TargetOutcome,
} from '../imports/index.js';
import {
  type FeedCreate,
  type FeedShape,
  feedEventSorts,
  feedSorts,
  type IntakeAnswer,
  MAX_EVENTS_PER_REQUEST,
} from './schema.js';
import { checkFeedSignature, newFeedSecret, type SignatureProblem } from './signature.js';

/**
 * Feeds (issue #12, ADR 0018): sources that post tracking events. An accepted event is stored
 * with what became of it in the same transaction that applies it — through the imports mapping
 * layer and the tracking-event write path, so the shipment's status and times follow as for any
 * event — and the request is answered 202 only after that transaction committed: an event that
 * was acknowledged is never lost, and one that was not may be sent again.
 */

type FeedRow = Row<'feeds'>;
type FeedEventRow = Row<'feed_events'>;

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

const presets: Record<FeedShape, { mapping: MappingDefinition; eventIdPath: string }> = {
  json: { mapping: genericEvents, eventIdPath: 'id' },
  epcis: { mapping: presetMappings['epcis-events'], eventIdPath: 'eventID' },
};

function feedToApi(row: FeedRow) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    shape: row.shape,
    mapping: mappingDefinition.parse(JSON.parse(row.mapping)),
    eventIdPath: row.event_id_path ?? presets[row.shape].eventIdPath,
    intakePath: `${API_PREFIX}/feeds/${row.id}/events`,
    eventsReceived: Number(row.events_received),
    eventsQuarantined: Number(row.events_quarantined),
    lastEventAt: row.last_event_at === null ? null : toDate(row.last_event_at).toISOString(),
    createdAt: toDate(row.created_at).toISOString(),
    updatedAt: toDate(row.updated_at).toISOString(),
  };
}

function feedEventToApi(row: FeedEventRow) {
  return {
    id: row.id,
    feedId: row.feed_id,
    sourceEventId: row.source_event_id,
    status: row.status,
    payload: JSON.parse(row.payload) as unknown,
    reasons: row.reasons_json === null ? [] : (JSON.parse(row.reasons_json) as IntakeReason[]),
    trackingEventId: row.tracking_event_id,
    replays: Number(row.replays),
    receivedAt: toDate(row.created_at).toISOString(),
    updatedAt: toDate(row.updated_at).toISOString(),
  };
}

type IntakeReason = IntakeAnswer['events'][number]['reasons'][number];

function reasonsOf(outcome: TargetOutcome | undefined): readonly IntakeReason[] {
  return outcome?.result === 'refused' ? outcome.reasons : [];
}

/** The mapping a feed uses: its own or the shape's preset, always into tracking events, under its source. */
function feedMapping(input: FeedCreate): MappingDefinition {
  const base = input.mapping ?? presets[input.shape].mapping;
  if (base.target !== 'tracking-events') {
    throw new AppError('IMPORT_MAPPING_INVALID', 'A feed maps its events to tracking-events.', {
      errors: [{ path: 'mapping.target', message: 'must be tracking-events' }],
    });
  }
  const definition = { ...base, source: input.shipmentSource ?? base.source ?? 'manual' };
  compileFor(definition);
  return definition;
}

export async function createFeed(db: Kysely<DB>, caller: Caller, input: FeedCreate) {
  const mapping = feedMapping(input);
  const secret = newFeedSecret();
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await insertOne(trx, 'feeds', {
        org_id: caller.orgId,
        name: input.name,
        kind: 'webhook',
        shape: input.shape,
        mapping: JSON.stringify(mapping),
        event_id_path: input.eventIdPath ?? null,
        secret,
        created_by: callerKey(caller),
      });
      const row = await findFeed(trx, caller.orgId, id);
      await recordAudit(trx, {
        orgId: caller.orgId,
        actor: caller.actor,
        action: 'feeds.created',
        target: { type: 'feed', id: row.id },
        details: { name: input.name, shape: input.shape },
      });
      return { ...feedToApi(row), secret };
    });
  } catch (error) {
    if (constraintViolation(error) === 'unique') {
      throw new AppError('RESOURCE_CONFLICT', `A feed named "${input.name}" exists.`);
    }
    throw error;
  }
}

async function findFeed(db: Kysely<DB>, orgId: number, id: number): Promise<FeedRow> {
  const row = await db
    .selectFrom('feeds')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('RESOURCE_NOT_FOUND', `No feed with id ${id}.`);
  return row;
}

export async function getFeed(db: Kysely<DB>, orgId: number, id: number) {
  return feedToApi(await findFeed(db, orgId, id));
}

export function listFeeds(db: Kysely<DB>, orgId: number, q: ListRequest) {
  const query = db
    .selectFrom('feeds')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null);
  return listAnswer(query, q, feedSorts, feedToApi);
}

/** Changes a feed of the caller's organization and records it in the audit log; answers the changed row. */
async function changeFeed(
  db: Kysely<DB>,
  caller: Caller,
  id: number,
  changes: { readonly secret?: string; readonly archived_at?: Date },
  action: string,
): Promise<FeedRow> {
  return db.transaction().execute(async (trx) => {
    const before = await findFeed(trx, caller.orgId, id);
    const now = new Date();
    await trx
      .updateTable('feeds')
      .set({ ...changes, updated_at: now })
      .where('org_id', '=', caller.orgId)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action,
      target: { type: 'feed', id },
    });
    return { ...before, ...changes, updated_at: now };
  });
}

/** A new secret for the feed; the old one stops working at once. */
export async function rotateFeedSecret(db: Kysely<DB>, caller: Caller, id: number) {
  const secret = newFeedSecret();
  return { ...feedToApi(await changeFeed(db, caller, id, { secret }, 'feeds.secret_rotated')), secret };
}

/** Archives the feed: it accepts nothing more; its events and their effects stay. */
export async function archiveFeed(db: Kysely<DB>, caller: Caller, id: number): Promise<void> {
  await changeFeed(db, caller, id, { archived_at: new Date() }, 'feeds.archived');
}

export async function listFeedEvents(
  db: Kysely<DB>,
  orgId: number,
  feedId: number,
  q: ListRequest & { readonly status?: 'applied' | 'quarantined' | undefined },
) {
  await findFeed(db, orgId, feedId);
  let query = db
    .selectFrom('feed_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('feed_id', '=', feedId);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  return listAnswer(query, q, feedEventSorts, feedEventToApi);
}

const signatureMessages: Record<SignatureProblem, string> = {
  missing: 'Sign the request: send Lanewise-Timestamp (Unix seconds) and Lanewise-Signature (sha256=<hex>).',
  malformed: 'Lanewise-Timestamp must be Unix seconds and Lanewise-Signature sha256=<64 hex digits>.',
  stale:
    'Lanewise-Timestamp is more than 5 minutes from the server’s clock: sign the request when you send it.',
  mismatch: "The signature does not match: HMAC-SHA256 with the feed's secret over <timestamp>.<body>.",
};

export interface SignedBody {
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly raw: Buffer;
  readonly parsed: unknown;
}

/** The events a payload carries, by the feed's shape; refuses the request whole when it carries none or too many. */
function eventsOf(shape: FeedShape, body: unknown): unknown[] {
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
  return events;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The event's own id at the feed's path, or a hash of its content when it carries none. */
function sourceEventIdOf(event: Record<string, unknown>, path: string): string {
  let value: unknown = event;
  for (const part of path.split('.')) value = isObject(value) ? value[part] : undefined;
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (text !== '' && text.length <= 200) return text;
  return `sha256:${createHash('sha256').update(JSON.stringify(event)).digest('hex')}`;
}

const epcisTypes = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent'];

/** What the mapping layer reads of an event: the object as it is, or the flattened EPCIS event. */
function recordOf(shape: FeedShape, event: Record<string, unknown>, row: number): SourceRecord {
  if (shape === 'json') return { row, values: event as RecordObject };
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

function compiledMapping(feed: FeedRow): CompiledMapping {
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
function feedWriter(caller: Caller): Caller {
  return { ...caller, has: (p) => p === 'shipments:write' || caller.has(p) };
}

/**
 * Takes a signed request's events in: checks the signature, skips events the feed already has
 * (by their id), applies the others and stores each with its outcome, all in one transaction.
 * The feed's signers may apply tracking events to the organization's shipments (feedWriter),
 * whatever else their key may do.
 */
export async function ingest(
  db: Kysely<DB>,
  caller: Caller,
  feedId: number,
  body: SignedBody,
): Promise<Intake> {
  const feed = await findFeed(db, caller.orgId, feedId);
  const problem = checkFeedSignature(feed.secret, body, body.raw);
  if (problem !== null) {
    throw new AppError(
      problem === 'stale' ? 'FEED_TIMESTAMP_STALE' : 'FEED_SIGNATURE_INVALID',
      signatureMessages[problem],
    );
  }
  const events = eventsOf(feed.shape, body.parsed) as Record<string, unknown>[];
  const path = feed.event_id_path ?? presets[feed.shape].eventIdPath;
  const compiled = compiledMapping(feed);
  const writer = feedWriter(caller);
  const items = events.map((event) => ({ event, sourceEventId: sourceEventIdOf(event, path) }));
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

async function ingestOnce(
  trx: Kysely<DB>,
  caller: Caller,
  feed: FeedRow,
  compiled: CompiledMapping,
  items: readonly { event: Record<string, unknown>; sourceEventId: string }[],
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
  const fresh: { index: number; event: Record<string, unknown>; sourceEventId: string }[] = [];
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
      fresh.map((f, i) => recordOf(feed.shape, f.event, i + 1)),
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

/**
 * Applies quarantined events again (after the shipment they name was created, or the mapping
 * fixed); one that now passes is applied exactly once and marked applied.
 */
export async function replayFeedEvents(
  db: Kysely<DB>,
  caller: Caller,
  feedId: number,
  ids: readonly number[] | undefined,
): Promise<{ tried: number; applied: number; quarantined: number }> {
  const feed = await findFeed(db, caller.orgId, feedId);
  const compiled = compiledMapping(feed);
  const writer = feedWriter(caller);
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('feed_events')
      .selectAll()
      .where('org_id', '=', caller.orgId)
      .where('feed_id', '=', feedId)
      .where('status', '=', 'quarantined')
      .orderBy('id')
      .limit(1000);
    if (ids !== undefined) query = query.where('id', 'in', ids);
    const rows = await query.execute();
    if (rows.length === 0) return { tried: 0, applied: 0, quarantined: 0 };
    const loaded = await loadRecords(
      trx,
      writer,
      compiled,
      rows.map((row, i) => recordOf(feed.shape, JSON.parse(row.payload) as Record<string, unknown>, i + 1)),
    );
    let applied = 0;
    const now = new Date();
    for (const [i, row] of rows.entries()) {
      const outcome = loaded[i]?.outcome;
      const ok = outcome !== undefined && outcome.result !== 'refused';
      if (ok) applied++;
      await trx
        .updateTable('feed_events')
        .set((eb) => ({
          status: ok ? 'applied' : 'quarantined',
          reasons_json: ok ? null : JSON.stringify(reasonsOf(outcome)),
          tracking_event_id: ok ? outcome.id : null,
          replays: eb('replays', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', row.id)
        .execute();
    }
    if (applied > 0) {
      await trx
        .updateTable('feeds')
        .set((eb) => ({ events_quarantined: eb('events_quarantined', '-', applied), updated_at: now }))
        .where('id', '=', feedId)
        .execute();
    }
    return { tried: rows.length, applied, quarantined: rows.length - applied };
  });
}

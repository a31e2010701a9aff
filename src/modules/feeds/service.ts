import type { Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import { constraintViolation } from '../../db/errors.js';
import { type ListRequest, listAnswer } from '../../db/keyset.js';
import { type DB, type Row, toDate } from '../../db/types.js';
import { API_PREFIX } from '../../lib/api-schemas.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/index.js';
import { type Caller, callerKey } from '../auth/index.js';
import { compileFor, loadRecords, type MappingDefinition, mappingDefinition } from '../imports/index.js';
import { type BrokerPolicy, vetBroker } from './broker.js';
import {
  compiledMapping,
  eventsOf,
  feedWriter,
  type Intake,
  type IntakeReason,
  reasonsOf,
  recordOf,
  sourceEventIdOf,
  takeIn,
} from './intake.js';
import { presets } from './presets.js';
import { type FeedCreate, feedEventSorts, feedSorts, type MqttSettings } from './schema.js';
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

/** An mqtt feed's settings and what its subscribers last saw; never the password. */
function mqttToApi(row: FeedRow) {
  if (row.kind !== 'mqtt' || row.mqtt_url === null) return null;
  return {
    url: row.mqtt_url,
    username: row.mqtt_username,
    passwordSet: row.mqtt_password !== null,
    topics: JSON.parse(row.mqtt_topics ?? '[]') as string[],
    lastConnectedAt: row.mqtt_connected_at === null ? null : toDate(row.mqtt_connected_at).toISOString(),
    lastError: row.mqtt_error,
    lastErrorAt: row.mqtt_error_at === null ? null : toDate(row.mqtt_error_at).toISOString(),
  };
}

function feedToApi(row: FeedRow) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    shape: row.shape,
    mapping: mappingDefinition.parse(JSON.parse(row.mapping)),
    eventIdPath: row.event_id_path ?? presets[row.shape].eventIdPath,
    // Nothing posts to an mqtt feed: the subscribers take its messages in.
    intakePath: row.kind === 'webhook' ? `${API_PREFIX}/feeds/${row.id}/events` : null,
    mqtt: mqttToApi(row),
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

/** The columns of an mqtt feed's broker settings (all null for a webhook). */
function mqttColumns(settings: MqttSettings | undefined) {
  return {
    mqtt_url: settings?.url ?? null,
    mqtt_username: settings?.username ?? null,
    mqtt_password: settings?.password ?? null,
    mqtt_topics: settings === undefined ? null : JSON.stringify(settings.topics),
  };
}

/**
 * Creates a feed. A webhook's answer shows its secret, once; an mqtt feed has no use for one (a
 * random secret is still stored, so the column's rule holds and no known key could ever sign for
 * it) and its answer says null.
 */
export async function createFeed(
  db: Kysely<DB>,
  caller: Caller,
  input: FeedCreate,
  /** Vets an mqtt feed's broker now (the subscribers vet it at every connection anyway); none: not now. */
  policy?: BrokerPolicy,
) {
  const mapping = feedMapping(input);
  const kind = input.kind ?? 'webhook';
  if (input.mqtt !== undefined && policy !== undefined) await vetBroker(input.mqtt.url, policy);
  const secret = newFeedSecret();
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await insertOne(trx, 'feeds', {
        org_id: caller.orgId,
        name: input.name,
        kind,
        shape: input.shape,
        mapping: JSON.stringify(mapping),
        event_id_path: input.eventIdPath ?? null,
        secret,
        created_by: callerKey(caller),
        ...mqttColumns(kind === 'mqtt' ? input.mqtt : undefined),
      });
      const row = await findFeed(trx, caller.orgId, id);
      await recordAudit(trx, {
        orgId: caller.orgId,
        actor: caller.actor,
        action: 'feeds.created',
        target: { type: 'feed', id: row.id },
        details: {
          name: input.name,
          kind,
          shape: input.shape,
          ...(input.mqtt ? { broker: input.mqtt.url, topics: input.mqtt.topics } : {}),
        },
      });
      return { ...feedToApi(row), secret: kind === 'webhook' ? secret : null };
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
  assertWebhook(await findFeed(db, caller.orgId, id));
  const secret = newFeedSecret();
  return { ...feedToApi(await changeFeed(db, caller, id, { secret }, 'feeds.secret_rotated')), secret };
}

function assertWebhook(feed: FeedRow): void {
  if (feed.kind !== 'webhook') {
    throw new AppError(
      'FEED_NOT_WEBHOOK',
      `Feed ${feed.id} is an MQTT subscription: Lanewise takes its messages from the broker; nothing posts to it and it has no secret.`,
    );
  }
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

/**
 * Takes a signed request's events in: checks the signature, then stores and applies them
 * (takeIn). The feed's signers may apply tracking events to the organization's shipments
 * (feedWriter), whatever else their key may do.
 */
export async function ingest(
  db: Kysely<DB>,
  caller: Caller,
  feedId: number,
  body: SignedBody,
): Promise<Intake> {
  const feed = await findFeed(db, caller.orgId, feedId);
  assertWebhook(feed);
  const problem = checkFeedSignature(feed.secret, body, body.raw);
  if (problem !== null) {
    throw new AppError(
      problem === 'stale' ? 'FEED_TIMESTAMP_STALE' : 'FEED_SIGNATURE_INVALID',
      signatureMessages[problem],
    );
  }
  const events = eventsOf(feed.shape, body.parsed);
  const path = feed.event_id_path ?? presets[feed.shape].eventIdPath;
  const items = events.map((event) => ({ event, sourceEventId: sourceEventIdOf(event, path) }));
  return takeIn(db, feedWriter(caller), feed, items);
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
      rows.map((row, i) => recordOf(feed.shape, JSON.parse(row.payload) as unknown, i + 1)),
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

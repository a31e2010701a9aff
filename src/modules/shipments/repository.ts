import { CompiledQuery, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { claimInsertPath, findOwnedRow, insertOne, jsonSafe, quoteIdent } from '../../db/bulk.js';
import { dialectOf } from '../../db/dialect.js';
import { type DB, type NewRow, type Row, toDate } from '../../db/types.js';
import { toInstant } from '../../lib/api-schemas.js';
import { type DerivationContext, type DerivedFields, deriveShipment } from './derive.js';
import type { ShipmentListQuery } from './schema.js';

/** A shipment as callers write it: everything but the derived columns. */
export type ShipmentWrite = Omit<NewRow<'shipments'>, keyof DerivedFields>;

// The generic batched insert refuses shipments; this module holds their insert path.
const insertPath = claimInsertPath('shipments');

/** The row to store: the caller's fields plus the derived ones. */
export function withDerivedFields(row: ShipmentWrite, context: DerivationContext): NewRow<'shipments'> {
  // A plain key-by-key copy: on the seed's hot path (35-column rows) it costs ~2 µs a row, where
  // Object.assign or a spread into a fresh object cost ~7 µs (measured, V8 on Node 20).
  const stored: Record<string, unknown> = {};
  for (const key in row) stored[key] = row[key as keyof ShipmentWrite];
  const derived = deriveShipment(row, context);
  stored.lane = derived.lane;
  stored.transit_days = derived.transit_days;
  stored.delay_hours = derived.delay_hours;
  stored.on_time = derived.on_time;
  stored.ship_day = derived.ship_day;
  stored.delivery_day = derived.delivery_day;
  stored.derivation_version = derived.derivation_version;
  return stored as NewRow<'shipments'>;
}

/**
 * Inserts rows that already carry their derived fields (the write path derives them) through the
 * batched path; returns the number inserted. For callers that assign ids themselves (the seed).
 */
export function insertStoredRows(db: Kysely<DB>, rows: readonly NewRow<'shipments'>[]): Promise<number> {
  return insertPath.insertRows(db, rows);
}

/**
 * The organization's reporting time zone, which the derived days are counted in. A locking read
 * (share) where the dialect has one: a writer that raced a change of zone would otherwise store
 * days of the old zone at the current version, which the re-derivation would never revisit; with
 * the lock it waits for the change to commit and reads the new zone. (SQLite has one writer.)
 */
export async function reportingZoneOf(db: Kysely<DB>, orgId: number): Promise<string> {
  const query = db.selectFrom('organizations').select('reporting_timezone').where('id', '=', orgId);
  const dialect = dialectOf(db);
  const locked =
    dialect === 'postgres'
      ? query.forShare()
      : dialect === 'mysql'
        ? query.modifyEnd(sql`lock in share mode`)
        : query;
  return (await locked.executeTakeFirst())?.reporting_timezone ?? 'UTC';
}

/** The (source, reference) key of a shipment as one string. */
export const keyOf = (source: string, reference: string) => `${source}\u0000${reference}`;

/**
 * Inserts rows that carry their derived fields and returns their new ids in the rows' order,
 * without reading them back: RETURNING on PostgreSQL and SQLite (matched by key, as RETURNING
 * promises no order); on MySQL/MariaDB the first id of the multi-row INSERT plus the position
 * times auto_increment_increment — InnoDB gives a "simple insert" (row count known up front) one
 * consecutive block of ids under lock modes 0 and 1; under mode 2 (interleaved) it promises no
 * block, so there the ids are read back by key.
 */
export async function insertShipmentRows(
  db: Kysely<DB>,
  orgId: number,
  rows: readonly (NewRow<'shipments'> & { source: string })[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const position = new Map(rows.map((row, i) => [keyOf(row.source, row.reference), i]));
  const ids: number[] = new Array(rows.length);
  if (dialectOf(db) !== 'mysql') {
    for (const r of await insertPath.insertReturning(db, rows, ['id', 'source', 'reference'])) {
      ids[position.get(keyOf(String(r.source), String(r.reference))) as number] = Number(r.id);
    }
    return ids;
  }
  const { rows: settings } = await db.executeQuery<{ increment: number; lockMode: number }>(
    CompiledQuery.raw(
      'select @@session.auto_increment_increment as increment, @@global.innodb_autoinc_lock_mode as lockMode',
    ),
  );
  const { increment, lockMode } = settings[0] ?? { increment: 1, lockMode: 2 };
  // One statement per chunk, so each chunk's ids form their own block.
  for (let start = 0; start < rows.length; start += MYSQL_ROWS) {
    const chunk = rows.slice(start, start + MYSQL_ROWS);
    const result = await db.insertInto('shipments').values(chunk).executeTakeFirstOrThrow();
    if (Number(lockMode) < 2 && Number(result.numInsertedOrUpdatedRows) === chunk.length) {
      const first = Number(result.insertId);
      for (let i = 0; i < chunk.length; i++) ids[start + i] = first + i * Number(increment);
    }
  }
  // A plain loop: some() would skip the holes of the sparse array.
  let missing = false;
  for (let i = 0; i < rows.length; i++) if (ids[i] === undefined) missing = true;
  if (missing) {
    const found = await findByKeys(db, orgId, rows);
    for (const row of found) {
      const at = position.get(keyOf(row.source, row.reference));
      if (at !== undefined) ids[at] = row.id;
    }
  }
  return ids;
}

const MYSQL_ROWS = 500;

/** The columns a write may change (id, org_id and created_at never change). */
const updatable = [
  'source',
  'reference',
  'order_id',
  'mode',
  'status',
  'carrier_id',
  'customer_id',
  'supplier_id',
  'commodity',
  'origin_facility_id',
  'destination_facility_id',
  'origin_city',
  'origin_region',
  'origin_country',
  'destination_city',
  'destination_region',
  'destination_country',
  'destination_timezone',
  'planned_pickup_at',
  'planned_delivery_at',
  'actual_pickup_at',
  'actual_delivery_at',
  'weight_kg',
  'volume_m3',
  'pallets',
  'distance_km',
  'freight_cost',
  'currency',
  'goods_value',
  'lane',
  'transit_days',
  'delay_hours',
  'on_time',
  'ship_day',
  'delivery_day',
  'derivation_version',
  'archived_at',
  'updated_at',
] as const satisfies readonly (keyof Row<'shipments'>)[];

type Updatable = (typeof updatable)[number];

/** A change to one stored shipment: the columns that change (derived ones included) and their new values. */
export interface ShipmentUpdate {
  readonly id: number;
  readonly changes: Partial<Record<Updatable, unknown>>;
}

/** The columns a write may change, for callers that compare a row with its stored state. */
export const updatableColumns: readonly Updatable[] = updatable;

/**
 * Applies changes to stored shipments of the organization, set-wise: rows that change the same
 * columns (the usual batch) share statements — one UPDATE … FROM json_populate_recordset per
 * 5,000 rows on PostgreSQL, one UPDATE … JOIN (derived table) per 500 rows on MySQL/MariaDB; on
 * SQLite (in-process, statements are cheap) one UPDATE per row inside the caller's transaction.
 * Only changed columns are set, so indexes on the others are not rewritten.
 */
export async function updateShipmentRows(
  db: Kysely<DB>,
  orgId: number,
  rows: readonly ShipmentUpdate[],
): Promise<void> {
  const groups = new Map<string, { columns: Updatable[]; rows: ShipmentUpdate[] }>();
  for (const row of rows) {
    const columns = updatable.filter((c) => c in row.changes);
    const key = columns.join(',');
    const group = groups.get(key) ?? { columns, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const dialect = dialectOf(db);
  for (const { columns, rows: group } of groups.values()) {
    const values = (row: ShipmentUpdate) => columns.map((c) => row.changes[c] ?? null);
    if (dialect === 'postgres' && group.every((row) => jsonSafe(row.changes))) {
      for (let start = 0; start < group.length; start += 5_000) {
        const chunk = group.slice(start, start + 5_000).map((row) => ({ id: row.id, ...row.changes }));
        await db.executeQuery(
          CompiledQuery.raw(updateSql(dialect, columns, 0), [JSON.stringify(chunk), orgId]),
        );
      }
    } else if (dialect === 'mysql') {
      for (let start = 0; start < group.length; start += MYSQL_ROWS) {
        const chunk = group.slice(start, start + MYSQL_ROWS);
        const params = chunk.flatMap((row) => [row.id, ...values(row)]);
        params.push(orgId);
        await db.executeQuery(CompiledQuery.raw(updateSql(dialect, columns, chunk.length), params));
      }
    } else {
      const text = updateSql(dialect, columns, 1);
      for (const row of group) {
        await db.executeQuery(CompiledQuery.raw(text, [...values(row), orgId, row.id]));
      }
    }
  }
}

const backtick = (name: string) => `\`${name.replaceAll('`', '``')}\``;
const updateSqlCache = new Map<string, string>();

/** The UPDATE text for a set of columns (and, on MySQL, a row count), built once. */
function updateSql(
  dialect: 'sqlite' | 'mysql' | 'postgres',
  columns: readonly Updatable[],
  rows: number,
): string {
  const key = `${dialect}|${rows}|${columns.join(',')}`;
  let text = updateSqlCache.get(key);
  if (text) return text;
  if (dialect === 'postgres' && rows === 0) {
    // Typed by the table's own row type: no casts, and thousands of rows in one parameter.
    const set = columns.map((c) => `${quoteIdent(c)} = v.${quoteIdent(c)}`).join(', ');
    text = `update "shipments" as s set ${set} from json_populate_recordset(null::"shipments", $1::json) as v where s."org_id" = $2 and s."id" = v."id"`;
  } else if (dialect === 'mysql') {
    const first = `select ? as ${backtick('id')}, ${columns.map((c) => `? as ${backtick(c)}`).join(', ')}`;
    const other = `select ?, ${columns.map(() => '?').join(', ')}`;
    const derived = [first, ...Array.from({ length: rows - 1 }, () => other)].join(' union all ');
    const set = columns.map((c) => `s.${backtick(c)} = v.${backtick(c)}`).join(', ');
    text = `update ${backtick('shipments')} as s join (${derived}) as v on s.${backtick('id')} = v.${backtick('id')} set ${set} where s.${backtick('org_id')} = ?`;
  } else {
    const p = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');
    const set = columns.map((c, i) => `${quoteIdent(c)} = ${p(i + 1)}`).join(', ');
    text = `update "shipments" set ${set} where "org_id" = ${p(columns.length + 1)} and "id" = ${p(columns.length + 2)}`;
  }
  updateSqlCache.set(key, text);
  return text;
}

/**
 * The organization's shipments with the given ids, locked for update where the dialect locks
 * rows: the write merges, derives and re-counts in the rollups from the row it read, so a
 * concurrent write must wait until this one commits and then read the row it left (without the
 * lock, PostgreSQL's READ COMMITTED let two PATCHes of one shipment both take the same old state
 * out of the rollups).
 */
export function findShipmentsByIds(db: Kysely<DB>, orgId: number, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([] as Row<'shipments'>[]);
  return lockedForWrite(
    db,
    db
      .selectFrom('shipments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', 'in', [...new Set(ids)]),
  ).execute();
}

/** FOR UPDATE on PostgreSQL and MySQL/MariaDB; SQLite has one writer at a time. */
function lockedForWrite<Q extends { forUpdate(): Q }>(db: Kysely<DB>, query: Q): Q {
  return dialectOf(db) === 'sqlite' ? query : query.forUpdate();
}

/**
 * The organization's shipments with the given (source, reference) keys, in one query (by the
 * (org_id, reference) index; the source is matched here).
 */
export async function findByKeys(
  db: Kysely<DB>,
  orgId: number,
  keys: readonly { source: string; reference: string }[],
): Promise<Row<'shipments'>[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map((k) => keyOf(k.source, k.reference)));
  const rows = await lockedForWrite(
    db,
    db
      .selectFrom('shipments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('reference', 'in', [...new Set(keys.map((k) => k.reference))])
      .where('source', 'in', [...new Set(keys.map((k) => k.source))]),
  ).execute();
  return rows.filter((row) => wanted.has(keyOf(row.source, row.reference)));
}

type ShipmentQuery = SelectQueryBuilder<DB, 'shipments', Row<'shipments'>>;

/** The organization's shipments matching a list's filters (indexes: 0001, 0003, 0008). */
export function filteredShipments(
  db: Kysely<DB>,
  orgId: number,
  q: Omit<ShipmentListQuery, 'limit' | 'cursor' | 'sort' | 'includeTotal'>,
): ShipmentQuery {
  let query = db.selectFrom('shipments').selectAll().where('org_id', '=', orgId);
  if (!q.includeArchived) query = query.where('archived_at', 'is', null);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.inTransit) query = query.where('status', '=', 'in_transit');
  if (q.mode) query = query.where('mode', '=', q.mode);
  if (q.carrierId) query = query.where('carrier_id', '=', q.carrierId);
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.supplierId) query = query.where('supplier_id', '=', q.supplierId);
  // 0008 indexes the two parties, not the commodity: it narrows what another filter's index finds,
  // or the organization's rows are scanned.
  if (q.commodity) query = query.where('commodity', '=', q.commodity);
  if (q.originCity) query = query.where('origin_city', '=', q.originCity);
  if (q.originCountry) query = query.where('origin_country', '=', q.originCountry);
  if (q.destinationCity) query = query.where('destination_city', '=', q.destinationCity);
  if (q.destinationCountry) query = query.where('destination_country', '=', q.destinationCountry);
  if (q.lane) query = query.where('lane', '=', q.lane);
  if (q.plannedFrom) query = query.where('planned_delivery_at', '>=', toInstant(q.plannedFrom));
  if (q.plannedTo) query = query.where('planned_delivery_at', '<', toInstant(q.plannedTo));
  if (q.deliveredFrom) query = query.where('actual_delivery_at', '>=', toInstant(q.deliveredFrom));
  if (q.deliveredTo) query = query.where('actual_delivery_at', '<', toInstant(q.deliveredTo));
  if (q.late !== undefined) query = query.where('on_time', '=', q.late ? 0 : 1);
  if (q.reference) {
    // A prefix as a range, so every dialect uses the (org_id, reference) index (byte order, see 0003).
    query = query.where('reference', '>=', q.reference).where('reference', '<', `${q.reference}\u{10FFFF}`);
  }
  return query;
}

/** One shipment of the organization, or undefined. */
export function findShipment(
  db: Kysely<DB>,
  orgId: number,
  id: number,
): Promise<Row<'shipments'> | undefined> {
  return findOwnedRow(db, 'shipments', orgId, id);
}

/** Appends a tracking event; returns its id. */
export function insertTrackingEvent(db: Kysely<DB>, row: NewRow<'tracking_events'>): Promise<number> {
  return insertOne(db, 'tracking_events', row);
}

/** One tracking event of the organization, or undefined. */
export function findTrackingEvent(db: Kysely<DB>, orgId: number, id: number) {
  return findOwnedRow(db, 'tracking_events', orgId, id);
}

/** A page of a shipment's events, oldest first. */
export function trackingEventsQuery(db: Kysely<DB>, orgId: number, shipmentId: number) {
  return db
    .selectFrom('tracking_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('shipment_id', '=', shipmentId);
}

/** What identifies each stored event of the shipments (shipment, code, instant): the importer's duplicate check. */
/**
 * The stored events that could be these (same shipments, same instants): an event has no id of
 * its own, so (shipment, code, instant) is its key. Only those instants are read, so a shipment
 * with thousands of events (a tracker's pings) costs no more than one with a few.
 */
export function eventKeysOf(
  db: Kysely<DB>,
  orgId: number,
  shipmentIds: readonly number[],
  instants: readonly Date[],
) {
  if (shipmentIds.length === 0 || instants.length === 0) return Promise.resolve([]);
  const distinct = [...new Map(instants.map((d) => [d.getTime(), d])).values()];
  return db
    .selectFrom('tracking_events')
    .select(['id', 'shipment_id', 'code', 'occurred_at'])
    .where('org_id', '=', orgId)
    .where('shipment_id', 'in', [...new Set(shipmentIds)])
    .where('occurred_at', 'in', distinct)
    .execute();
}

/** The instant of each shipment's newest tracking event (shipments without events are absent). */
export async function latestEventTimes(
  db: Kysely<DB>,
  orgId: number,
  shipmentIds: readonly number[],
): Promise<Map<number, Date>> {
  if (shipmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tracking_events')
    .select((eb) => ['shipment_id', eb.fn.max('occurred_at').as('latest')])
    .where('org_id', '=', orgId)
    .where('shipment_id', 'in', [...new Set(shipmentIds)])
    .groupBy('shipment_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.shipment_id), toDate(r.latest as Date | string)]));
}

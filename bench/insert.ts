import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { insertRows } from '../src/db/bulk.js';
import { connect, toSqliteValue } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { DB, NewRow } from '../src/db/types.js';
import type { DatabaseTarget, Dialect } from '../src/db/url.js';
import { systemCaller } from '../src/modules/auth/index.js';
import {
  insertShipmentBatch,
  type ShipmentWrite,
  withDerivedFields,
} from '../src/modules/shipments/index.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { figure, ratio, section, timed } from './report.js';

/**
 * Our batched insert path (insertRows; for shipments insertShipmentBatch, which also checks
 * them and derives lane, transit, delay and on-time) against the best batch insert each raw driver offers, on the SAME rows,
 * into freshly migrated databases (so both pay for the same indexes and foreign keys):
 * - better-sqlite3: the faster of a reused multi-row prepared statement and a reused
 *   single-row one, inside one transaction;
 * - pg: the faster of a multi-row INSERT with parameters as a named (server-side prepared)
 *   statement, and one INSERT … SELECT FROM unnest() of typed column arrays per chunk;
 * - mysql2: multi-row `INSERT … VALUES ?` (client-side expansion), one transaction.
 */

const sizes: Record<Dialect, number> = { sqlite: 50_000, mysql: 20_000, postgres: 20_000 };
const EVENTS_PER_SHIPMENT = 4;
const MAX_PARAMS = 30_000;

type Row = Record<string, unknown>;

/** Deterministic rows shaped like the demo company's (every column filled, some nulls). */
function buildShipments(orgId: number, count: number): ShipmentWrite[] {
  const base = Date.UTC(2025, 0, 6, 8);
  const cities = [
    ['Chicago', 'IL', 'US', 'America/Chicago'],
    ['Dallas', 'TX', 'US', 'America/Chicago'],
    ['Toronto', 'ON', 'CA', 'America/Toronto'],
    ['Venlo', 'Limburg', 'NL', 'Europe/Amsterdam'],
    ['Madrid', 'Madrid', 'ES', 'Europe/Madrid'],
  ] as const;
  const rows: ShipmentWrite[] = [];
  for (let i = 0; i < count; i++) {
    const from = cities[i % cities.length] ?? cities[0];
    const to = cities[(i * 7 + 3) % cities.length] ?? cities[1];
    const pickup = base + i * 600_000;
    const delivered = i % 10 !== 0;
    rows.push({
      id: i + 1,
      org_id: orgId,
      source: 'bench',
      reference: `B-${String(i + 1).padStart(8, '0')}`,
      order_id: null,
      mode: i % 3 === 0 ? 'parcel' : 'ltl',
      status: delivered ? 'delivered' : 'in_transit',
      carrier_id: null,
      origin_facility_id: null,
      destination_facility_id: null,
      origin_city: from[0],
      origin_region: from[1],
      origin_country: from[2],
      destination_city: to[0],
      destination_region: to[1],
      destination_country: to[2],
      destination_timezone: to[3],
      planned_pickup_at: new Date(pickup),
      planned_delivery_at: new Date(pickup + 2 * 86_400_000),
      actual_pickup_at: new Date(pickup + 1_800_000),
      actual_delivery_at: delivered ? new Date(pickup + ((i % 5) + 1) * 43_200_000) : null,
      weight_kg: 10 + (i % 997) * 1.5,
      volume_m3: 0.05 + (i % 13) * 0.1,
      pallets: i % 3 === 0 ? null : 1 + (i % 4),
      distance_km: 100 + (i % 2000),
      freight_cost: 25 + (i % 500) * 1.25,
      currency: 'USD',
      goods_value: 100 + (i % 1000) * 3.5,
      created_at: new Date(pickup - 86_400_000),
      updated_at: new Date(pickup + 86_400_000),
    });
  }
  return rows;
}

function buildEvents(orgId: number, shipments: number): NewRow<'tracking_events'>[] {
  const codes = ['PICKED_UP', 'ARRIVED_AT_HUB', 'DEPARTED', 'DELIVERED'];
  const rows: NewRow<'tracking_events'>[] = [];
  for (let s = 1; s <= shipments; s++) {
    for (let e = 0; e < EVENTS_PER_SHIPMENT; e++) {
      const at = new Date(Date.UTC(2025, 0, 6, 8) + s * 600_000 + e * 7_200_000);
      rows.push({
        id: rows.length + 1,
        org_id: orgId,
        shipment_id: s,
        code: codes[e] ?? 'IN_TRANSIT',
        raw_code: 'X6',
        occurred_at: at,
        city: e % 2 ? 'Indianapolis' : null,
        country: e % 2 ? 'US' : null,
        latitude: 39.7684,
        longitude: -86.1581,
        source: 'edi214',
        message: null,
        created_at: at,
      });
    }
  }
  return rows;
}

/** Inserts rows with the raw driver's best batch insert; returns when committed. */
type RawInsert = (table: string, rows: readonly Row[]) => Promise<void>;

interface RawDriver {
  insert: RawInsert;
  close(): Promise<void>;
}

function rawSqlite(file: string, singleRow: boolean): RawDriver {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return {
    insert: async (table, rows) => {
      const columns = Object.keys(rows[0] ?? {});
      const per = singleRow ? 1 : Math.floor(MAX_PARAMS / columns.length);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const statement = (n: number) =>
        db.prepare(
          `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array(n).fill(tuple).join(', ')}`,
        );
      const full = statement(per);
      db.transaction(() => {
        for (let start = 0; start < rows.length; start += per) {
          const chunk = rows.slice(start, start + per);
          const params: unknown[] = [];
          for (const row of chunk) for (const c of columns) params.push(toSqliteValue(row[c] ?? null));
          (chunk.length === per ? full : statement(chunk.length)).run(params);
        }
      })();
    },
    close: async () => {
      db.close();
    },
  };
}

async function rawPostgres(url: string, variant: 'values' | 'unnest'): Promise<RawDriver> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');
  const insertValues = async (table: string, rows: readonly Row[], columns: string[]) => {
    const per = Math.floor(MAX_PARAMS / columns.length);
    const text = (n: number) =>
      `insert into "${table}" (${quoted(columns)}) values ${Array.from(
        { length: n },
        (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
      ).join(', ')}`;
    for (let start = 0; start < rows.length; start += per) {
      const chunk = rows.slice(start, start + per);
      const values: unknown[] = [];
      for (const row of chunk) for (const c of columns) values.push(row[c] ?? null);
      // A named statement is parsed and planned once per shape, then only bound.
      await client.query({ name: `${table}_${chunk.length}`, text: text(chunk.length), values });
    }
  };
  const insertUnnest = async (table: string, rows: readonly Row[], columns: string[]) => {
    const { rows: types } = await client.query<{ column_name: string; udt_name: string }>(
      'select column_name, udt_name from information_schema.columns where table_schema = current_schema() and table_name = $1',
      [table],
    );
    const typeOf = new Map(types.map((t) => [t.column_name, t.udt_name]));
    const arrays = columns.map((c, i) => `$${i + 1}::${typeOf.get(c)}[]`).join(', ');
    const text = `insert into "${table}" (${quoted(columns)}) select * from unnest(${arrays})`;
    for (let start = 0; start < rows.length; start += 5_000) {
      const chunk = rows.slice(start, start + 5_000);
      await client.query({ text, values: columns.map((c) => chunk.map((row) => row[c] ?? null)) });
    }
  };
  return {
    insert: async (table, rows) => {
      const columns = Object.keys(rows[0] ?? {});
      await client.query('begin');
      await (variant === 'values' ? insertValues : insertUnnest)(table, rows, columns);
      await client.query('commit');
    },
    close: () => client.end(),
  };
}

async function rawMysql(url: string): Promise<RawDriver> {
  const connection = await mysql.createConnection({ uri: url, timezone: 'Z', dateStrings: ['DATE'] });
  return {
    insert: async (table, rows) => {
      const columns = Object.keys(rows[0] ?? {});
      const per = Math.floor(MAX_PARAMS / columns.length);
      await connection.beginTransaction();
      for (let start = 0; start < rows.length; start += per) {
        const chunk = rows.slice(start, start + per).map((row) => columns.map((c) => row[c] ?? null));
        await connection.query(
          `insert into \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) values ?`,
          [chunk],
        );
      }
      await connection.commit();
    },
    close: () => connection.end(),
  };
}

/** The raw ways each driver offers; the benchmark keeps the fastest per table as the baseline. */
const rawVariants: Record<Dialect, readonly string[]> = {
  sqlite: ['multi-row statement', 'single-row statement'],
  postgres: ['named multi-row VALUES', 'unnest of column arrays'],
  mysql: ['multi-row VALUES ?'],
};

async function rawDriver(target: DatabaseTarget, variant: number): Promise<RawDriver> {
  if (target.dialect === 'sqlite') return rawSqlite(target.file, variant === 1);
  return target.dialect === 'postgres'
    ? rawPostgres(target.url, variant === 1 ? 'unnest' : 'values')
    : rawMysql(target.url);
}

interface Timings {
  shipments: number;
  events: number;
}

/** The best of two runs of `once`: the machine is shared, and one slow run is noise, not speed. */
async function measure(...args: Parameters<typeof measureOnce>): Promise<Timings> {
  const first = await measureOnce(...args);
  const second = await measureOnce(...args);
  return {
    shipments: Math.min(first.shipments, second.shipments),
    events: Math.min(first.events, second.events),
  };
}

/** Times one way of inserting the shipments, then their events, into a fresh database. */
async function measureOnce(
  dialect: Dialect,
  insert: (
    db: Kysely<DB>,
    target: DatabaseTarget,
  ) => Promise<{
    shipments: () => Promise<unknown>;
    events: () => Promise<unknown>;
    done: () => Promise<void>;
  }>,
): Promise<Timings> {
  const test = await createTestDatabase(dialect);
  const database = connect(test.target);
  try {
    await migrateToLatest(database.db);
    await insertRows(database.db, 'organizations', [{ id: 1, slug: 'bench', name: 'Bench' }]);
    const way = await insert(database.db, test.target);
    const shipments = await timed(way.shipments);
    const events = await timed(way.events);
    await way.done();
    return { shipments: shipments.ms, events: events.ms };
  } finally {
    await database.close();
    await test.drop();
  }
}

export const benchmark = {
  name: 'insert',
  run: async () => {
    for (const dialect of testDialects) {
      const n = sizes[dialect];
      section(
        `batched insert vs raw driver (${dialect}, ${n.toLocaleString('en-US')} shipments, ${(n * EVENTS_PER_SHIPMENT).toLocaleString('en-US')} events)`,
      );
      const writes = buildShipments(1, n);
      const context = { timeZone: 'UTC', now: new Date() };
      const derived = writes.map((row) => withDerivedFields(row, context));
      const events = buildEvents(1, n);
      // The generic insertRows refuses shipments: they take their one write path (checks + derivation).
      const ourWay = () => async (db: Kysely<DB>) => ({
        shipments: () =>
          db
            .transaction()
            .execute((trx) => insertShipmentBatch(trx, systemCaller(1), writes, { mode: 'all' })),
        events: () => db.transaction().execute((trx) => insertRows(trx, 'tracking_events', events)),
        done: async () => undefined,
      });
      const ours = ourWay();
      const raw = (variant: number) => async (_db: Kysely<DB>, target: DatabaseTarget) => {
        const driver = await rawDriver(target, variant);
        return {
          shipments: () => driver.insert('shipments', derived as Row[]),
          events: () => driver.insert('tracking_events', events as Row[]),
          done: () => driver.close(),
        };
      };

      // One round first, so neither side pays for JIT warm-up or first connections.
      await measureOnce(dialect, ours);
      const a = await measure(dialect, ours);
      const baseline: Timings = { shipments: Number.POSITIVE_INFINITY, events: Number.POSITIVE_INFINITY };
      for (const [variant, label] of rawVariants[dialect].entries()) {
        const t = await measure(dialect, raw(variant));
        figure(`${dialect} raw ${label}: shipments`, n / (t.shipments / 1000), 'rows/s');
        figure(
          `${dialect} raw ${label}: tracking events`,
          (n * EVENTS_PER_SHIPMENT) / (t.events / 1000),
          'rows/s',
        );
        baseline.shipments = Math.min(baseline.shipments, t.shipments);
        baseline.events = Math.min(baseline.events, t.events);
      }
      const rate = (ms: number, rows: number) => rows / (ms / 1000);
      ratio(
        `${dialect} shipments insertShipmentBatch (checks, derives)`,
        rate(a.shipments, n),
        rate(baseline.shipments, n),
        'rows/s',
        0.8,
      );
      const e = n * EVENTS_PER_SHIPMENT;
      ratio(
        `${dialect} tracking_events insertRows`,
        rate(a.events, e),
        rate(baseline.events, e),
        'rows/s',
        0.8,
      );
    }
  },
};

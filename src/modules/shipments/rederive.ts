import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { z } from 'zod';
import { dialectOf } from '../../db/dialect.js';
import type { DB, Row } from '../../db/types.js';
import { afterShipmentChange, rebuildRollups, SHIPMENT_FACTS_VERSION } from '../analytics/index.js';
import { defineJob, type JobQueue, type Progress } from '../jobs/index.js';
import { refreshOrderFacts } from '../orders/index.js';
import {
  reportingZoneOf,
  type ShipmentUpdate,
  type ShipmentWrite,
  updateShipmentRows,
  withDerivedFields,
} from './repository.js';

/**
 * Re-derivation (issue #9 part 7, ADR 0015): shipments whose derived columns were written by an
 * older derivation (`derivation_version` below SHIPMENT_FACTS_VERSION: rows of 0008's default 1,
 * or rows a change of the reporting time zone marked 0) are derived again, in the organization's
 * current zone, by the `shipments.rederive` job. Until none is left the query layer answers from
 * the raw rows, so the job may take its time.
 *
 * Rollups: first one rebuild, then the hooks per chunk. Rows below the current version may still
 * be counted in the rollups (a zone change marks them without touching the rollups, and a new
 * facts version leaves every older row counted), and the hooks cannot take them out — they only
 * see rows of the current version. A rebuild at the start counts exactly the current rows; each
 * chunk then adds its rows through afterShipmentChange in its own transaction, so at every
 * commit the rollups equal a rebuild. A rebuild only at the end would leave a moment between
 * the last chunk and the rebuild where no row is stale, queries use the rollups again, and the
 * rollups are still wrong.
 *
 * A zone change while the job runs (PATCH /analytics/settings marks every row 0 again and gets
 * this running job back from the dedupe key) is seen by the next chunk, which reads the zone
 * under a share lock of the organization's row (reportingZoneOf; the settings change holds that
 * row locked while it marks): the job then rebuilds and starts over in the new zone.
 */

/** The job type; its payload is `{}` and it belongs to one organization. */
export const REDERIVE_JOB = 'shipments.rederive';
/** One job per organization at a time: enqueue with this dedupe key. */
export const REDERIVE_DEDUPE_KEY = 'rederive';

// Rows per transaction: small enough that a chunk holds its locks briefly (~100 ms), large enough
// that the per-chunk statements (zone, hooks, data version) cost little per row.
const CHUNK = 2_000;

/** The versions below the current one, as equality probes of the (derivation_version, org_id) index. */
const staleVersions = Array.from({ length: SHIPMENT_FACTS_VERSION }, (_, v) => v);

export interface RederiveOptions {
  readonly signal?: AbortSignal;
  /** Hears the rows done after each chunk (awaited: the next chunk starts once it resolves). */
  readonly progress?: (progress: Progress) => void | Promise<void>;
  /** Rows per transaction (default 2,000). */
  readonly chunk?: number;
}

export interface RederiveSummary {
  /** Rows written with the current version (each once per pass). */
  readonly rederived: number;
  /** Of those, rows whose derived values changed (not only the version). */
  readonly changed: number;
  /** Passes over the stale rows: more than 1 when the reporting zone changed meanwhile. */
  readonly passes: number;
  /** Whether the rollups were rebuilt (not when nothing was stale). */
  readonly rebuilt: boolean;
}

/**
 * Derives again every shipment of the organization below the current derivation version, in
 * chunks of one transaction each; does nothing when none is. Throws when the signal fires
 * (between chunks: every committed chunk is complete, and a second run carries on).
 */
export async function rederiveShipments(
  db: Kysely<DB>,
  orgId: number,
  options: RederiveOptions = {},
): Promise<RederiveSummary> {
  const chunk = options.chunk ?? CHUNK;
  let rederived = 0;
  let changed = 0;
  let passes = 0;
  for (;;) {
    const total = await countStale(db, orgId);
    if (total === 0) return { rederived, changed, passes, rebuilt: passes > 0 };
    passes += 1;
    options.signal?.throwIfAborted();
    const zone = await reportingZoneOf(db, orgId);
    await options.progress?.({ done: 0, total, unit: 'shipments', message: 'rebuilding the rollups' });
    await rebuildRollups(db, orgId);
    let done = 0;
    let zoneChanged = false;
    for (const version of staleVersions) {
      let previous = new Set<number>();
      for (;;) {
        options.signal?.throwIfAborted();
        const outcome = await db
          .transaction()
          .execute((trx) => rederiveChunk(trx, orgId, version, zone, chunk));
        if (outcome === 'zone-changed') {
          zoneChanged = true;
          break;
        }
        if (outcome.rows === 0) break;
        // A written row leaves the set; seeing one again would loop forever.
        if (outcome.ids.some((id) => previous.has(id))) {
          throw new Error(`re-derivation of organization ${orgId} wrote rows that stayed below the version`);
        }
        previous = new Set(outcome.ids);
        done += outcome.rows;
        rederived += outcome.rows;
        changed += outcome.changed;
        await options.progress?.({ done, total: Math.max(total, done), unit: 'shipments' });
        if (outcome.rows < chunk) break;
      }
      if (zoneChanged) break;
    }
    // Every row seen was written with the current version, so a pass ends with none stale unless
    // the zone changed (then every row was marked again): the count at the top decides.
  }
}

type ChunkOutcome = { rows: number; changed: number; ids: number[] } | 'zone-changed';

async function rederiveChunk(
  trx: Kysely<DB>,
  orgId: number,
  version: number,
  zone: string,
  chunk: number,
): Promise<ChunkOutcome> {
  if ((await reportingZoneOf(trx, orgId)) !== zone) return 'zone-changed';
  // No ORDER BY and no keyset: a row leaves this set once written (its version becomes the
  // current one), so the next chunk's probe of the index finds the next rows.
  let query = trx
    .selectFrom('shipments')
    .selectAll()
    .where('derivation_version', '=', version)
    .where('org_id', '=', orgId)
    .limit(chunk);
  // Locked, so a write committed between this read and the update below cannot be overwritten
  // with values derived from the row as it was before it.
  if (dialectOf(trx) !== 'sqlite') query = query.forUpdate();
  const rows = await query.execute();
  if (rows.length === 0) return { rows: 0, changed: 0, ids: [] };
  const updates: ShipmentUpdate[] = [];
  let changed = 0;
  for (const row of rows) {
    const changes = derivedChanges(row, zone);
    if (Object.keys(changes).length > 1) changed += 1;
    updates.push({ id: row.id, changes });
  }
  await updateShipmentRows(trx, orgId, updates);
  // The rows were not counted in the rollups (the rebuild left out rows below the version).
  const ids = rows.map((r) => r.id);
  await afterShipmentChange(trx, orgId, ids);
  // Orders' delivered day is counted in the reporting zone too.
  await refreshOrderFacts(
    trx,
    orgId,
    rows.map((r) => r.order_id),
  );
  return { rows: rows.length, changed, ids };
}

const derivedColumns = [
  'lane',
  'transit_days',
  'delay_hours',
  'on_time',
  'ship_day',
  'delivery_day',
] as const satisfies readonly (keyof Row<'shipments'>)[];

/** The derived columns whose value changes, and the version (always): what the update sets. */
function derivedChanges(row: Row<'shipments'>, timeZone: string): ShipmentUpdate['changes'] {
  // The row carries created_at, the day of a shipment with no dates (now is not used).
  const next = withDerivedFields(row as unknown as ShipmentWrite, { timeZone, now: new Date() });
  const changes: Record<string, unknown> = { derivation_version: SHIPMENT_FACTS_VERSION };
  for (const column of derivedColumns) {
    const a = row[column] ?? null;
    const b = next[column] ?? null;
    // numeric columns come back as text on some drivers: compare by value.
    const same =
      a === null || b === null ? a === b : typeof b === 'number' ? Number(a) === b : String(a) === String(b);
    if (!same) changes[column] = b;
  }
  return changes as ShipmentUpdate['changes'];
}

/** How many of the organization's shipments are below the current version (index probes). */
async function countStale(db: Kysely<DB>, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('shipments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('derivation_version', 'in', staleVersions)
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The `shipments.rederive` job: re-derives one organization's stale shipments. */
export const rederiveShipmentsJob = defineJob({
  type: REDERIVE_JOB,
  payload: z.object({}).strict(),
  maxAttempts: 5,
  async handle({ db, orgId, signal, progress }) {
    if (orgId === null) throw new Error(`${REDERIVE_JOB} belongs to an organization`);
    const started = performance.now();
    const summary = await rederiveShipments(db, orgId, { signal, progress });
    return { ...summary, ms: Math.round(performance.now() - started) };
  },
});

/**
 * Enqueues the job for every organization that has shipments below the current version (one
 * query: index probes per organization); a queued or running job of an organization is reused
 * (dedupe key). Run when a server or worker starts its queue: after an upgrade that bumped the
 * facts version, or when an enqueue after a zone change failed. Answers the organizations.
 */
export async function enqueueRederivations(db: Kysely<DB>, queue: JobQueue, log?: Logger): Promise<number[]> {
  const rows = await db
    .selectFrom('organizations as o')
    .select('o.id')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('shipments as s')
          .select('s.id')
          .where('s.derivation_version', 'in', staleVersions)
          .whereRef('s.org_id', '=', 'o.id'),
      ),
    )
    .execute();
  const orgIds = rows.map((r) => Number(r.id));
  for (const orgId of orgIds) {
    await queue.enqueue(REDERIVE_JOB, {}, { orgId, dedupeKey: REDERIVE_DEDUPE_KEY, createdBy: 'system' });
  }
  if (orgIds.length > 0) log?.info({ organizations: orgIds }, 'enqueued the re-derivation of shipments');
  return orgIds;
}

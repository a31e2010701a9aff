import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { type DB, type ShipmentStatus, shipmentModes, shipmentStatuses, toDate } from '../../../db/types.js';
import { capNew, defineRuleType, type Finding, hoursBetween } from './types.js';

/**
 * Shipment rules: late (past its planned delivery, not delivered) and stale (on its way, no
 * tracking event and no change for N hours). One alert per shipment; each clears when the
 * shipment is delivered, cancelled, archived, or (stale) heard from again.
 */

// The statuses of a shipment still under way.
const underWay: ShipmentStatus[] = shipmentStatuses.filter((s) => !['delivered', 'cancelled'].includes(s));

// Rows read per evaluation: open alerts are re-checked by id, new ones found by a capped scan.
const SCAN_LIMIT = 5_000;
const ID_CHUNK = 500;

const scope = z
  .object({
    carrierIds: z.array(z.number().int().positive()).min(1).max(100).optional(),
    modes: z.array(z.enum(shipmentModes)).min(1).max(20).optional(),
  })
  .strict();

type Scope = z.output<typeof scope>;

interface ShipmentRow {
  id: number;
  reference: string;
  status: string;
  carrier_id: number | null;
  mode: string;
  planned_delivery_at: Date | string | null;
  updated_at: Date | string;
}

/** Shipments under way in the rule's scope, matching `where`: those of the open alerts first, then others. */
async function underWayShipments(
  db: Kysely<DB>,
  orgId: number,
  filters: Scope,
  openIds: readonly number[],
  where: (q: ReturnType<typeof base>) => ReturnType<typeof base>,
): Promise<ShipmentRow[]> {
  const query = () => where(base(db, orgId, filters));
  const rows: ShipmentRow[] = [];
  for (let i = 0; i < openIds.length; i += ID_CHUNK) {
    rows.push(
      ...(await query()
        .where('id', 'in', openIds.slice(i, i + ID_CHUNK))
        .execute()),
    );
  }
  const seen = new Set(rows.map((r) => Number(r.id)));
  for (const row of await query().orderBy('id').limit(SCAN_LIMIT).execute()) {
    if (!seen.has(Number(row.id))) rows.push(row);
  }
  return rows;
}

function base(db: Kysely<DB>, orgId: number, filters: Scope) {
  let q = db
    .selectFrom('shipments')
    .select(['id', 'reference', 'status', 'carrier_id', 'mode', 'planned_delivery_at', 'updated_at'])
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null)
    .where('status', 'in', underWay);
  if (filters.carrierIds) q = q.where('carrier_id', 'in', filters.carrierIds);
  if (filters.modes) q = q.where('mode', 'in', filters.modes);
  return q;
}

const shipmentKey = (id: number) => `shipment:${id}`;
const openShipmentIds = (keys: readonly string[]) =>
  keys.flatMap((key) => (key.startsWith('shipment:') ? [Number(key.slice('shipment:'.length))] : []));
const links = (id: number) => [
  { rel: 'shipment', href: `/api/v1/shipments/${id}` },
  { rel: 'events', href: `/api/v1/shipments/${id}/events` },
];

export const shipmentLate = defineRuleType({
  type: 'shipment_late',
  label: 'Shipment late',
  description:
    'A shipment under way (not delivered or cancelled) is past its planned delivery by more than graceHours. One alert per shipment; it resolves when the shipment is delivered, cancelled or archived, or its planned delivery moves.',
  params: scope.extend({ graceHours: z.number().min(0).max(720).default(0) }).strict(),
  async evaluate({ db, orgId, now, params, openKeys }) {
    const cutoff = new Date(now.getTime() - params.graceHours * 3_600_000);
    const rows = await underWayShipments(db, orgId, params, openShipmentIds(openKeys), (q) =>
      q.where('planned_delivery_at', '<', cutoff),
    );
    const findings: Finding[] = rows.map((row) => {
      const planned = toDate(row.planned_delivery_at as Date | string);
      const hoursLate = hoursBetween(planned, now);
      return {
        key: shipmentKey(Number(row.id)),
        subject: `Shipment ${row.reference} is late: planned delivery ${planned.toISOString()}, ${hoursLate} h ago (${row.status})`,
        evidence: {
          shipmentId: Number(row.id),
          reference: row.reference,
          status: row.status,
          carrierId: row.carrier_id === null ? null : Number(row.carrier_id),
          mode: row.mode,
          plannedDeliveryAt: planned.toISOString(),
          hoursLate,
          links: links(Number(row.id)),
        },
      };
    });
    return capNew(findings, openKeys);
  },
});

export const shipmentStale = defineRuleType({
  type: 'shipment_stale',
  label: 'No update',
  description:
    'A shipment under way has had no tracking event (by the time it happened) and no change for `hours` hours. One alert per shipment; it resolves when the shipment is heard from, delivered, cancelled or archived.',
  params: scope.extend({ hours: z.number().min(1).max(720) }).strict(),
  async evaluate({ db, orgId, now, params, openKeys }) {
    const cutoff = new Date(now.getTime() - params.hours * 3_600_000);
    const rows = await underWayShipments(db, orgId, params, openShipmentIds(openKeys), (q) =>
      q
        .where('updated_at', '<', cutoff)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('tracking_events as e')
                .select(sql`1`.as('one'))
                .where('e.org_id', '=', orgId)
                .whereRef('e.shipment_id', '=', 'shipments.id')
                .where('e.occurred_at', '>=', cutoff),
            ),
          ),
        ),
    );
    const lastEvents = await latestEventTimes(
      db,
      orgId,
      rows.map((r) => Number(r.id)),
    );
    const findings: Finding[] = rows.map((row) => {
      const id = Number(row.id);
      const lastEvent = lastEvents.get(id) ?? null;
      const updated = toDate(row.updated_at);
      const lastHeard = lastEvent && lastEvent > updated ? lastEvent : updated;
      const silentHours = hoursBetween(lastHeard, now);
      return {
        key: shipmentKey(id),
        subject: `Shipment ${row.reference} has had no update for ${silentHours} h (${row.status})`,
        evidence: {
          shipmentId: id,
          reference: row.reference,
          status: row.status,
          carrierId: row.carrier_id === null ? null : Number(row.carrier_id),
          lastEventAt: lastEvent?.toISOString() ?? null,
          updatedAt: updated.toISOString(),
          silentHours,
          links: links(id),
        },
      };
    });
    return capNew(findings, openKeys);
  },
});

async function latestEventTimes(db: Kysely<DB>, orgId: number, ids: readonly number[]) {
  const times = new Map<number, Date>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const rows = await db
      .selectFrom('tracking_events')
      .select(['shipment_id', (eb) => eb.fn.max('occurred_at').as('last')])
      .where('org_id', '=', orgId)
      .where('shipment_id', 'in', ids.slice(i, i + ID_CHUNK))
      .groupBy('shipment_id')
      .execute();
    for (const row of rows)
      if (row.last !== null) times.set(Number(row.shipment_id), toDate(row.last as Date | string));
  }
  return times;
}

/**
 * Delay risk: a shipment under way whose latest prediction by the active delay-risk model
 * (issue #10) is at or above `threshold`. It resolves when a new prediction falls below it or the
 * shipment is delivered, cancelled or archived (delivered ones lose their prediction).
 */
export const delayRisk = defineRuleType({
  type: 'delay_risk',
  label: 'Delay risk',
  description:
    'A shipment under way whose predicted probability of arriving late (the delay-risk model, retrained weekly) is at or above `threshold`. One alert per shipment; it resolves when a new prediction is below the threshold, or the shipment is delivered, cancelled or archived.',
  params: scope.extend({ threshold: z.number().min(0.01).max(1) }).strict(),
  async evaluate({ db, orgId, params, openKeys }) {
    const rows = await underWayShipments(db, orgId, params, openShipmentIds(openKeys), (q) =>
      q.where('id', 'in', (eb) =>
        eb
          .selectFrom('shipment_delay_risks as r')
          .select('r.shipment_id')
          .where('r.org_id', '=', orgId)
          .where('r.probability', '>=', params.threshold),
      ),
    );
    const ids = rows.map((r) => Number(r.id));
    const risks = new Map<number, { probability: number; baseline: number; factors: string }>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = await db
        .selectFrom('shipment_delay_risks')
        .select(['shipment_id', 'probability', 'baseline', 'factors'])
        .where('org_id', '=', orgId)
        .where('shipment_id', 'in', ids.slice(i, i + ID_CHUNK))
        .execute();
      for (const r of chunk)
        risks.set(Number(r.shipment_id), {
          probability: Number(r.probability),
          baseline: Number(r.baseline),
          factors: r.factors,
        });
    }
    const percent = (p: number) => `${Math.round(p * 100)} %`;
    const findings: Finding[] = rows.flatMap((row) => {
      const risk = risks.get(Number(row.id));
      if (!risk) return [];
      return [
        {
          key: shipmentKey(Number(row.id)),
          subject: `Shipment ${row.reference} may arrive late: ${percent(risk.probability)} risk (the carrier's usual on this lane: ${percent(risk.baseline)})`,
          evidence: {
            shipmentId: Number(row.id),
            reference: row.reference,
            status: row.status,
            carrierId: row.carrier_id === null ? null : Number(row.carrier_id),
            probability: risk.probability,
            baseline: risk.baseline,
            factors: JSON.parse(risk.factors) as unknown,
            links: [
              ...links(Number(row.id)),
              { rel: 'delay-risk', href: `/api/v1/shipments/${row.id}/delay-risk` },
            ],
          },
        },
      ];
    });
    return capNew(findings, openKeys);
  },
});

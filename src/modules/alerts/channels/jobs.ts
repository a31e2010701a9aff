import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AlertsConfig } from '../../../config.js';
import type { DB } from '../../../db/types.js';
import { defineJob, type JobContext } from '../../jobs/index.js';
import { digestMessage, type StoredMessage } from './messages.js';
import { deliveryError, sendMessage } from './send.js';

/**
 * Deliveries go out as jobs (ADR 0021): one job per delivery, retried with backoff by the job
 * queue; after the last attempt the delivery is dead (the dead letters of GET
 * /alert-channels/{id}/deliveries) and so is its job. Digests go out once per period per channel.
 */

export const DELIVER_JOB = 'alerts.deliver';
export const DIGEST_JOB = 'alerts.digest';
// The most attempts a channel may ask for (its max_attempts, default 6).
const ATTEMPTS = 10;

/** The delivery job's type and payload (what enqueueing needs; the handler needs the settings). */
export const deliverAlertJob = {
  type: DELIVER_JOB,
  payload: z.object({ deliveryId: z.number().int().positive() }).strict(),
  maxAttempts: ATTEMPTS,
};

/** Sends one delivery (a job attempt). */
async function deliver(
  { db, payload, attempt, orgId }: JobContext<z.output<typeof deliverAlertJob.payload>>,
  alertsConfig: AlertsConfig,
) {
  const delivery = await db
    .selectFrom('alert_deliveries')
    .selectAll()
    .where('id', '=', payload.deliveryId)
    .where('org_id', '=', orgId ?? 0)
    .executeTakeFirst();
  // Sent by an earlier attempt whose job outcome was lost, or no longer there: nothing to do.
  if (delivery?.status !== 'pending') return { skipped: delivery?.status ?? 'gone' };
  const channel = await db
    .selectFrom('alert_channels')
    .selectAll()
    .where('id', '=', delivery.channel_id)
    .where('org_id', '=', delivery.org_id)
    .executeTakeFirstOrThrow();
  const now = new Date();
  if (channel.status !== 'active' || channel.archived_at !== null) {
    await mark(db, delivery.id, { status: 'skipped', updated_at: now });
    return { skipped: 'channel' };
  }
  try {
    await sendMessage(alertsConfig, channel, JSON.parse(delivery.payload) as StoredMessage);
  } catch (error) {
    const last = attempt >= Number(channel.max_attempts);
    await mark(db, delivery.id, {
      status: last ? 'dead' : 'pending',
      attempts: attempt,
      last_error: deliveryError(error),
      updated_at: new Date(),
    });
    throw error;
  }
  await mark(db, delivery.id, {
    status: 'sent',
    attempts: attempt,
    sent_at: new Date(),
    updated_at: new Date(),
  });
  return { sent: delivery.id };
}

async function mark(
  db: Kysely<DB>,
  id: number,
  changes: {
    status: 'pending' | 'sent' | 'dead' | 'skipped';
    attempts?: number;
    last_error?: string;
    sent_at?: Date;
    updated_at: Date;
  },
) {
  await db.updateTable('alert_deliveries').set(changes).where('id', '=', id).execute();
}

const periodMs = { hourly: 3_600_000, daily: 86_400_000 } as const;
// A schedule tick a little early still counts as a new period.
const EARLY_MS = 5 * 60_000;
const DIGEST_ITEMS = 500;

/** Sends every digest channel whose period has passed one message with what it collected. */
export async function sendDigests(db: Kysely<DB>, config: AlertsConfig, now: Date) {
  const channels = await db
    .selectFrom('alert_channels')
    .selectAll()
    .where('digest', '!=', 'off')
    .where('status', '=', 'active')
    .where('archived_at', 'is', null)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const channel of channels) {
    const period = periodMs[channel.digest as keyof typeof periodMs];
    const last = channel.last_digest_at === null ? 0 : new Date(channel.last_digest_at).getTime();
    if (now.getTime() - last < period - EARLY_MS) continue;
    const entries = await db
      .selectFrom('alert_deliveries')
      .select(['id', 'payload'])
      .where('org_id', '=', channel.org_id)
      .where('channel_id', '=', channel.id)
      .where('status', '=', 'digest')
      .orderBy('id')
      .limit(DIGEST_ITEMS)
      .execute();
    if (entries.length === 0) continue;
    try {
      await sendMessage(config, channel, digestMessage(entries, channel.name));
    } catch (error) {
      failed++;
      // Kept for the next tick; the error shows on each entry.
      await db
        .updateTable('alert_deliveries')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: deliveryError(error),
          updated_at: now,
        }))
        .where(
          'id',
          'in',
          entries.map((e) => e.id),
        )
        .execute();
      continue;
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('alert_deliveries')
        .set((eb) => ({ status: 'sent', sent_at: now, attempts: eb('attempts', '+', 1), updated_at: now }))
        .where(
          'id',
          'in',
          entries.map((e) => e.id),
        )
        .execute();
      await trx
        .updateTable('alert_channels')
        .set({ last_digest_at: now })
        .where('id', '=', channel.id)
        .execute();
    });
    sent++;
  }
  return { sent, failed };
}

/** The job types of alert channels, bound to the installation's channel settings. */
export function alertChannelJobs(config: AlertsConfig) {
  return [
    defineJob({
      ...deliverAlertJob,
      backoff: { baseMs: 1_000, maxMs: 300_000 },
      handle: (context) => deliver(context, config),
    }),
    defineJob({
      type: DIGEST_JOB,
      payload: z.object({}).strict(),
      maxAttempts: 3,
      async handle({ db }) {
        return sendDigests(db, config, new Date());
      },
    }),
  ];
}

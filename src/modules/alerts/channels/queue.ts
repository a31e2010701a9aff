import type { Kysely } from 'kysely';
import { insertOne } from '../../../db/bulk.js';
import type { AlertSeverity, DB, Row } from '../../../db/types.js';
import { enqueueWithin } from '../../jobs/index.js';
import type { RuleSummary } from '../mapping.js';
import { deliverAlertJob } from './jobs.js';
import { alertMessage } from './messages.js';

/**
 * Which channels are told of which alert changes (ADR 0021), decided in the transaction that
 * makes the change, so a delivery exists exactly when its change does. A delivery that goes out
 * at once gets its job in the same transaction; a digest channel's waits for its digest.
 */

type AlertRow = Row<'alerts'>;
type Change = 'opened' | 'updated' | 'resolved';

const rank: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** Whether a change is news to the channels: nothing while snoozed, no repeats once acknowledged. */
function told(change: Change, alert: AlertRow, now: Date): boolean {
  if (alert.snoozed_until !== null && new Date(alert.snoozed_until).getTime() > now.getTime()) return false;
  return !(change === 'updated' && alert.acknowledged_at !== null);
}

export async function queueDeliveries(
  trx: Kysely<DB>,
  orgId: number,
  changes: readonly { readonly change: Change; readonly alert: AlertRow; readonly rule: RuleSummary }[],
  now: Date,
): Promise<number> {
  const news = changes.filter((c) => told(c.change, c.alert, now));
  if (news.length === 0) return 0;
  const channels = await trx
    .selectFrom('alert_channels')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .where('archived_at', 'is', null)
    .execute();
  // One message per change, whichever channels it goes to.
  const messages = news.map(({ change, alert, rule }) => {
    const message = alertMessage(change, alert, rule);
    return JSON.stringify({ json: message.json, subject: message.subject, text: message.text });
  });
  let queued = 0;
  for (const channel of channels) {
    for (const [i, { change, alert }] of news.entries()) {
      if (rank[alert.severity] < rank[channel.min_severity]) continue;
      const immediate = channel.digest === 'off';
      const deliveryId = await insertOne(trx, 'alert_deliveries', {
        org_id: orgId,
        channel_id: Number(channel.id),
        alert_id: Number(alert.id),
        change,
        status: immediate ? 'pending' : 'digest',
        payload: messages[i] as string,
        last_error: null,
        sent_at: null,
        created_at: now,
        updated_at: now,
      });
      if (immediate) {
        await enqueueWithin(
          trx,
          deliverAlertJob,
          { deliveryId },
          { orgId, createdBy: 'system', maxAttempts: Number(channel.max_attempts) },
        );
      }
      queued++;
    }
  }
  return queued;
}

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AlertsConfig } from '../../../config.js';
import { insertOne } from '../../../db/bulk.js';
import { constraintViolation } from '../../../db/errors.js';
import { type ListRequest, listAnswer } from '../../../db/keyset.js';
import { type DB, type Row, toIsoString } from '../../../db/types.js';
import { AppError } from '../../../lib/errors.js';
import { recordAudit } from '../../audit/index.js';
import { type Caller, callerKey } from '../../auth/index.js';
import { vetOutboundUrl } from '../../imports/index.js';
import { type ChannelCreate, channelSorts, deliverySorts } from './schema.js';

/** Alert channels of the caller's organization: create (a webhook's secret shown once), list, archive, deliveries. */

type ChannelRow = Row<'alert_channels'>;

function channelToApi(row: ChannelRow) {
  const config = JSON.parse(row.config) as { url?: string; to?: string[] };
  return {
    id: Number(row.id),
    name: row.name,
    kind: row.kind,
    webhook: row.kind === 'webhook' ? { url: config.url ?? '' } : null,
    email: row.kind === 'email' ? { to: config.to ?? [] } : null,
    minSeverity: row.min_severity,
    digest: row.digest,
    status: row.status,
    maxAttempts: Number(row.max_attempts),
    lastDigestAt: toIsoString(row.last_digest_at),
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
  };
}

function deliveryToApi(row: Row<'alert_deliveries'>) {
  return {
    id: Number(row.id),
    channelId: Number(row.channel_id),
    alertId: Number(row.alert_id),
    change: row.change,
    status: row.status,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    sentAt: toIsoString(row.sent_at),
    createdAt: toIsoString(row.created_at),
  };
}

const manage = (caller: Caller) => {
  if (!caller.has('alerts:manage')) {
    throw new AppError('AUTH_FORBIDDEN', 'Alert channels need the "alerts:manage" permission.');
  }
};

export async function createChannel(
  db: Kysely<DB>,
  config: AlertsConfig,
  caller: Caller,
  body: ChannelCreate,
) {
  manage(caller);
  let settings: { url: string } | { to: string[] };
  let secret: string | null = null;
  if (body.kind === 'webhook') {
    // Vetted now (so a wrong URL is refused at once) and again at each delivery (DNS changes).
    try {
      await vetOutboundUrl(body.webhook.url, {
        allowHosts: config.allowHosts,
        allowHttp: true,
        timeoutMs: 5_000,
      });
    } catch (error) {
      if (
        error instanceof AppError &&
        (error.code === 'IMPORT_URL_REFUSED' || error.code === 'IMPORT_URL_FAILED')
      ) {
        throw new AppError(
          'ALERT_CHANNEL_URL_REFUSED',
          error.message
            .replaceAll('can be imported', 'are allowed')
            .replaceAll('imports never reach', 'webhooks never reach'),
        );
      }
      throw error;
    }
    settings = { url: body.webhook.url };
    secret = `lwas_${randomBytes(32).toString('base64url')}`;
  } else {
    if (!config.smtpUrl) {
      throw new AppError(
        'ALERT_CHANNEL_UNAVAILABLE',
        'E-mail channels need an SMTP server: set LANEWISE_SMTP_URL.',
      );
    }
    settings = { to: body.email.to };
  }
  const now = new Date();
  const row = {
    org_id: caller.orgId,
    name: body.name,
    kind: body.kind,
    config: JSON.stringify(settings),
    secret,
    min_severity: body.minSeverity,
    digest: body.digest,
    status: 'active' as const,
    max_attempts: body.maxAttempts,
    last_digest_at: null,
    archived_at: null,
    created_by: callerKey(caller),
    created_at: now,
    updated_at: now,
  };
  try {
    const id = await db.transaction().execute(async (trx) => {
      const inserted = await insertOne(trx, 'alert_channels', row);
      await recordAudit(trx, {
        orgId: caller.orgId,
        actor: caller.actor,
        action: 'alerts.channel_created',
        target: { type: 'alert_channel', id: inserted },
      });
      return inserted;
    });
    return { ...channelToApi({ ...row, id }), secret };
  } catch (error) {
    if (constraintViolation(error) === 'unique') {
      throw new AppError(
        'ALERT_CHANNEL_NAME_TAKEN',
        `An alert channel named "${body.name}" exists; choose another name.`,
      );
    }
    throw error;
  }
}

async function findChannel(db: Kysely<DB>, orgId: number, id: number): Promise<ChannelRow> {
  const row = await db
    .selectFrom('alert_channels')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('RESOURCE_NOT_FOUND', `No alert channel with id ${id}.`);
  return row;
}

export async function getChannel(db: Kysely<DB>, orgId: number, id: number) {
  return channelToApi(await findChannel(db, orgId, id));
}

export function listChannels(db: Kysely<DB>, orgId: number, q: ListRequest) {
  const query = db
    .selectFrom('alert_channels')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null);
  return listAnswer(query, q, channelSorts, channelToApi);
}

/** Archives the channel: nothing more is sent to it (pending deliveries are skipped). */
export async function archiveChannel(db: Kysely<DB>, caller: Caller, id: number): Promise<void> {
  manage(caller);
  await findChannel(db, caller.orgId, id);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('alert_channels')
      .set({ archived_at: new Date(), updated_at: new Date() })
      .where('org_id', '=', caller.orgId)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      orgId: caller.orgId,
      actor: caller.actor,
      action: 'alerts.channel_archived',
      target: { type: 'alert_channel', id },
    });
  });
}

/** What the channel was told, newest first: sent, waiting, and the dead letters with their last error. */
export async function listDeliveries(
  db: Kysely<DB>,
  orgId: number,
  channelId: number,
  q: ListRequest & { readonly status?: Row<'alert_deliveries'>['status'] | undefined },
) {
  await findChannel(db, orgId, channelId);
  let query = db
    .selectFrom('alert_deliveries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('channel_id', '=', channelId);
  if (q.status) query = query.where('status', '=', q.status);
  return listAnswer(query, q, deliverySorts, deliveryToApi);
}

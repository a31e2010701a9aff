import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.js';
import { AppError } from '../../../lib/errors.js';
import { noRequest, type RequestMeta, recordAudit } from '../../audit/index.js';
import { type Caller, callerKey } from '../../auth/index.js';
import type { JobQueue } from '../../jobs/index.js';
import { bumpDataVersion } from '../versions.js';
import {
  findSettings,
  hasShipmentsToRederive,
  lockOrganization,
  markShipmentsForRederivation,
  type SettingsRow,
  updateSettings,
} from './repository.js';
import type { ReportingSettingsAnswer, SettingsPatch, SettingsPatchResult } from './schema.js';

/** The job of the shipments module that derives shipment days again (in the current zone). */
export const REDERIVE_JOB = 'shipments.rederive';

/** The organization's reporting currency and time zone. */
export interface ReportingSettings {
  readonly currency: string;
  readonly timezone: string;
}

/** The reporting currency and time zone of an organization (for the modules that derive or convert). */
export async function reportingSettingsOf(db: Kysely<DB>, orgId: number): Promise<ReportingSettings> {
  const row = await findSettings(db, orgId);
  if (!row) throw new Error(`no organization ${orgId}`);
  return { currency: row.reporting_currency, timezone: row.reporting_timezone };
}

const toApi = (row: SettingsRow): ReportingSettingsAnswer => ({
  reportingCurrency: row.reporting_currency,
  reportingTimezone: row.reporting_timezone,
});

/** The settings as GET /analytics/settings answers them. */
export async function getReportingSettings(db: Kysely<DB>, orgId: number): Promise<ReportingSettingsAnswer> {
  const row = await findSettings(db, orgId);
  if (!row) throw new Error(`no organization ${orgId}`);
  return toApi(row);
}

/**
 * Changes the reporting currency and/or time zone, audited. Ship and delivery days are derived
 * in the zone, so a new zone marks every shipment of the organization for re-derivation in the
 * same transaction (queries answer from the raw tables, with a note, until the job is done). A
 * new currency needs no backfill (amounts are converted when queried). Either bumps the data
 * version.
 *
 * The job is enqueued after the commit: the queue writes on its own connection (on SQLite, the
 * one connection this transaction holds), and a job enqueued before the commit could run and
 * find nothing marked. If the enqueue fails, the marks stay: the shipments module's startup
 * check enqueues the job for any organization with such rows, and sending the same PATCH again
 * enqueues it too, since a request that names the zone enqueues whenever shipments wait for
 * re-derivation (the dedupe key keeps it to one job).
 */
export async function patchReportingSettings(
  db: Kysely<DB>,
  jobs: JobQueue,
  caller: Caller,
  input: SettingsPatch,
  meta: RequestMeta = noRequest,
): Promise<SettingsPatchResult> {
  if (!caller.has('analytics:manage')) {
    throw new AppError(
      'AUTH_FORBIDDEN',
      'Changing reporting settings needs the analytics:manage permission.',
    );
  }
  const { orgId } = caller;
  const after = await db.transaction().execute(async (trx) => {
    const before = await lockOrganization(trx, orgId);
    if (!before) throw new Error(`no organization ${orgId}`);
    const next: SettingsRow = {
      reporting_currency: input.reportingCurrency ?? before.reporting_currency,
      reporting_timezone: input.reportingTimezone ?? before.reporting_timezone,
    };
    const changes = {
      ...(next.reporting_currency === before.reporting_currency
        ? {}
        : { reporting_currency: next.reporting_currency }),
      ...(next.reporting_timezone === before.reporting_timezone
        ? {}
        : { reporting_timezone: next.reporting_timezone }),
    };
    if (Object.keys(changes).length === 0) return next;

    await updateSettings(trx, orgId, changes);
    const marked =
      changes.reporting_timezone === undefined ? 0 : await markShipmentsForRederivation(trx, orgId);
    await bumpDataVersion(trx, orgId);
    await recordAudit(trx, {
      orgId,
      actor: caller.actor,
      action: 'analytics.settings_changed',
      target: { type: 'organization', id: orgId },
      details: { before: toApi(before), after: toApi(next), shipmentsToRederive: marked },
      meta,
    });
    return next;
  });

  let rederivation: SettingsPatchResult['rederivation'] = null;
  if (input.reportingTimezone !== undefined && (await hasShipmentsToRederive(db, orgId))) {
    const { job } = await jobs.enqueue(
      REDERIVE_JOB,
      {},
      { orgId, dedupeKey: 'rederive', createdBy: callerKey(caller) },
    );
    rederivation = { jobId: job.id };
  }
  return { ...toApi(after), rederivation };
}

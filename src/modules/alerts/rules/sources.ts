import { z } from 'zod';
import { toDate } from '../../../db/types.js';
import { capNew, defineRuleType, type Finding, hoursBetween } from './types.js';

/**
 * Rules on where data comes from: a feed that has gone quiet, an import that failed or left too
 * much in quarantine.
 */

export const feedSilent = defineRuleType({
  type: 'feed_silent',
  label: 'Feed silent',
  description:
    'A feed (webhook or MQTT) has received no event for `hours` hours (counted from its creation while it never has). One alert per feed; it resolves when events arrive again or the feed is archived.',
  params: z
    .object({
      hours: z.number().min(0.25).max(720),
      feedIds: z.array(z.number().int().positive()).min(1).max(100).optional(),
    })
    .strict(),
  async evaluate({ db, orgId, now, params, openKeys }) {
    const cutoff = new Date(now.getTime() - params.hours * 3_600_000);
    let q = db
      .selectFrom('feeds')
      .select(['id', 'name', 'kind', 'last_event_at', 'created_at', 'events_received'])
      .where('org_id', '=', orgId)
      .where('archived_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('last_event_at', '<', cutoff),
          eb.and([eb('last_event_at', 'is', null), eb('created_at', '<', cutoff)]),
        ]),
      );
    if (params.feedIds) q = q.where('id', 'in', params.feedIds);
    const findings: Finding[] = (await q.orderBy('id').execute()).map((feed) => {
      const last = feed.last_event_at === null ? null : toDate(feed.last_event_at);
      const since = last ?? toDate(feed.created_at);
      const silentHours = hoursBetween(since, now);
      return {
        key: `feed:${feed.id}`,
        subject:
          last === null
            ? `Feed ${feed.name} has received no event since it was created ${silentHours} h ago`
            : `Feed ${feed.name} has been silent for ${silentHours} h (last event ${last.toISOString()})`,
        evidence: {
          feedId: Number(feed.id),
          feed: feed.name,
          lastEventAt: last?.toISOString() ?? null,
          eventsReceived: Number(feed.events_received),
          silentHours,
          links: [
            { rel: 'feed', href: `/api/v1/feeds/${feed.id}` },
            { rel: 'events', href: `/api/v1/feeds/${feed.id}/events` },
          ],
        },
      };
    });
    return capNew(findings, openKeys);
  },
});

export const sourceSilent = defineRuleType({
  type: 'source_silent',
  label: 'Source silent',
  description:
    'An import source (the `source` of the mappings its files are loaded with: a TMS export, an ERP extract) has had no import run for `hours` hours. Every source that has ever been imported, or the `sources` named. One alert per source; it resolves when a run of it starts.',
  params: z
    .object({
      hours: z
        .number()
        .min(1)
        .max(24 * 90),
      sources: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
    })
    .strict(),
  async evaluate({ db, orgId, now, params, openKeys }) {
    const cutoff = new Date(now.getTime() - params.hours * 3_600_000);
    let q = db
      .selectFrom('import_runs')
      .select([
        'source',
        (eb) => eb.fn.max('created_at').as('last'),
        (eb) => eb.fn.countAll<number>().as('runs'),
      ])
      .where('org_id', '=', orgId)
      .groupBy('source');
    if (params.sources) q = q.where('source', 'in', params.sources);
    const findings: Finding[] = [];
    for (const row of await q.orderBy('source').execute()) {
      const last = toDate(row.last as Date | string);
      if (last >= cutoff) continue;
      const silentHours = hoursBetween(last, now);
      findings.push({
        key: `source:${row.source}`,
        subject: `Source ${row.source} has had no import for ${silentHours} h (last run ${last.toISOString()})`,
        evidence: {
          source: row.source,
          lastRunAt: last.toISOString(),
          runs: Number(row.runs),
          silentHours,
          links: [{ rel: 'quality', href: '/api/v1/imports/quality' }],
        },
      });
    }
    return capNew(findings, openKeys);
  },
});

export const importFailed = defineRuleType({
  type: 'import_failed',
  label: 'Import failed',
  description:
    'An import run created in the last `withinHours` hours failed, or finished with more than `quarantinePercent` % of its records in quarantine (still open). One alert per run; it resolves when the run is retried and succeeds, or its quarantine is loaded or discarded below the threshold.',
  params: z
    .object({
      quarantinePercent: z.number().min(0).max(100).default(5),
      withinHours: z.number().min(1).max(720).default(72),
    })
    .strict(),
  async evaluate({ db, orgId, now, params, openKeys }) {
    const cutoff = new Date(now.getTime() - params.withinHours * 3_600_000);
    const openIds = openKeys.flatMap((key) => (key.startsWith('run:') ? [Number(key.slice(4))] : []));
    const runs = await db
      .selectFrom('import_runs as r')
      .leftJoin('import_mappings as m', 'm.id', 'r.mapping_id')
      .select([
        'r.id',
        'r.status',
        'r.source',
        'r.read_rows',
        'r.error_code',
        'r.error_message',
        'r.finished_at',
        'm.name as mapping',
        (eb) =>
          eb
            .selectFrom('import_quarantine as q')
            .select((q) => q.fn.countAll<number>().as('n'))
            .where('q.org_id', '=', orgId)
            .whereRef('q.run_id', '=', 'r.id')
            .where('q.status', '=', 'open')
            .as('open_quarantine'),
      ])
      .where('r.org_id', '=', orgId)
      .where('r.status', 'in', ['failed', 'succeeded'])
      .where((eb) =>
        openIds.length > 0
          ? eb.or([eb('r.created_at', '>=', cutoff), eb('r.id', 'in', openIds)])
          : eb('r.created_at', '>=', cutoff),
      )
      .orderBy('r.id')
      .limit(5_000)
      .execute();
    const findings: Finding[] = [];
    for (const run of runs) {
      const read = Number(run.read_rows);
      const quarantined = Number(run.open_quarantine ?? 0);
      const percent = read === 0 ? 0 : Math.round((quarantined / read) * 1000) / 10;
      const failed = run.status === 'failed';
      if (!failed && !(quarantined > 0 && percent > params.quarantinePercent)) continue;
      const name = run.mapping ?? run.source;
      findings.push({
        key: `run:${run.id}`,
        subject: failed
          ? `Import run ${run.id} (${name}) failed: ${run.error_message ?? run.error_code ?? 'no reason given'}`
          : `Import run ${run.id} (${name}) left ${quarantined} of ${read} records (${percent} %) in quarantine`,
        evidence: {
          runId: Number(run.id),
          mapping: run.mapping,
          status: run.status,
          readRows: read,
          openQuarantine: quarantined,
          quarantinePercent: percent,
          errorCode: run.error_code,
          links: [
            { rel: 'run', href: `/api/v1/imports/runs/${run.id}` },
            { rel: 'quarantine', href: `/api/v1/imports/runs/${run.id}/quarantine` },
          ],
        },
      });
    }
    return capNew(findings, openKeys);
  },
});

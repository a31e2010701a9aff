import { Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../lib/errors.js';
import {
  activeRules,
  actOnAlert,
  channelCreate,
  createChannel,
  createRule,
  evaluateRule,
  listAlerts,
  listChannels,
  listRules,
  ruleCreate,
} from '../modules/alerts/index.js';
import { systemCaller } from '../modules/auth/index.js';
import {
  configFrom,
  jsonOption,
  type OrgCommandOptions,
  orgIdOf,
  orgOption,
  say,
  withDatabase,
  withDatabaseOption,
} from './context.js';

/**
 * `lanewise alerts rules|create-rule|evaluate|list|ack|resolve`: alert rules and alerts
 * (issue #12) as the installation's operator, for scripts and for a first look without the API.
 */

type Common = OrgCommandOptions;

function positiveId(what: string) {
  return (value: string): number => {
    if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new InvalidArgumentError(`must be ${what} id`);
    return Number(value);
  };
}

export function alertsCommand(): Command {
  const alerts = new Command('alerts').description('Alert rules and the alerts they raise');

  alerts.addCommand(
    withDatabaseOption(new Command('rules'))
      .description('List the alert rules with what their last evaluation found')
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (o: Common) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const page = await listRules(db, await orgIdOf(db, o.org), {
            sort: 'name',
            limit: 500,
            includeTotal: false,
          });
          if (o.json) return say(JSON.stringify(page.data, null, 2));
          if (page.data.length === 0) return say('No alert rules.');
          for (const r of page.data) {
            const last = r.lastOutcome;
            const found =
              last === null
                ? 'never evaluated'
                : last.error
                  ? `failed: ${last.error.message}`
                  : `${last.findings} holding`;
            say(`${r.id}\t${r.name}\t${r.type}\t${r.severity}\t${r.status}\t${found}`);
          }
        });
      }),
  );

  alerts.addCommand(
    withDatabaseOption(new Command('create-rule'))
      .description('Create an alert rule')
      .argument('<name>', 'a name for the rule (unique in the organization)')
      .requiredOption(
        '--type <type>',
        'shipment_late, shipment_stale, stockout_projected, import_failed, feed_silent or metric_threshold',
      )
      .option('--params <json>', 'the parameters of the type, as JSON', '{}')
      .addOption(
        new Option('--severity <severity>').choices(['info', 'warning', 'critical']).default('warning'),
      )
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (name: string, o: Common & { type: string; params: string; severity: string }) => {
        let params: unknown;
        try {
          params = JSON.parse(o.params);
        } catch (error) {
          throw new AppError('REQUEST_INVALID', `--params: ${(error as Error).message}`);
        }
        const input = ruleCreate.safeParse({ name, type: o.type, params, severity: o.severity });
        if (!input.success) {
          const problems = input.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`);
          throw new AppError('REQUEST_INVALID', `The rule is invalid: ${problems.join('; ')}.`);
        }
        await withDatabase(configFrom(o), { migrate: true }, async ({ db }) => {
          const rule = await createRule(db, systemCaller(await orgIdOf(db, o.org)), input.data);
          if (o.json) return say(JSON.stringify(rule, null, 2));
          say(
            `Rule ${rule.id} "${rule.name}" (${rule.type}, ${rule.severity}) created; it is evaluated every 5 minutes.`,
          );
        });
      }),
  );

  alerts.addCommand(
    withDatabaseOption(new Command('evaluate'))
      .description("Evaluate the organization's active rules now (or one rule) and print what changed")
      .option('--rule <id>', 'only this rule', positiveId('a rule'))
      .addOption(orgOption())
      .action(async (o: Common & { rule?: number }) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const orgId = await orgIdOf(db, o.org);
          const rules = (await activeRules(db, { orgId })).filter(
            (r) => o.rule === undefined || r.id === o.rule,
          );
          if (o.rule !== undefined && rules.length === 0) {
            throw new AppError('RESOURCE_NOT_FOUND', `No active alert rule with id ${o.rule}.`);
          }
          for (const rule of rules) {
            const { outcome } = await evaluateRule(db, rule, new Date());
            say(
              outcome.error
                ? `${rule.name}: failed (${outcome.error.code}): ${outcome.error.message}`
                : `${rule.name}: ${outcome.findings} holding, ${outcome.opened} opened, ${outcome.updated} updated, ${outcome.resolved} resolved`,
            );
          }
        });
      }),
  );

  alerts.addCommand(
    withDatabaseOption(new Command('list'))
      .description('List alerts, newest first')
      .addOption(new Option('--state <state>').choices(['open', 'acknowledged', 'snoozed', 'resolved']))
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (o: Common & { state?: 'open' | 'acknowledged' | 'snoozed' | 'resolved' }) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const page = await listAlerts(db, await orgIdOf(db, o.org), {
            sort: '-createdAt',
            limit: 200,
            includeTotal: false,
            ...(o.state ? { state: o.state } : {}),
          });
          if (o.json) return say(JSON.stringify(page.data, null, 2));
          if (page.data.length === 0) return say('No alerts.');
          for (const a of page.data) say(`${a.id}\t${a.state}\t${a.severity}\t${a.rule.name}\t${a.subject}`);
        });
      }),
  );

  alerts.addCommand(
    withDatabaseOption(new Command('channels'))
      .description('List the alert channels')
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (o: Common) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const page = await listChannels(db, await orgIdOf(db, o.org), {
            sort: 'name',
            limit: 500,
            includeTotal: false,
          });
          if (o.json) return say(JSON.stringify(page.data, null, 2));
          if (page.data.length === 0) return say('No alert channels.');
          for (const c of page.data) {
            const where = c.webhook?.url ?? c.email?.to.join(', ') ?? '';
            say(`${c.id}\t${c.name}\t${c.kind}\t${where}\t${c.minSeverity} and up\tdigest ${c.digest}`);
          }
        });
      }),
  );

  alerts.addCommand(
    withDatabaseOption(new Command('create-channel'))
      .description(
        'Create an alert channel: a webhook (prints its signing secret, once) or e-mail recipients',
      )
      .argument('<name>', 'a name for the channel (unique in the organization)')
      .option('--webhook <url>', 'POST each alert change, signed, to this URL')
      .option('--email <addresses>', 'comma-separated recipients (needs LANEWISE_SMTP_URL)')
      .addOption(
        new Option('--min-severity <severity>').choices(['info', 'warning', 'critical']).default('warning'),
      )
      .addOption(new Option('--digest <period>').choices(['off', 'hourly', 'daily']).default('off'))
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(
        async (
          name: string,
          o: Common & { webhook?: string; email?: string; minSeverity: string; digest: string },
        ) => {
          if ((o.webhook === undefined) === (o.email === undefined)) {
            throw new AppError('REQUEST_INVALID', 'Give either --webhook URL or --email ADDRESSES.');
          }
          const input = channelCreate.safeParse({
            name,
            minSeverity: o.minSeverity,
            digest: o.digest,
            ...(o.webhook !== undefined
              ? { kind: 'webhook', webhook: { url: o.webhook } }
              : { kind: 'email', email: { to: (o.email ?? '').split(',').map((a) => a.trim()) } }),
          });
          if (!input.success) {
            const problems = input.error.issues.map((i) => `${i.path.join('.') || 'channel'}: ${i.message}`);
            throw new AppError('REQUEST_INVALID', `The channel is invalid: ${problems.join('; ')}.`);
          }
          const config = configFrom(o);
          await withDatabase(config, { migrate: true }, async ({ db }) => {
            const channel = await createChannel(
              db,
              config.alerts,
              systemCaller(await orgIdOf(db, o.org)),
              input.data,
            );
            if (o.json) return say(JSON.stringify(channel, null, 2));
            say(`Channel ${channel.id} "${channel.name}" (${channel.kind}) created.`);
            if (channel.secret)
              say(`Signing secret (shown only now; HMAC-SHA256 over <timestamp>.<body>): ${channel.secret}`);
          });
        },
      ),
  );

  for (const [verb, action, done] of [
    ['ack', 'acknowledge', 'acknowledged'],
    ['resolve', 'resolve', 'resolved'],
  ] as const) {
    alerts.addCommand(
      withDatabaseOption(new Command(verb))
        .description(`${action[0]?.toUpperCase()}${action.slice(1)} an alert`)
        .argument('<alert>', 'the alert id', positiveId('an alert'))
        .addOption(orgOption())
        .action(async (id: number, o: Common) => {
          await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
            const alert = await actOnAlert(db, systemCaller(await orgIdOf(db, o.org)), id, { action });
            say(`Alert ${alert.id} ${done}: ${alert.subject}`);
          });
        }),
    );
  }
  return alerts;
}

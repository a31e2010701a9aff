import { Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../lib/errors.js';
import {
  activeRules,
  actOnAlert,
  createRule,
  evaluateRule,
  listAlerts,
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

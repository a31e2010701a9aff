import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../lib/errors.js';
import { systemCaller } from '../modules/auth/index.js';
import {
  createFeed,
  feedCreate,
  listFeedEvents,
  listFeeds,
  replayFeedEvents,
} from '../modules/feeds/index.js';
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
 * `lanewise feeds create|list|events|replay`: webhook feeds (issue #12) as the installation's
 * operator. `create` prints the feed's intake path and its secret — the only time it is shown.
 */

type Common = OrgCommandOptions;

function feedId(value: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new InvalidArgumentError('must be a feed id');
  return Number(value);
}

export function feedsCommand(): Command {
  const feeds = new Command('feeds').description(
    'Create and inspect feeds of tracking events (webhooks, MQTT)',
  );

  feeds.addCommand(
    withDatabaseOption(new Command('create'))
      .description('Create a feed; prints its intake path and secret (shown only now)')
      .argument('<name>', 'a name for the feed (unique in the organization)')
      .addOption(
        new Option('--shape <shape>', 'how payloads become events')
          .choices(['json', 'epcis', 'telemetry'])
          .default('json'),
      )
      .option('--mqtt <url>', 'subscribe to a broker (mqtt:// or mqtts://) instead of taking webhook posts')
      .option('--topic <filter...>', 'an MQTT topic filter (repeat for several; with --mqtt)')
      .option('--username <name>', 'the MQTT user name (with --mqtt)')
      .option(
        '--password-env <variable>',
        'the environment variable holding the MQTT password (never on the command line)',
      )
      .option('--mapping <file>', 'a tracking-events mapping (JSON) instead of the shape’s preset')
      .option('--shipment-source <source>', 'the source of the shipments the events name (default manual)')
      .option('--event-id-path <path>', 'where each event carries its id (default id; EPCIS eventID)')
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(
        async (
          name: string,
          o: Common & {
            shape: 'json' | 'epcis' | 'telemetry';
            mapping?: string;
            shipmentSource?: string;
            eventIdPath?: string;
            mqtt?: string;
            topic?: string[];
            username?: string;
            passwordEnv?: string;
          },
        ) => {
          const password = o.passwordEnv === undefined ? undefined : process.env[o.passwordEnv];
          if (o.passwordEnv !== undefined && password === undefined) {
            throw new AppError('REQUEST_INVALID', `--password-env: ${o.passwordEnv} is not set.`);
          }
          const input = feedCreate.safeParse({
            name,
            shape: o.shape,
            ...(o.mqtt === undefined
              ? {}
              : {
                  kind: 'mqtt',
                  mqtt: {
                    url: o.mqtt,
                    topics: o.topic ?? [],
                    ...(o.username === undefined ? {} : { username: o.username }),
                    ...(password === undefined ? {} : { password }),
                  },
                }),
            ...(o.mapping === undefined ? {} : { mapping: await jsonFile(o.mapping) }),
            ...(o.shipmentSource ? { shipmentSource: o.shipmentSource } : {}),
            ...(o.eventIdPath ? { eventIdPath: o.eventIdPath } : {}),
          });
          if (!input.success) {
            const problems = input.error.issues.map((i) => `${i.path.join('.') || 'feed'}: ${i.message}`);
            throw new AppError('REQUEST_INVALID', `The feed is invalid: ${problems.join('; ')}.`);
          }
          await withDatabase(configFrom(o), { migrate: true }, async ({ db }) => {
            const caller = systemCaller(await orgIdOf(db, o.org));
            const feed = await createFeed(db, caller, input.data, {
              allowHosts: configFrom(o).imports.allowHosts,
            });
            if (o.json) return say(JSON.stringify(feed, null, 2));
            if (feed.kind === 'mqtt') {
              say(
                `Feed ${feed.id} "${feed.name}" (${feed.shape}): subscribes to ${feed.mqtt?.topics.join(', ')} on ${feed.mqtt?.url}`,
              );
              return say('A running worker (lanewise serve or lanewise worker) connects within 30 s.');
            }
            say(`Feed ${feed.id} "${feed.name}" (${feed.shape}): POST ${feed.intakePath}`);
            say(`Secret (shown only now; sign <timestamp>.<body> with HMAC-SHA256): ${feed.secret}`);
            say('Give the sender an API key with the feeds:ingest scope only.');
          });
        },
      ),
  );

  feeds.addCommand(
    withDatabaseOption(new Command('list'))
      .description('List feeds with their counts')
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (o: Common) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const orgId = await orgIdOf(db, o.org);
          const page = await listFeeds(db, orgId, { sort: 'name', limit: 500, includeTotal: false });
          if (o.json) return say(JSON.stringify(page.data, null, 2));
          if (page.data.length === 0) return say('No feeds.');
          for (const f of page.data) {
            say(
              `${f.id}\t${f.name}\t${f.shape}\t${f.eventsReceived} received\t${f.eventsQuarantined} quarantined\tlast ${f.lastEventAt ?? 'never'}`,
            );
          }
        });
      }),
  );

  feeds.addCommand(
    withDatabaseOption(new Command('events'))
      .description("A feed's events, newest first")
      .argument('<feed>', 'the feed id', feedId)
      .option('--quarantined', 'only those waiting for a fix, with their reasons')
      .option(
        '--limit <n>',
        'how many (1–500, default 20)',
        (v) => Math.min(500, Math.max(1, Number(v) || 20)),
        20,
      )
      .addOption(orgOption())
      .addOption(jsonOption())
      .action(async (id: number, o: Common & { quarantined?: boolean; limit: number }) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const orgId = await orgIdOf(db, o.org);
          const page = await listFeedEvents(db, orgId, id, {
            sort: '-receivedAt',
            limit: o.limit,
            includeTotal: false,
            ...(o.quarantined ? { status: 'quarantined' as const } : {}),
          });
          if (o.json) return say(JSON.stringify(page.data, null, 2));
          if (page.data.length === 0) return say('No events.');
          for (const e of page.data) {
            say(`${e.id}\t${e.receivedAt}\t${e.sourceEventId}\t${e.status}`);
            for (const r of e.reasons) say(`  ${r.field}: ${r.message}`);
          }
        });
      }),
  );

  feeds.addCommand(
    withDatabaseOption(new Command('replay'))
      .description("Apply a feed's quarantined events again")
      .argument('<feed>', 'the feed id', feedId)
      .addOption(orgOption())
      .action(async (id: number, o: Common) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const caller = systemCaller(await orgIdOf(db, o.org));
          const r = await replayFeedEvents(db, caller, id, undefined);
          say(`${r.tried} tried: ${r.applied} applied, ${r.quarantined} still quarantined`);
        });
      }),
  );
  return feeds;
}

async function jsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AppError('REQUEST_INVALID', `--mapping ${file}: ${(error as Error).message}`);
  }
}

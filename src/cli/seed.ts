import { Command, InvalidArgumentError } from 'commander';
import { describeTarget } from '../db/url.js';
import { day, instantInput } from '../lib/api-schemas.js';
import { seedDemoCompany } from '../modules/demo/index.js';
import { configFrom, say, withDatabase, withDatabaseOption } from './context.js';

interface SeedCommandOptions {
  databaseUrl?: string;
  shipments?: string;
  seed?: string;
  org?: string;
  name?: string;
  now?: Date;
}

function wholeNumber(value: string): string {
  if (!/^\d+$/.test(value.replaceAll('_', ''))) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return value.replaceAll('_', '');
}

// A date-time without an offset would be read in the machine's time zone, so the same command
// would seed different data on another machine: a day (UTC midnight) or an instant with its offset.
function instant(value: string): Date {
  if (!instantInput.safeParse(value).success && !day.safeParse(value).success) {
    throw new InvalidArgumentError(
      'expected an ISO 8601 day (2026-11-29) or an instant with its offset (2026-11-29T10:00:00Z)',
    );
  }
  return new Date(value);
}

const number = (n: number) => n.toLocaleString('en-US');

/** `lanewise seed`: generates a demo company with two years of history into the database. */
export function seedCommand(): Command {
  return withDatabaseOption(new Command('seed'))
    .description(
      'Generate a realistic demo company (carriers, facilities, SKUs, customers, orders, shipments, ' +
        'tracking events and inventory) with two years of history, as a new organization',
    )
    .option(
      '-n, --shipments <n>',
      'shipments to generate, e.g. 1_000_000 (default: $LANEWISE_DEMO_SHIPMENTS or 50000)',
      wholeNumber,
    )
    .option(
      '-s, --seed <s>',
      'random seed; the same seed and end date give the same data (default: $LANEWISE_DEMO_SEED or 42)',
      wholeNumber,
    )
    .option('--org <slug>', 'slug of the organization to create; it must not exist yet', 'demo')
    .option('--name <name>', 'display name of the organization')
    .option(
      '--now <instant>',
      'end of the history, e.g. 2026-11-29T10:00:00Z (default: the current time)',
      instant,
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  lanewise seed                                  # 50,000 shipments into ./data/lanewise.db',
        '  lanewise seed -n 1000000 --org big --database-url ./data/big.db',
        '  lanewise seed -n 5000 -s 7 --now 2026-01-01T00:00:00Z --org acme',
        '',
        'The database is migrated first. About 80% of the shipments are customer orders, the rest',
        'replenishment from suppliers and store transfers; rows are written in batches, so memory',
        'stays bounded even for millions of shipments.',
      ].join('\n'),
    )
    .action(async (options: SeedCommandOptions) => {
      const config = configFrom(options, {
        LANEWISE_DEMO_SHIPMENTS: options.shipments,
        LANEWISE_DEMO_SEED: options.seed,
      });
      const { shipments, seed } = config.demo;
      await withDatabase(config, { migrate: true }, async ({ db }) => {
        say(
          `Seeding "${options.org}" with ${number(shipments)} shipments (seed ${seed}) into ${describeTarget(config.database)}`,
        );
        let shown = 0;
        const summary = await seedDemoCompany(db, {
          shipments,
          seed,
          orgSlug: options.org ?? 'demo',
          ...(options.name ? { orgName: options.name } : {}),
          ...(options.now ? { now: options.now } : {}),
          onProgress: (done, total) => {
            // One line per tenth, so the output reads well in a terminal and in a log.
            if (done === total || done - shown >= total / 10) {
              shown = done;
              say(
                `  ${String(Math.round((100 * done) / Math.max(total, 1))).padStart(3)}%  ${number(done)} shipments`,
              );
            }
          },
        });
        const seconds = summary.ms / 1000;
        say(`Organization ${options.org} (id ${summary.orgId}) created in ${seconds.toFixed(1)} s`);
        say(
          `  ${number(summary.carriers)} carriers, ${number(summary.facilities)} facilities, ` +
            `${number(summary.products)} products, ${number(summary.customers)} customers, ${number(summary.suppliers)} suppliers`,
        );
        say(`  ${number(summary.orders)} orders with ${number(summary.orderLines)} lines`);
        say(
          `  ${number(summary.shipments)} shipments with ${number(summary.trackingEvents)} tracking events`,
        );
        say(
          `  ${number(summary.inventoryMovements)} inventory movements, ${number(summary.inventorySnapshots)} inventory snapshots`,
        );
        say(`  ${number(Math.round(summary.shipments / Math.max(seconds, 0.001)))} shipments/s`);
      });
    });
}

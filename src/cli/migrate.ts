import { Command } from 'commander';
import { latestSchemaVersion, migrateDown, migrateToLatest, migrationStatus } from '../db/migrator.js';
import { configFrom, say, withDatabase, withDatabaseOption } from './context.js';

/** `lanewise migrate up|down|status`. */
export function migrateCommand(): Command {
  const migrate = new Command('migrate').description('Apply, revert or list database migrations');

  migrate.addCommand(
    withDatabaseOption(new Command('up'))
      .description('Apply every pending migration')
      .action(async (options: { databaseUrl?: string }) => {
        await withDatabase(configFrom(options), { migrate: false }, async ({ db }) => {
          const lines = await migrateToLatest(db);
          say(lines.length ? lines.join('\n') : `already at ${latestSchemaVersion}`);
        });
      }),
  );

  migrate.addCommand(
    withDatabaseOption(new Command('down'))
      .description('Revert the newest applied migration (drops what it created: back up first)')
      .action(async (options: { databaseUrl?: string }) => {
        await withDatabase(configFrom(options), { migrate: false }, async ({ db }) => {
          const lines = await migrateDown(db);
          say(lines.length ? lines.join('\n') : 'nothing to revert');
        });
      }),
  );

  migrate.addCommand(
    withDatabaseOption(new Command('status'))
      .description('List migrations and when each was applied')
      .action(async (options: { databaseUrl?: string }) => {
        await withDatabase(configFrom(options), { migrate: false }, async ({ db }) => {
          for (const m of await migrationStatus(db)) {
            say(
              `${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  ${m.executedAt.toISOString()}` : ''}`,
            );
          }
        });
      }),
  );
  return migrate;
}

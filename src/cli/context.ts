import type { Command } from 'commander';
import { type Config, type ConfigOverrides, loadConfig } from '../config.js';
import { connect, type Database } from '../db/connect.js';
import { migrateToLatest } from '../db/migrator.js';

/** Options every subcommand accepts: `--database-url` overrides DATABASE_URL. */
export function withDatabaseOption(command: Command): Command {
  return command.option(
    '--database-url <url>',
    'database to use (default: $DATABASE_URL or ./data/lanewise.db)',
  );
}

/** The configuration with CLI flags applied over the environment. */
export function configFrom(options: { databaseUrl?: string }, extra: ConfigOverrides = {}): Config {
  return loadConfig(process.env, { DATABASE_URL: options.databaseUrl, ...extra });
}

/**
 * Runs a command body against the configured database and always closes it.
 * `migrate: true` brings the schema up to date first (commands that write data need it).
 */
export async function withDatabase<T>(
  config: Config,
  { migrate }: { migrate: boolean },
  body: (database: Database) => Promise<T>,
): Promise<T> {
  const database = connect(config.database);
  try {
    if (migrate) await migrateToLatest(database.db);
    return await body(database);
  } finally {
    await database.close();
  }
}

/** Writes a line for the person at the terminal (CLI output, not logs). */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

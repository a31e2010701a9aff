import { type Command, Option } from 'commander';
import type { Kysely } from 'kysely';
import { type Config, type ConfigOverrides, loadConfig } from '../config.js';
import { explainDatabaseFailure } from '../db/access-errors.js';
import { connect, type Database } from '../db/connect.js';
import { migrateToLatest } from '../db/migrator.js';
import type { DB } from '../db/types.js';
import { AppError } from '../lib/errors.js';
import { listOrganizations, organizationBySlug } from '../modules/organizations/index.js';

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
  const database = openDatabase(config);
  try {
    if (migrate) await migrateToLatest(database.db);
    return await body(database);
  } catch (error) {
    throw explainDatabaseFailure(error, config.database);
  } finally {
    await database.close();
  }
}

/**
 * Connects to the configured database; a file that cannot be opened fails here (the servers fail
 * at the first query) and, like those, reads as which database and how to fix it.
 */
export function openDatabase(config: Config): Database {
  try {
    return connect(config.database);
  } catch (error) {
    throw explainDatabaseFailure(error, config.database);
  }
}

/** Writes a line for the person at the terminal (CLI output, not logs). */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The organization a command acts in: --org, or the only one there is. */
export async function orgIdOf(db: Kysely<DB>, slug: string | undefined): Promise<number> {
  if (slug) return (await organizationBySlug(db, slug)).id;
  const orgs = await listOrganizations(db);
  if (orgs.length === 1 && orgs[0]) return orgs[0].id;
  throw new AppError(
    'ORGS_NOT_FOUND',
    orgs.length === 0
      ? 'There is no organization yet (lanewise seed creates the demo company).'
      : `Several organizations: pick one with --org (${orgs.map((o) => o.slug).join(', ')}).`,
  );
}

/** The options of commands that act in one organization and can print JSON. */
export interface OrgCommandOptions {
  databaseUrl?: string;
  org?: string;
  json?: boolean;
}

/** --org: the organization a command acts in (needed when there are several). */
export const orgOption = () => new Option('--org <slug>', 'the organization (needed when there are several)');

/** --json: print JSON instead of lines. */
export const jsonOption = () => new Option('--json', 'print JSON instead of lines');

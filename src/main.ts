#!/usr/bin/env -S node --max-semi-space-size=16
// The flag above caps V8's young generation, which only the command line can set (see lib/heap.ts).
// First, before any other module is evaluated: it sets how the heap grows (see the module).
import './lib/heap.js';
import { Command } from 'commander';
import { alertsCommand } from './cli/alerts.js';
import { queryCommand, rollupsCommand } from './cli/analytics.js';
import { askCommand } from './cli/ask.js';
import { backupCommand, restoreCommand } from './cli/backup.js';
import { feedsCommand } from './cli/feeds.js';
import { forecastCommand } from './cli/forecast.js';
import { importCommand } from './cli/import.js';
import { jobsCommand } from './cli/jobs.js';
import { migrateCommand } from './cli/migrate.js';
import { modelsCommand } from './cli/models.js';
import { openapiCommand } from './cli/openapi.js';
import { orgsCommand } from './cli/orgs.js';
import { seedCommand } from './cli/seed.js';
import { serveCommand } from './cli/serve.js';
import { usersCommand } from './cli/users.js';
import { workerCommand } from './cli/worker.js';
import { ConfigError } from './config.js';

/** The `lanewise` command line: parses arguments and hands over to a subcommand. */
const program = new Command('lanewise')
  .description('Lanewise: logistics analytics with an AI analyst')
  .showHelpAfterError()
  .addCommand(serveCommand())
  .addCommand(migrateCommand())
  .addCommand(seedCommand())
  .addCommand(backupCommand())
  .addCommand(restoreCommand())
  .addCommand(openapiCommand())
  .addCommand(orgsCommand())
  .addCommand(usersCommand())
  .addCommand(workerCommand())
  .addCommand(jobsCommand())
  .addCommand(importCommand())
  .addCommand(feedsCommand())
  .addCommand(alertsCommand())
  .addCommand(modelsCommand())
  .addCommand(queryCommand())
  .addCommand(askCommand())
  .addCommand(rollupsCommand())
  .addCommand(forecastCommand());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const error = err as Error & { code?: string };
  const code = error instanceof ConfigError ? 'CONFIG_INVALID' : (error.code ?? 'ERROR');
  process.stderr.write(`lanewise: ${error.message} [${code}]\n`);
  process.exitCode = 1;
}

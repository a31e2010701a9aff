import fs from 'node:fs';
import { Command } from 'commander';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { say } from './context.js';

/** The OpenAPI document of this build, as pretty JSON with a final newline (what docs/openapi.json holds). */
export async function renderOpenApi(): Promise<string> {
  // The document depends on the routes only; an in-memory database keeps this side-effect free.
  const database = connect({ dialect: 'sqlite', file: ':memory:' });
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { database });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}

/** `lanewise openapi [--out FILE]`: prints or writes the OpenAPI 3.1 document. */
export function openapiCommand(): Command {
  return new Command('openapi')
    .description('Print the OpenAPI 3.1 document of the HTTP API (or write it with --out)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { out?: string }) => {
      const text = await renderOpenApi();
      if (options.out) {
        fs.writeFileSync(options.out, text);
        say(`wrote ${options.out}`);
      } else {
        process.stdout.write(text);
      }
    });
}

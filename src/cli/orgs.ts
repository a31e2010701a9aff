import { Command } from 'commander';
import { createOrganization, listOrganizations } from '../modules/organizations/index.js';
import { configFrom, say, withDatabase, withDatabaseOption } from './context.js';

/** `lanewise orgs create|list`: organizations (tenants). */
export function orgsCommand(): Command {
  const orgs = new Command('orgs').description('Create and list organizations (tenants)');

  orgs.addCommand(
    withDatabaseOption(new Command('create'))
      .description('Create an organization; then add its first owner with `lanewise users create`')
      .argument('<slug>', 'short name used in URLs and logins: lower-case letters, digits, dashes')
      .requiredOption('--name <name>', 'display name')
      .action(async (slug: string, options: { databaseUrl?: string; name: string }) => {
        await withDatabase(configFrom(options), { migrate: true }, async ({ db }) => {
          const org = await createOrganization(db, { slug, name: options.name });
          say(`created organization ${org.slug} (id ${org.id}): ${org.name}`);
        });
      }),
  );

  orgs.addCommand(
    withDatabaseOption(new Command('list'))
      .description('List organizations with their number of active members')
      .action(async (options: { databaseUrl?: string }) => {
        await withDatabase(configFrom(options), { migrate: false }, async ({ db }) => {
          for (const org of await listOrganizations(db)) {
            say(
              `${String(org.id).padStart(5)}  ${org.slug.padEnd(24)} ${String(org.members).padStart(4)} members  ${org.name}`,
            );
          }
        });
      }),
  );
  return orgs;
}

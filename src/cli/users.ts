import { Command, Option } from 'commander';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB, Role } from '../db/types.js';
import { noRequest } from '../modules/audit/index.js';
import { createAuthRuntime, roles, systemCaller } from '../modules/auth/index.js';
import { organizationBySlug } from '../modules/organizations/index.js';
import {
  addAccountToOrganization,
  changeRole,
  disableMember,
  enableMember,
  generatePassword,
  getMember,
  listAccounts,
  memberIdByEmail,
  resetPassword,
  setAccountDisabled,
} from '../modules/users/index.js';
import { configFrom, say, withDatabase, withDatabaseOption } from './context.js';

/**
 * `lanewise users create|list|set-role|reset-password|disable|enable`: the installation
 * operator's tools, acting as the system (audited as such). Passwords are never taken from the
 * command line (other users can read it): `--password-stdin` reads one, otherwise a random one
 * is generated and printed once.
 */
const roleOption = () =>
  new Option('--role <role>', 'role in the organization').choices(roles).makeOptionMandatory();

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function passwordFrom(options: {
  passwordStdin?: boolean;
}): Promise<{ password: string; generated: boolean }> {
  if (options.passwordStdin) return { password: await readStdin(), generated: false };
  return { password: generatePassword(), generated: true };
}

function run(
  config: Config,
  body: (db: Kysely<DB>, runtime: ReturnType<typeof createAuthRuntime>) => Promise<void>,
) {
  return withDatabase(config, { migrate: true }, ({ db }) => body(db, createAuthRuntime(db, config.auth)));
}

interface Common {
  databaseUrl?: string;
}

export function usersCommand(): Command {
  const users = new Command('users').description(
    'Manage people: create, list, change roles, reset passwords, disable',
  );

  users.addCommand(
    withDatabaseOption(new Command('create'))
      .description('Create an account in an organization (or add an existing account to it)')
      .requiredOption('--org <slug>', 'organization')
      .requiredOption('--email <email>', 'login email')
      .requiredOption('--name <name>', 'display name')
      .addOption(roleOption())
      .option('--password-stdin', 'read the password from standard input (default: generate one)')
      .action(
        async (
          o: Common & { org: string; email: string; name: string; role: Role; passwordStdin?: boolean },
        ) => {
          const config = configFrom(o);
          await run(config, async (db) => {
            const org = await organizationBySlug(db, o.org);
            const { password, generated } = await passwordFrom(o);
            const { memberId, existing } = await addAccountToOrganization(db, systemCaller(org.id), {
              email: o.email,
              name: o.name,
              role: o.role,
              password,
            });
            const member = await getMember(db, org.id, memberId);
            if (existing) {
              say(
                `added the existing account ${member.email} as ${member.role} in ${org.slug} (its password is unchanged)`,
              );
            } else {
              say(`created ${member.email} (member ${member.id}) as ${member.role} in ${org.slug}`);
              if (generated) say(`password: ${password}  (shown only now)`);
            }
          });
        },
      ),
  );

  users.addCommand(
    withDatabaseOption(new Command('list'))
      .description('List accounts and their memberships')
      .option('--org <slug>', 'only members of this organization')
      .action(async (o: Common & { org?: string }) => {
        await withDatabase(configFrom(o), { migrate: false }, async ({ db }) => {
          const orgId = o.org ? (await organizationBySlug(db, o.org)).id : undefined;
          for (const a of await listAccounts(db, orgId)) {
            const memberships = a.memberships
              .map(
                (m) =>
                  `${m.organization}:${m.role}${m.disabled ? '(disabled)' : ''}${m.invited ? '(invited)' : ''}`,
              )
              .join(' ');
            say(`${String(a.id).padStart(5)}  ${a.email.padEnd(36)} ${a.status.padEnd(8)} ${memberships}`);
          }
        });
      }),
  );

  users.addCommand(
    withDatabaseOption(new Command('set-role'))
      .description("Change a member's role (ends their sessions)")
      .requiredOption('--org <slug>', 'organization')
      .requiredOption('--email <email>', 'login email')
      .addOption(roleOption())
      .action(async (o: Common & { org: string; email: string; role: Role }) => {
        await run(configFrom(o), async (db, runtime) => {
          const org = await organizationBySlug(db, o.org);
          const memberId = await memberIdByEmail(db, org.id, o.email);
          const member = await changeRole(db, runtime, systemCaller(org.id), memberId, o.role, noRequest);
          say(`${member.email} is now ${member.role} in ${org.slug}`);
        });
      }),
  );

  users.addCommand(
    withDatabaseOption(new Command('reset-password'))
      .description('Set a new password and end every session of the account')
      .requiredOption('--email <email>', 'login email')
      .option('--password-stdin', 'read the password from standard input (default: generate one)')
      .action(async (o: Common & { email: string; passwordStdin?: boolean }) => {
        await run(configFrom(o), async (db, runtime) => {
          const { password, generated } = await passwordFrom(o);
          await resetPassword(db, runtime, { email: o.email, password });
          say(`password of ${o.email} reset; all its sessions ended`);
          if (generated) say(`password: ${password}  (shown only now)`);
        });
      }),
  );

  for (const disabled of [true, false]) {
    users.addCommand(
      withDatabaseOption(new Command(disabled ? 'disable' : 'enable'))
        .description(
          disabled
            ? 'Disable an account everywhere, or with --org only its membership there (ends its sessions)'
            : 'Enable an account again, or with --org its membership there',
        )
        .requiredOption('--email <email>', 'login email')
        .option('--org <slug>', 'only in this organization')
        .action(async (o: Common & { email: string; org?: string }) => {
          await run(configFrom(o), async (db, runtime) => {
            if (o.org) {
              const org = await organizationBySlug(db, o.org);
              const memberId = await memberIdByEmail(db, org.id, o.email);
              const change = disabled ? disableMember : enableMember;
              await change(db, runtime, systemCaller(org.id), memberId, noRequest);
              say(`${o.email} ${disabled ? 'disabled' : 'enabled'} in ${org.slug}`);
            } else {
              await setAccountDisabled(db, runtime, { email: o.email, disabled });
              say(`account ${o.email} ${disabled ? 'disabled' : 'enabled'}`);
            }
          });
        }),
    );
  }
  return users;
}

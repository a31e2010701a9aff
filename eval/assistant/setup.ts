import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { connect, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { DB } from '../../src/db/types.js';
import {
  type Caller,
  callerOf,
  findAccountByEmail,
  permissionsOf,
  systemCaller,
} from '../../src/modules/auth/index.js';
import { seedDemoCompany } from '../../src/modules/demo/index.js';
import { createForecastRun, executeForecastRun, runDelayRisk } from '../../src/modules/forecasting/index.js';
import { findOrganization } from '../../src/modules/organizations/index.js';
import { addAccountToOrganization, generatePassword } from '../../src/modules/users/index.js';
import { createOtherOrganization, OTHER_ORG_SLUG } from './other-org.js';

/**
 * The evaluation's databases (issue #13): one SQLite file, migrated as the tests migrate theirs,
 * holding the demo company (20,000 shipments, seed 7) and the second organization, both with
 * two years of history ending at the evaluation's clock, a weekly demand forecast and a
 * delay-risk model. Each organization has an analyst the questions are asked as.
 */

/** The clock of every question: relative periods ("last month") resolve against it. */
export const EVAL_NOW = new Date('2026-06-15T12:00:00Z');

export const evalSets = ['demo', 'other'] as const;
export type EvalSet = (typeof evalSets)[number];

export interface EvalOrg {
  readonly set: EvalSet;
  readonly orgId: number;
  readonly slug: string;
  /** An analyst of the organization: who asks. */
  readonly caller: Caller;
}

export interface EvalSetup {
  readonly database: Database;
  readonly file: string;
  readonly now: Date;
  readonly orgs: Readonly<Record<EvalSet, EvalOrg>>;
  /** Closes the database; deletes it unless it was a file the caller named. */
  close(): Promise<void>;
}

export interface SetupOptions {
  /**
   * A database file to build into, or to reuse when it already holds both organizations (a
   * second run then starts in seconds). Default: a temporary file, deleted by close().
   */
  readonly file?: string;
  /** Progress lines (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

const DEMO_SLUG = 'demo';

/** Builds (or reopens) the evaluation databases. */
export async function setUpEvaluation(options: SetupOptions = {}): Promise<EvalSetup> {
  const log = options.log ?? (() => undefined);
  const temporary =
    options.file === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'lanewise-eval-')) : null;
  const file = options.file ?? path.join(temporary as string, 'eval.db');
  const database = connect({ dialect: 'sqlite', file });
  try {
    await migrateToLatest(database.db);
    const db = database.db;
    const reused = (await findOrganization(db, DEMO_SLUG)) && (await findOrganization(db, OTHER_ORG_SLUG));
    if (reused) log(`Reusing the evaluation database ${file}.`);
    else await build(db, log);
    const orgs = {
      demo: await evalOrg(db, 'demo', DEMO_SLUG),
      other: await evalOrg(db, 'other', OTHER_ORG_SLUG),
    };
    return {
      database,
      file,
      now: EVAL_NOW,
      orgs,
      close: async () => {
        await database.close();
        if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database.close();
    if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}

async function build(db: Kysely<DB>, log: (line: string) => void): Promise<void> {
  let started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const demo = await seedDemoCompany(db, { shipments: 20_000, seed: 7, now: EVAL_NOW, orgSlug: DEMO_SLUG });
  log(`Demo company: ${demo.shipments} shipments, ${demo.orders} orders (${seconds()}).`);
  started = performance.now();
  const other = await createOtherOrganization(db, { now: EVAL_NOW });
  log(
    `Second organization (${OTHER_ORG_SLUG}): ${other.shipments} shipments, ${other.orders} orders, ${other.snapshots} stock snapshots (${seconds()}).`,
  );
  for (const [slug, orgId] of [
    [DEMO_SLUG, demo.orgId],
    [OTHER_ORG_SLUG, other.orgId],
  ] as const) {
    started = performance.now();
    await forecast(db, orgId);
    await runDelayRisk(db, systemCaller(orgId), EVAL_NOW);
    await addAccountToOrganization(db, systemCaller(orgId), {
      email: analystEmail(slug),
      name: `Evaluation analyst (${slug})`,
      role: 'analyst',
      password: generatePassword(),
    });
    log(`${slug}: demand forecast, delay-risk model and analyst (${seconds()}).`);
  }
}

/** A weekly demand forecast run as the CLI runs one (`lanewise forecast --org`), in this process. */
async function forecast(db: Kysely<DB>, orgId: number): Promise<void> {
  const runId = await createForecastRun(db, systemCaller(orgId), { grain: 'week', kinds: ['demand'] });
  await executeForecastRun(db, orgId, runId, { now: EVAL_NOW });
}

const analystEmail = (slug: string) => `analyst@${slug}.eval.lanewise.test`;

async function evalOrg(db: Kysely<DB>, set: EvalSet, slug: string): Promise<EvalOrg> {
  const org = await findOrganization(db, slug);
  const account = await findAccountByEmail(db, analystEmail(slug));
  if (!org || !account)
    throw new Error(`the evaluation database lacks the organization ${slug} or its analyst`);
  const caller = callerOf({
    kind: 'user',
    orgId: org.id,
    userId: account.id,
    apiKeyId: null,
    role: 'analyst',
    permissions: permissionsOf('analyst'),
  });
  return { set, orgId: org.id, slug, caller };
}

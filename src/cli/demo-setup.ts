import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from '../db/types.js';
import { hasBusinessData, type SeedSummary, seedDemoCompany } from '../modules/demo/index.js';
import { demoLoginLines, SECOND_DEMO_ORG, seedDemoAccess } from '../modules/users/index.js';

/** The demo company's slug, and the share of its size the second (isolation) organization gets. */
const DEMO_SLUG = 'demo';
const SECOND_ORG_SHARE = 0.02;

export interface DemoSetup {
  readonly company: SeedSummary;
  readonly second: SeedSummary;
  /** Lines for the terminal: who can log in, and the password when it was generated. */
  readonly loginLines: readonly string[];
}

/**
 * Seeds the whole demo installation: the demo company, a small second organization with its own
 * data (so tenant isolation can be seen), and the demo users of both. Deterministic for the
 * configured seed apart from the generated password.
 */
export async function seedDemoInstallation(
  db: Kysely<DB>,
  demo: Config['demo'],
  onProgress?: (done: number, total: number) => void,
): Promise<DemoSetup> {
  const company = await seedDemoCompany(db, {
    shipments: demo.shipments,
    seed: demo.seed,
    orgSlug: DEMO_SLUG,
    ...(onProgress ? { onProgress } : {}),
  });
  const second = await seedDemoCompany(db, {
    shipments: Math.max(200, Math.round(demo.shipments * SECOND_ORG_SHARE)),
    seed: demo.seed + 1,
    orgSlug: SECOND_DEMO_ORG.slug,
    orgName: SECOND_DEMO_ORG.name,
  });
  const access = await seedDemoAccess(db, { orgId: company.orgId, password: demo.password });
  return { company, second, loginLines: access ? demoLoginLines(access) : [] };
}

/** Seeds the demo installation when the demo is enabled and the database holds no organization. */
export async function seedDemoIfEmpty(
  db: Kysely<DB>,
  demo: Config['demo'],
  onProgress?: (done: number, total: number) => void,
): Promise<DemoSetup | null> {
  if (!demo.enabled || (await hasBusinessData(db))) return null;
  return seedDemoInstallation(db, demo, onProgress);
}

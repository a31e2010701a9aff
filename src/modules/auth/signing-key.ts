import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { randomId } from './secrets.js';

const SETTING = 'auth.jwt_secret';

/**
 * The key that signs access tokens: LANEWISE_JWT_SECRET when set, otherwise a random 256-bit
 * key generated at first start and kept in the settings table, so tokens survive restarts and
 * every process on the same database agrees. Never logged.
 */
export async function loadSigningSecret(db: Kysely<DB>, configured: string | null): Promise<string> {
  if (configured) return configured;
  const existing = await readSetting(db);
  if (existing) return existing;
  try {
    await db
      .insertInto('settings')
      .values({ key: SETTING, value: randomId(32) })
      .execute();
  } catch {
    // Another process created it first (unique key); use theirs.
  }
  const created = await readSetting(db);
  if (!created) throw new Error('could not store the generated token-signing key in the settings table');
  return created;
}

async function readSetting(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
  return row?.value;
}

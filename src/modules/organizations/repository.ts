import type { Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import type { DB } from '../../db/types.js';

export function insertOrganization(db: Kysely<DB>, slug: string, name: string): Promise<number> {
  return insertOne(db, 'organizations', { slug, name });
}

/** True when the installation has any organization at all. */
export async function anyOrganizationRow(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function findOrganizationBySlug(db: Kysely<DB>, slug: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name', 'created_at'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export function findOrganizationById(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every organization with its number of active members. */
export function listOrganizationRows(db: Kysely<DB>) {
  return db
    .selectFrom('organizations as o')
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.org_id', '=', 'o.id').on('m.disabled_at', 'is', null),
    )
    .select((eb) => ['o.id', 'o.slug', 'o.name', 'o.created_at', eb.fn.count<number>('m.id').as('members')])
    .groupBy(['o.id', 'o.slug', 'o.name', 'o.created_at'])
    .orderBy('o.id')
    .execute();
}

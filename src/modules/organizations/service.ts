import type { Kysely } from 'kysely';
import { constraintViolation } from '../../db/errors.js';
import type { DB } from '../../db/types.js';
import { toIsoString } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  anyOrganizationRow,
  findOrganizationById,
  findOrganizationBySlug,
  insertOrganization,
  listOrganizationRows,
} from './repository.js';

/** True when the installation has any organization (an empty one gets the demo company). */
export const anyOrganization = anyOrganizationRow;

export interface Organization {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: string;
}

/** Lower-case letters, digits and dashes, 2–64 characters, starting with a letter or digit. */
export const ORG_SLUG = /^[a-z0-9][a-z0-9-]{1,63}$/;

const toOrganization = (r: { id: number; slug: string; name: string; created_at: Date | string }) => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  createdAt: toIsoString(r.created_at),
});

/** Creates an organization (a tenant). Operators do this from the CLI (`lanewise orgs create`). */
export async function createOrganization(
  db: Kysely<DB>,
  input: { slug: string; name: string },
): Promise<Organization> {
  const slug = input.slug.trim().toLowerCase();
  const name = input.name.trim();
  if (!ORG_SLUG.test(slug)) {
    throw new AppError('ORGS_INVALID_SLUG', 'The slug must be 2–64 lower-case letters, digits or dashes.');
  }
  if (!name || name.length > 200)
    throw new AppError('ORGS_INVALID_NAME', 'The name must be 1–200 characters.');
  const id = await db.transaction().execute(async (trx) => {
    let created: number;
    try {
      created = await insertOrganization(trx, slug, name);
    } catch (err) {
      if (constraintViolation(err) === 'unique') {
        throw new AppError('ORGS_SLUG_TAKEN', `An organization with the slug "${slug}" already exists.`);
      }
      throw err;
    }
    await recordAudit(trx, {
      orgId: created,
      actor: { type: 'system' },
      action: 'organizations.created',
      target: { type: 'organization', id: created },
      details: { slug, name },
    });
    return created;
  });
  return getOrganization(db, id);
}

export async function getOrganization(db: Kysely<DB>, id: number): Promise<Organization> {
  const organization = await organizationById(db, id);
  if (!organization) throw new AppError('RESOURCE_NOT_FOUND', `No organization with id ${id}.`);
  return organization;
}

/** The organization with this id, or undefined (the one organization-by-id query). */
export async function organizationById(db: Kysely<DB>, id: number): Promise<Organization | undefined> {
  const row = await findOrganizationById(db, id);
  return row ? toOrganization(row) : undefined;
}

/** The organization with this slug, or 404 ORGS_NOT_FOUND. */
export async function organizationBySlug(db: Kysely<DB>, slug: string): Promise<Organization> {
  const row = await findOrganizationBySlug(db, slug.trim().toLowerCase());
  if (!row) throw new AppError('ORGS_NOT_FOUND', `No organization with the slug "${slug}".`);
  return toOrganization(row);
}

/** The organization with this slug, or undefined. */
export async function findOrganization(db: Kysely<DB>, slug: string): Promise<Organization | undefined> {
  const row = await findOrganizationBySlug(db, slug.trim().toLowerCase());
  return row ? toOrganization(row) : undefined;
}

export async function listOrganizations(db: Kysely<DB>): Promise<(Organization & { members: number })[]> {
  return (await listOrganizationRows(db)).map((r) => ({ ...toOrganization(r), members: Number(r.members) }));
}

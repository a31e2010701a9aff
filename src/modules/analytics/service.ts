import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.js';
import { catalogView } from './semantic/catalog.js';
import { reportingSettingsOf } from './settings/service.js';

const catalogMetric = z.object({
  name: z.string(),
  label: z.string(),
  synonyms: z.array(z.string()),
  description: z.string(),
  unknowns: z.string(),
  unit: z.string(),
  format: z.string(),
  precision: z.number().int(),
  better: z.enum(['higher', 'lower', 'neither']),
  facts: z.array(z.string()),
  timeField: z.string(),
  dimensions: z.array(z.string()),
  filters: z.array(z.string()),
  needsTimeRange: z.boolean(),
});

export const catalogResponse = z.object({
  reportingCurrency: z.string(),
  metrics: z.array(catalogMetric),
  dimensions: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      synonyms: z.array(z.string()),
      description: z.string(),
      type: z.enum(['string', 'id', 'boolean', 'number']),
      values: z.array(z.string()).nullable(),
      filterOnly: z.boolean(),
    }),
  ),
});

/** The catalog, with money in the organization's reporting currency. */
export async function catalogOf(db: Kysely<DB>, orgId: number): Promise<z.infer<typeof catalogResponse>> {
  return catalogView((await reportingSettingsOf(db, orgId)).currency);
}

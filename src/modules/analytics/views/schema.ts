import { z } from 'zod';
import { defineSorts } from '../../../db/keyset.js';
import { id, identifier, instantOutput, listQueryBase } from '../../../lib/api-schemas.js';
import { semanticQuery } from '../query/schema.js';

/** The /api/v1 contract of saved views: named semantic queries, personal or shared. */

const name = identifier(200).meta({
  description: 'Unique among your personal views, or among the shared views of the organization',
});
const description = z.string().trim().max(1000).nullable();
// Written out with the defaults, so it is an example of the query as sent and as stored.
const example = {
  metrics: ['onTimeRate', 'shipments'],
  dimensions: ['carrier'],
  filters: [],
  timeRange: { last: 3, unit: 'months' },
  orderBy: [],
  limit: 1000,
  having: [],
};

export const viewCreate = z
  .object({
    name,
    description: description.optional(),
    query: semanticQuery,
    shared: z
      .boolean()
      .default(false)
      .meta({ description: 'true: every member sees it (needs analytics:manage); false: only you' }),
  })
  .strict()
  .meta({
    id: 'AnalyticsViewCreate',
    examples: [{ name: 'On-time by carrier, last quarter', query: example, shared: true }],
  });
export type ViewCreate = z.infer<typeof viewCreate>;

export const viewPatch = z
  .object({ name, description, query: semanticQuery, shared: z.boolean() })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one of name, description, query, shared')
  .meta({
    id: 'AnalyticsViewPatch',
    description: 'Absent fields stay; a null description clears it',
    examples: [{ name: 'On-time by carrier' }],
  });
export type ViewPatch = z.infer<typeof viewPatch>;

export const view = z
  .object({
    id,
    name: z.string(),
    description: z.string().nullable(),
    query: semanticQuery,
    shared: z.boolean(),
    ownerUserId: z.number().int().nullable().meta({ description: 'The person a personal view belongs to' }),
    createdBy: z.string().meta({ description: '`user:<id>` or `api_key:<id>` of whoever saved it' }),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'AnalyticsView' });
export type View = z.infer<typeof view>;

export const viewSorts = defineSorts(
  'analytics-views',
  [
    { key: 'name', column: 'name', kind: 'text', nullable: false },
    { key: 'updatedAt', column: 'updated_at', kind: 'instant', nullable: false },
  ],
  'name',
);

export const viewListQuery = z
  .object({
    ...listQueryBase,
    sort: viewSorts.param,
    scope: z
      .enum(['personal', 'shared'])
      .optional()
      .meta({ description: 'personal: only your own; shared: only shared ones; absent: both' }),
  })
  .strict();
export type ViewListQuery = z.infer<typeof viewListQuery>;

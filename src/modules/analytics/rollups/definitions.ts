import { type RawBuilder, sql } from 'kysely';
import type { Column } from '../semantic/shipment-facts.js';

/**
 * The shipment rollups (ADR 0015): per organization, anchor, day and a key of dimension
 * columns, the sums of every shipment part. Three tables, because one key holding every
 * dimension would have about as many rows as there are shipments: `daily` holds carrier, mode,
 * status and countries (the dashboard's headline figures and filters, a few hundred rows a day);
 * `lanes` adds places and facilities (scorecards, lanes); `parties` holds customer, supplier
 * and commodity instead.
 *
 * Key columns are NOT NULL: unknown is 0 (ids) or '' (text), see the migration.
 */
export interface RollupKeyColumn {
  readonly column: string;
  /** Its value from a shipment row. */
  readonly expression: (c: Column) => RawBuilder<unknown>;
  /** What stands for unknown in the rollup. */
  readonly unknown: 0 | '';
}

export interface RollupDefinition {
  readonly table: 'analytics_shipment_daily' | 'analytics_shipment_lanes' | 'analytics_shipment_parties';
  /** Key columns after org_id, anchor and day. */
  readonly key: readonly RollupKeyColumn[];
  /** Columns that are functions of the key (stored for grouping, not part of it). */
  readonly dependent: readonly {
    readonly column: string;
    readonly expression: (c: Column) => RawBuilder<unknown>;
  }[];
}

const id = (column: string): RollupKeyColumn => ({
  column,
  expression: (c) => sql`coalesce(${c(column)}, 0)`,
  unknown: 0,
});
const text = (column: string): RollupKeyColumn => ({
  column,
  expression: (c) => sql`coalesce(${c(column)}, '')`,
  unknown: '',
});
const plain = (column: string): RollupKeyColumn => ({ column, expression: (c) => c(column), unknown: '' });

const shared = [
  id('carrier_id'),
  plain('mode'),
  plain('status'),
  text('origin_country'),
  text('destination_country'),
  text('currency'),
];

/** Smallest first: the compiler answers from the first one that holds the query's dimensions. */
export const rollups: readonly RollupDefinition[] = [
  { table: 'analytics_shipment_daily', key: shared, dependent: [] },
  {
    table: 'analytics_shipment_lanes',
    key: [
      ...shared,
      id('origin_facility_id'),
      id('destination_facility_id'),
      text('origin_city'),
      text('origin_region'),
      text('destination_city'),
      text('destination_region'),
    ],
    dependent: [{ column: 'lane', expression: (c) => c('lane') }],
  },
  {
    table: 'analytics_shipment_parties',
    key: [...shared, id('customer_id'), id('supplier_id'), text('commodity')],
    dependent: [],
  },
];

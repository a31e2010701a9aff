import type { RawBuilder } from 'kysely';
import type { Conversion } from './shipment-facts.js';

/**
 * The shapes of the semantic layer (ADR 0015). A fact is a set of rows with a day that buckets
 * it (shipments by their day, deliveries by their delivery day, orders by their order day,
 * stock by its snapshot day); metrics are computed from additive parts of one or more facts;
 * dimensions are columns a fact can group and filter by. Identifiers only ever come from these
 * definitions: a query names them, the planner resolves the names here.
 */
export type FactName =
  | 'shipments'
  | 'deliveries'
  | 'orders'
  | 'orderLines'
  | 'stock'
  | 'stockDays'
  | 'demandForecast'
  | 'delayRisks';

export type Sql = RawBuilder<unknown>;

export interface FactPart {
  readonly expression: Sql;
  readonly conversion: Conversion;
}

export interface FactDimension {
  /** The value on a raw row. */
  readonly raw: Sql;
  /** The rollup column holding it (0 or '' for unknown), when the fact has rollups. */
  readonly rollupColumn?: string;
}

export interface FactDefinition {
  readonly name: FactName;
  readonly description: string;
  /** The day that buckets the fact and that time ranges apply to (raw rows). */
  readonly day: Sql;
  /** What the fact's rows must satisfy, besides belonging to the organization. */
  readonly dimensions: Readonly<Record<string, FactDimension>>;
  readonly parts: Readonly<Record<string, FactPart>>;
  /** For money parts: the row's currency and the day whose rate converts it. */
  readonly money?: { readonly currency: Sql; readonly day: Sql };
  /** Why a dimension of the catalog does not apply to this fact (shown in the 422). */
  readonly unsupported?: Readonly<Record<string, string>>;
  /** The rollup anchor, for facts the shipment rollups hold. */
  readonly rollupAnchor?: 'ship' | 'delivery';
}

export type ColumnType = 'string' | 'id' | 'boolean' | 'number';

export interface DimensionDefinition {
  readonly name: string;
  readonly label: string;
  readonly synonyms: readonly string[];
  readonly description: string;
  readonly type: ColumnType;
  /** Entity dimensions answer with the entity's name and accept names or ids in filters. */
  readonly entity?: {
    readonly table: 'carriers' | 'customers' | 'suppliers' | 'facilities' | 'products';
    /** Columns a filter value may match exactly, besides the id. */
    readonly matchColumns: readonly string[];
  };
  /** The values it can take, when they are a fixed list. */
  readonly values?: readonly string[];
  /** Only for filters (a number such as weight), never grouped by. */
  readonly filterOnly?: boolean;
}

export type Unit =
  | 'shipments'
  | 'orders'
  | 'lines'
  | 'units'
  | 'ratio'
  | 'days'
  | 'hours'
  | 'kg'
  | 'money'
  | 'share';

export type Format = 'integer' | 'decimal' | 'percent' | 'currency';

export interface PartRef {
  readonly fact: FactName;
  readonly part: string;
}

export interface MetricDefinition {
  readonly name: string;
  readonly label: string;
  readonly synonyms: readonly string[];
  readonly description: string;
  /** How unknown inputs are treated (missing dates, costs, weights, rates). */
  readonly unknowns: string;
  readonly unit: Unit;
  readonly format: Format;
  /** Decimals of the answer (money 2, rates 4, days and hours 2, kg 3). */
  readonly precision: number;
  /** Whether more is better (rankings: "worst" sorts the other way). */
  readonly better: 'higher' | 'lower' | 'neither';
  /** Additive parts it is computed from, summed at the query's grain. */
  readonly parts: readonly PartRef[];
  /** The value from the summed parts (in the order of `parts`); null when undefined (0 ÷ 0). */
  readonly compute: (parts: readonly number[], context: { readonly days: number | null }) => number | null;
  /** An exact percentile of a raw column (served from the raw rows). */
  readonly percentile?: { readonly fact: FactName; readonly column: Sql; readonly p: number };
  /** The part whose rows a missing exchange rate leaves out (notes say how many). */
  readonly moneyKnown?: PartRef;
  /** Needs a time range (e.g. days of cover divides by the days of the period). */
  readonly needsTimeRange?: boolean;
}

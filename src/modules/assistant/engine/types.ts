import type { SemanticQueryInput } from '../../analytics/index.js';

/**
 * The shapes the assistant's engines share (issue #13, ADR 0023). An engine — the offline one or
 * a language model — turns a question into an Interpretation; it never writes SQL. The answer
 * step (ask.ts) runs the interpretation's semantic query through the analytics engine, writes
 * the text from the result and checks every number in it against the data.
 */

/** What kind of answer the question wants; decides the text, the chart and the follow-ups. */
export type Shape =
  /** One number ("on-time rate last month"). */
  | 'value'
  /** One number per group ("freight cost by mode"). */
  | 'breakdown'
  /** The top or bottom groups ("top 5 lanes by volume", "worst carrier"). */
  | 'ranking'
  /** One number per period ("shipments per month"). */
  | 'trend'
  /** Two periods or two groups side by side ("Air vs Ocean", "2024 vs 2025"). */
  | 'comparison'
  /** Each group's part of the whole ("what share of shipments went by air"). */
  | 'share'
  /** What contributed most to a change between two periods ("why did on-time drop last month"). */
  | 'why'
  /** Demand forecast ahead ("forecast demand for SKU X for the next 8 weeks"). */
  | 'forecast';

/** A value of the organization's own data the engine can recognise in a question. */
export interface EntityValue {
  /**
   * What it is: an entity dimension of the catalog (carrier, customer, supplier, product,
   * facility), productCategory, mode, status, or a place (city, region, country: the question's
   * words "from"/"to" decide origin or destination).
   */
  readonly kind:
    | 'carrier'
    | 'customer'
    | 'supplier'
    | 'product'
    | 'facility'
    | 'productCategory'
    | 'mode'
    | 'status'
    | 'city'
    | 'region'
    | 'country'
    /** The currency a shipment is priced in (before conversion). */
    | 'currency';
  /** The value a semantic filter takes (an entity's exact name, a city's name, a country code). */
  readonly value: string;
  /** How the answer names it ("Paris, FR"). */
  readonly label: string;
  /** Other ways to write it: codes, SCACs, SKUs, country names. */
  readonly aliases: readonly string[];
  /** How often it occurs (shipments): ranks the choices of a clarification. */
  readonly weight: number;
  /** A city's or region's country (ISO code): tells apart two places of one name. */
  readonly country?: string;
}

/** What the engine knows about one organization; read from its data (vocabulary.ts). */
export interface Vocabulary {
  readonly entities: readonly EntityValue[];
  /** First and last day of the organization's shipments, in its reporting time zone. */
  readonly dataRange: { readonly from: string; readonly to: string } | null;
  /** The reporting currency (amounts are answered in it). */
  readonly currency: string;
}

/** The turn before, for follow-ups ("and for DHL?", "by week", "what about last month?"). */
export interface PreviousTurn {
  readonly question: string;
  readonly interpretation: Interpretation;
}

export interface InterpretContext {
  readonly vocabulary: Vocabulary;
  /** The day relative expressions resolve against ('YYYY-MM-DD', reporting time zone). */
  readonly today: string;
  readonly previous?: PreviousTurn;
}

/** A choice of a clarification: what to show and the question that picks it. */
export interface Choice {
  readonly label: string;
  readonly question: string;
}

export type Interpretation =
  | {
      readonly kind: 'query';
      readonly query: SemanticQueryInput;
      readonly shape: Shape;
      /** The user asked for a chart ("as a chart", "plot"). */
      readonly chart: boolean;
      /** What the engine assumed, said in the answer ("relative to the latest data, 2015-06-30"). */
      readonly assumptions: readonly string[];
    }
  | {
      readonly kind: 'lookup';
      readonly entity: 'shipment' | 'order';
      readonly reference: string;
    }
  | {
      /** Stock-outs ahead ("which SKUs will run out in the next two weeks?"). */
      readonly kind: 'stockRisk';
      readonly withinDays: number;
      readonly filters: readonly { readonly field: 'product' | 'facility'; readonly value: string }[];
    }
  | { readonly kind: 'clarification'; readonly text: string; readonly choices: readonly Choice[] }
  | { readonly kind: 'refusal'; readonly text: string };

/** An engine: offline (deterministic, no network) or a language model through LangChain. */
export interface Engine {
  /** `offline`, or `llm:<provider>:<model>`. */
  readonly name: string;
  interpret(question: string, context: InterpretContext): Promise<Interpretation>;
  /**
   * Optional: the answer's text in the engine's own words, from the draft text and the result
   * the model may see (aggregates by default). The numbers check applies to what it returns:
   * a text with a number not in the data is dropped for the draft. Null keeps the draft.
   */
  narrate?(question: string, draft: NarrationDraft): Promise<string | null>;
}

/** What a narrating engine gets: the offline text and the data it is allowed to see. */
export interface NarrationDraft {
  readonly text: string;
  readonly columns: readonly {
    readonly name: string;
    readonly label: string;
    readonly unit: string | null;
  }[];
  /** Empty when the configuration does not let the model see results. */
  readonly rows: readonly Record<string, string | number | boolean | null>[];
}

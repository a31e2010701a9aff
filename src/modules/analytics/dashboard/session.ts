import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.js';
import type { Caller } from '../../auth/index.js';
import { type RunOptions, runQuery } from '../query/run.js';
import {
  type QueryResult,
  type SemanticQuery,
  type SemanticQueryInput,
  semanticQuery,
  type TimeRange,
} from '../query/schema.js';
import type { DayRange } from '../query/time.js';
import type { Scope } from './scope.js';

/**
 * The semantic queries of one screen. The first query resolves a relative range against today
 * (in the reporting time zone); every later query, and every query the answer hands back, has
 * that day pinned as `asOf`, so all figures cover the same days and each can be replayed.
 */
export interface Session {
  /** Runs a query over the screen's range (or the given one) and returns it with its replayable form. */
  ask(
    input: Omit<SemanticQueryInput, 'timeRange'>,
    timeRange?: TimeRange,
  ): Promise<{ result: QueryResult; query: SemanticQuery }>;
  /** The screen's days (known after the first query). */
  range(): DayRange;
  /** Notes of every query, once each, in order, and the screen's own. */
  readonly notes: string[];
  note(text: string): void;
  /** The highest data version seen; a note says so when the queries saw different ones. */
  dataVersion(): number;
}

export function openSession(db: Kysely<DB>, caller: Caller, scope: Scope, options: RunOptions = {}): Session {
  let timeRange = scope.timeRange;
  let resolved: DayRange | undefined;
  const notes: string[] = [];
  const versions = new Set<number>();
  const note = (text: string) => {
    if (!notes.includes(text)) notes.push(text);
  };

  return {
    async ask(input, range) {
      const full = { ...input, timeRange: range ?? timeRange };
      const result = await runQuery(db, caller, full, options);
      const days = result.query.timeRange;
      if (!range && !resolved && days) {
        resolved = days;
        // A relative range now names its day: later queries and replays see the same days.
        if (!('from' in timeRange)) timeRange = { ...timeRange, asOf: days.to };
      }
      versions.add(result.dataVersion);
      for (const n of result.notes) note(n);
      return { result, query: semanticQuery.parse({ ...full, timeRange: range ?? timeRange }) };
    },
    range() {
      if (!resolved) throw new Error('range() before the first query');
      return resolved;
    },
    notes,
    note,
    dataVersion() {
      const all = [...versions];
      const highest = Math.max(0, ...all);
      if (all.length > 1) {
        note(
          `The data changed while these figures were computed (data versions ${Math.min(...all)} to ${highest}); ask again for figures of one version.`,
        );
      }
      return highest;
    },
  };
}

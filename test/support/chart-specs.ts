import { compile, type TopLevelSpec } from 'vega-lite';
import type { QueryResult } from '../../src/modules/analytics/index.js';
import { chartSpecOf } from '../../src/modules/analytics/index.js';

/** Reading chart specs in tests. */

// Specs are JSON to the tests: read as plain objects, a path at a time.
// biome-ignore lint/suspicious/noExplicitAny: the union of Vega-Lite spec types cannot be walked by path
export type Json = Record<string, any>;
export const specOf = (result: QueryResult, options = {}) => chartSpecOf(result, options) as unknown as Json;
export const kindOf = (spec: Json) => spec.usermeta.lanewise.chart;

/** Compiles with vega-lite and returns its warnings: a spec the chooser makes must have none. */
export function warningsOf(spec: Json): string[] {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    warn: (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
    error: (...args: unknown[]) => {
      warnings.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
  };
  compile(spec as TopLevelSpec, { logger: logger as never });
  return warnings;
}

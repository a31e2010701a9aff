import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { QueryResult } from '../../src/modules/analytics/index.js';
import { chartSpecOf } from '../../src/modules/analytics/index.js';

/** Reading chart specs in tests. */

// Specs are JSON to the tests: read as plain objects, a path at a time.
// biome-ignore lint/suspicious/noExplicitAny: the union of Vega-Lite spec types cannot be walked by path
export type Json = Record<string, any>;
export const specOf = (result: QueryResult, options = {}) => chartSpecOf(result, options) as unknown as Json;
export const kindOf = (spec: Json) => spec.usermeta.lanewise.chart;

/**
 * What is wrong with a spec: errors against the Vega-Lite v6 JSON schema, and the warnings of
 * compiling it with vega-lite. A spec the chooser makes must have none.
 */
export function problemsOf(spec: Json): string[] {
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
  return [...schemaErrorsOf(spec).map((e) => `schema: ${e}`), ...warnings];
}

// The JSON schema vega-lite publishes for v6 specs (draft-07), from the installed package.
const schemaFile = createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
// Formats (uri, color-hex) are not what these tests check, and ajv would warn about each one.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validateSpec = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));

/** What the official Vega-Lite v6 JSON schema finds wrong with a spec (empty when none). */
export function schemaErrorsOf(spec: Json): string[] {
  if (validateSpec(spec)) return [];
  return (validateSpec.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message}`);
}

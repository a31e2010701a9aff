import { z } from 'zod';
import { semanticQuery } from '../../analytics/index.js';
import type { Interpretation, Shape } from '../engine/types.js';
import { LlmUnavailableError } from './errors.js';

/**
 * The tools the model answers through. Each one's arguments are a zod schema: the JSON schema
 * the model is shown is generated from it, and what the model sends back is parsed with it, so
 * the two cannot drift. run_query's arguments are the analytics engine's own semantic query:
 * the model names metrics, dimensions and filters; it never writes SQL.
 */

const shapeDescriptions = {
  value: 'one number',
  breakdown: 'one number per group',
  ranking: 'the top or bottom groups (set orderBy and limit)',
  trend: 'one number per period (set grain)',
  comparison: 'two periods (set compare) or two groups side by side',
  share: "each group's part of the whole",
  why: 'what contributed most to a change between two periods',
  forecast: 'demand forecast ahead (metric forecastDemand)',
} as const satisfies Record<Shape, string>;
export const shapes = Object.keys(shapeDescriptions) as [Shape, ...Shape[]];

const text = (max: number) => z.string().trim().min(1).max(max);

export const runQueryArgs = semanticQuery
  .extend({
    shape: z.enum(shapes).describe(
      Object.entries(shapeDescriptions)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
    ),
    chart: z.boolean().default(false).describe('The user asked for a chart or a plot'),
    assumptions: z
      .array(text(300))
      .max(5)
      .default([])
      .describe('What you assumed that the question did not say, in a short sentence each'),
  })
  .strict();

export const lookupArgs = z
  .object({
    entity: z.enum(['shipment', 'order']),
    reference: text(100).describe('The reference, tracking number or id as the user wrote it'),
  })
  .strict();

export const stockRiskArgs = z
  .object({
    withinDays: z.number().int().min(1).max(365),
    filters: z
      .array(z.object({ field: z.enum(['product', 'facility']), value: text(200) }).strict())
      .max(10)
      .default([]),
  })
  .strict();

export const clarifyArgs = z
  .object({
    text: text(500).describe('The question back to the user'),
    choices: z
      .array(
        z
          .object({
            label: text(100),
            question: text(300).describe('The full question the user would ask by picking it'),
          })
          .strict(),
      )
      .max(6)
      .default([]),
  })
  .strict();

export const refuseArgs = z.object({ text: text(500).describe('Why, in one or two sentences') }).strict();

const tools = {
  run_query: {
    description: 'Answer with a semantic query over the catalog (read-only; never SQL).',
    schema: runQueryArgs,
    toInterpretation: (a: z.infer<typeof runQueryArgs>): Interpretation => {
      const { shape, chart, assumptions, ...query } = a;
      return { kind: 'query', query, shape, chart, assumptions };
    },
  },
  lookup: {
    description: 'Show one shipment or order by its reference.',
    schema: lookupArgs,
    toInterpretation: (a: z.infer<typeof lookupArgs>): Interpretation => ({ kind: 'lookup', ...a }),
  },
  stock_risk: {
    description: 'List the products that will run out of stock within the given number of days.',
    schema: stockRiskArgs,
    toInterpretation: (a: z.infer<typeof stockRiskArgs>): Interpretation => ({ kind: 'stockRisk', ...a }),
  },
  clarify: {
    description: 'Ask the user which of a few readings they mean, instead of guessing.',
    schema: clarifyArgs,
    toInterpretation: (a: z.infer<typeof clarifyArgs>): Interpretation => ({ kind: 'clarification', ...a }),
  },
  refuse: {
    description:
      'Decline a question outside logistics analytics, a request to change data, or one the tools cannot answer.',
    schema: refuseArgs,
    toInterpretation: (a: z.infer<typeof refuseArgs>): Interpretation => ({ kind: 'refusal', ...a }),
  },
} as const;
export type ToolName = keyof typeof tools;
export const toolNames = Object.keys(tools) as ToolName[];

/** The tools in the OpenAI function format, which every LangChain chat model here accepts. */
export const toolDefinitions = toolNames.map((name) => {
  const { $schema: _, ...parameters } = z.toJSONSchema(tools[name].schema, { io: 'input' });
  return { type: 'function' as const, function: { name, description: tools[name].description, parameters } };
});

/** A tool call as a chat model returns it. */
export interface ToolCall {
  readonly name: string;
  readonly args: unknown;
}

/**
 * The interpretation of the model's answer: exactly one call of a known tool whose arguments
 * validate. Anything else is invalid output, never a guess.
 */
export function interpretationOf(calls: readonly ToolCall[]): Interpretation {
  if (calls.length !== 1) {
    throw new LlmUnavailableError(
      'invalid_output',
      `The model made ${calls.length} tool calls instead of one`,
    );
  }
  const call = calls[0] as ToolCall;
  if (!Object.hasOwn(tools, call.name)) {
    throw new LlmUnavailableError(
      'invalid_output',
      `The model called an unknown tool "${call.name.slice(0, 64)}"`,
    );
  }
  const tool = tools[call.name as ToolName];
  const parsed = tool.schema.safeParse(call.args);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`)
      .join('; ');
    throw new LlmUnavailableError(
      'invalid_output',
      `The model's ${call.name} arguments do not validate: ${where}`,
    );
  }
  return (tool.toInterpretation as (a: unknown) => Interpretation)(parsed.data);
}

import { z } from 'zod';
import { id, instantOutput, listQueryBase } from '../../lib/api-schemas.js';
import { resultColumn, vegaLiteSpec } from '../analytics/index.js';
import { conversationSorts } from './conversations.js';

/** The assistant's API shapes (issue #13). */

const question = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .meta({ description: 'The question in plain words (up to 2,000 characters)' });

export const askBody = z
  .object({
    question,
    conversationId: id.optional().meta({
      description: 'Continue this conversation (follow-ups edit its last query); a new one otherwise',
    }),
  })
  .strict();

export const messageBody = z.object({ text: question }).strict();

export const conversationCreate = z.object({ title: z.string().trim().min(1).max(200).optional() }).strict();

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const assistantAnswer = z
  .object({
    kind: z.enum(['answer', 'clarification', 'refusal', 'lookup']),
    text: z
      .string()
      .meta({ description: 'Every number in it is a value of `data` (checked before it is sent)' }),
    query: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'The semantic query as run (POST /analytics/query takes it as it is)' }),
    sql: z.string().nullable().meta({ description: 'The SQL it ran, parameters as placeholders' }),
    data: z.object({ columns: z.array(resultColumn), rows: z.array(z.record(z.string(), cell)) }).nullable(),
    chart: vegaLiteSpec.nullable(),
    choices: z
      .array(z.object({ label: z.string(), question: z.string() }))
      .meta({ description: 'A clarification’s choices: ask `question` to pick one' }),
    followUps: z.array(z.string()),
    notes: z.array(z.string()),
    dataVersion: z.number().int().nullable(),
    engine: z.string().meta({ description: 'offline, or llm:<provider>:<model>' }),
    cached: z.boolean(),
    timings: z.object({ understandMs: z.number(), queryMs: z.number(), totalMs: z.number() }),
    conversationId: id,
    messageId: id,
  })
  .meta({ id: 'AssistantAnswer' });

export const conversation = z
  .object({ id, title: z.string(), createdAt: instantOutput, updatedAt: instantOutput })
  .meta({ id: 'AssistantConversation' });

export const conversationDetail = conversation
  .extend({
    messages: z.array(
      z.object({
        id,
        role: z.enum(['user', 'assistant']),
        text: z.string(),
        answer: z
          .record(z.string(), z.unknown())
          .nullable()
          .meta({ description: 'The answer as sent (its table capped at 100 rows, without the chart)' }),
        createdAt: instantOutput,
      }),
    ),
  })
  .meta({ id: 'AssistantConversationDetail' });

export const conversationListQuery = z.object({ ...listQueryBase, sort: conversationSorts.param }).strict();

export const answerStream = z.string().meta({
  description:
    'Server-sent events: `understood` ({ kind, engine, query }), then `text` ({ delta }) pieces of the answer’s text, then `answer` (the whole AssistantAnswer); `error` (a problem document) instead when it fails.',
});

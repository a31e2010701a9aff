import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, listOf, problemResponses } from '../../lib/api-schemas.js';
import { eventStreams, sseBlock, streamRouteOptions } from '../../lib/sse.js';
import { problemDocument, toAppError } from '../../plugins/errors.js';
import { callerOf } from '../auth/index.js';
import {
  answerStream,
  askBody,
  assistantAnswer,
  conversation,
  conversationCreate,
  conversationDetail,
  conversationListQuery,
  messageBody,
} from './schema.js';
import type { Assistant, AssistantAnswer } from './service.js';

const ask = { access: { permission: 'assistant:ask' } } as const;
const tags = ['assistant'];

/** /api/v1/assistant: conversations and questions (issue #13, ADR 0023). */
export const assistantRoutes: FastifyPluginAsyncZod<{ readonly assistant: Assistant }> = async (
  app,
  { assistant },
) => {
  const streams = eventStreams(app);

  app.post(
    '/assistant/ask',
    {
      config: ask,
      schema: {
        tags,
        summary: 'Ask a question',
        description:
          'Answers a question in plain words from the organization’s data, through the semantic layer: the text, the semantic query and SQL it ran, the data, a chart and follow-ups. Continues a conversation when `conversationId` is given (follow-ups such as "and for air?" edit its last query), else starts one. Read-only; scoped to the caller’s organization and permissions.',
        body: askBody,
        response: { 200: assistantAnswer, ...problemResponses },
      },
    },
    async (request) => answerToApi(await assistant.ask(callerOf(request.auth), request.body)),
  );

  app.post(
    '/assistant/ask/stream',
    {
      config: ask,
      ...streamRouteOptions,
      schema: {
        tags,
        summary: 'Ask a question, streaming the answer (server-sent events)',
        description:
          'The same answer as POST /assistant/ask, as a text/event-stream: what was understood first, then the text in pieces, then the whole answer.',
        body: askBody,
        response: {
          200: {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: answerStream } },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request.auth);
      const body = request.body;
      return streams.send(reply, async function* () {
        let id = 0;
        try {
          const answer = await assistant.ask(caller, body);
          yield sseBlock(++id, 'understood', {
            kind: answer.kind,
            engine: answer.engine,
            query: answer.query,
          });
          for (const piece of answer.text.match(/\S+\s*/g) ?? [])
            yield sseBlock(++id, 'text', { delta: piece });
          yield sseBlock(++id, 'answer', answer);
        } catch (error) {
          const problem = toAppError(error);
          if (problem.status >= 500) request.log.error({ err: error }, 'assistant: a streamed answer failed');
          yield sseBlock(++id, 'error', problemDocument(request, problem));
        }
      });
    },
  );

  app.post(
    '/assistant/conversations',
    {
      config: ask,
      schema: {
        tags,
        summary: 'Start a conversation',
        body: conversationCreate,
        response: { 201: conversation, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await assistant.createConversation(callerOf(request.auth), request.body.title)),
  );

  app.get(
    '/assistant/conversations',
    {
      config: ask,
      schema: {
        tags,
        summary: 'List your conversations',
        description: 'The caller’s own conversations in the organization, most recent first.',
        querystring: conversationListQuery,
        response: { 200: listOf(conversation), ...problemResponses },
      },
    },
    async (request) => assistant.listConversations(callerOf(request.auth), request.query),
  );

  app.get(
    '/assistant/conversations/:id',
    {
      config: ask,
      schema: {
        tags,
        summary: 'Get a conversation with its messages',
        params: idParam,
        response: { 200: conversationDetail, ...problemResponses },
      },
    },
    async (request) => assistant.getConversation(callerOf(request.auth), request.params.id),
  );

  app.delete(
    '/assistant/conversations/:id',
    {
      config: ask,
      schema: {
        tags,
        summary: 'Delete a conversation',
        params: idParam,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await assistant.deleteConversation(callerOf(request.auth), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/assistant/conversations/:id/messages',
    {
      config: ask,
      schema: {
        tags,
        summary: 'Ask in a conversation',
        description:
          'The assistant’s answer to the next question of the conversation (a follow-up edits its last query).',
        params: idParam,
        body: messageBody,
        response: { 200: assistantAnswer, ...problemResponses },
      },
    },
    async (request) =>
      answerToApi(
        await assistant.ask(callerOf(request.auth), {
          question: request.body.text,
          conversationId: request.params.id,
        }),
      ),
  );
};

/** The answer as the API documents it (arrays the caller may use as its own). */
function answerToApi(answer: AssistantAnswer) {
  return {
    ...answer,
    query: answer.query as Record<string, unknown> | null,
    choices: answer.choices.map((c) => ({ ...c })),
    followUps: [...answer.followUps],
    notes: [...answer.notes],
  };
}

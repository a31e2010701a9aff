import type { Kysely } from 'kysely';
import { insertOne } from '../../db/bulk.js';
import { defineSorts, listAnswer } from '../../db/keyset.js';
import { type DB, toDate } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';
import { type Caller, callerKey } from '../auth/index.js';
import type { Interpretation } from './engine/index.js';

/**
 * Conversations with the assistant, each its owner's (the caller key: a person or an API key) in
 * one organization: nobody else in the organization lists, reads or deletes it. Turns are kept
 * in order; an assistant turn keeps its interpretation (what a follow-up edits) and the answer as
 * sent, its table capped so a turn stays a few kilobytes.
 */
export const conversationSorts = defineSorts(
  'assistant-conversations',
  [
    { key: 'updatedAt', column: 'updated_at', kind: 'instant', nullable: false },
    { key: 'createdAt', column: 'created_at', kind: 'instant', nullable: false },
  ],
  '-updatedAt',
);

const STORED_ROWS = 100;
const STORED_CHARS = 60_000;

const notFound = (id: number) => new AppError('RESOURCE_NOT_FOUND', `No conversation with id ${id}.`);

function owned(db: Kysely<DB>, caller: Caller) {
  return db
    .selectFrom('assistant_conversations')
    .where('org_id', '=', caller.orgId)
    .where('owner', '=', callerKey(caller));
}

const toApi = (row: { id: number; title: string; created_at: Date | string; updated_at: Date | string }) => ({
  id: Number(row.id),
  title: row.title,
  createdAt: toDate(row.created_at).toISOString(),
  updatedAt: toDate(row.updated_at).toISOString(),
});

export async function createConversation(db: Kysely<DB>, caller: Caller, title: string) {
  const now = new Date();
  const id = await insertOne(db, 'assistant_conversations', {
    org_id: caller.orgId,
    owner: callerKey(caller),
    title: title.slice(0, 200),
    created_at: now,
    updated_at: now,
  });
  return getConversationRow(db, caller, id);
}

async function getConversationRow(db: Kysely<DB>, caller: Caller, id: number) {
  const row = await owned(db, caller)
    .where('id', '=', id)
    .select(['id', 'title', 'created_at', 'updated_at'])
    .executeTakeFirst();
  if (!row) throw notFound(id);
  return toApi(row);
}

export function listConversations(
  db: Kysely<DB>,
  caller: Caller,
  q: { sort: string; limit: number; cursor?: string | undefined; includeTotal: boolean },
) {
  return listAnswer(owned(db, caller).selectAll(), q, conversationSorts, toApi);
}

export async function getConversation(db: Kysely<DB>, caller: Caller, id: number) {
  const conversation = await getConversationRow(db, caller, id);
  const messages = await db
    .selectFrom('assistant_messages')
    .where('org_id', '=', caller.orgId)
    .where('conversation_id', '=', id)
    .select(['id', 'role', 'text', 'answer', 'created_at'])
    .orderBy('id', 'asc')
    .limit(1000)
    .execute();
  return {
    ...conversation,
    messages: messages.map((m) => ({
      id: Number(m.id),
      role: m.role,
      text: m.text,
      answer: m.answer === null ? null : (JSON.parse(m.answer) as Record<string, unknown>),
      createdAt: toDate(m.created_at).toISOString(),
    })),
  };
}

export async function deleteConversation(db: Kysely<DB>, caller: Caller, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await owned(trx, caller).where('id', '=', id).select('id').executeTakeFirst();
    if (!row) throw notFound(id);
    await trx
      .deleteFrom('assistant_messages')
      .where('org_id', '=', caller.orgId)
      .where('conversation_id', '=', id)
      .execute();
    await trx
      .deleteFrom('assistant_conversations')
      .where('org_id', '=', caller.orgId)
      .where('id', '=', id)
      .execute();
  });
}

/** Checks the caller owns the conversation (404 otherwise: another's is as good as absent). */
export async function requireConversation(db: Kysely<DB>, caller: Caller, id: number): Promise<void> {
  await getConversationRow(db, caller, id);
}

/**
 * The conversation's latest turns, oldest first: each question with the interpretation the
 * engine made of it (a follow-up edits the last; a language model also reads the earlier ones).
 */
export async function recentTurns(
  db: Kysely<DB>,
  caller: Caller,
  conversationId: number,
  limit = 40,
): Promise<{ question: string; interpretation: Interpretation }[]> {
  const rows = await db
    .selectFrom('assistant_messages')
    .where('org_id', '=', caller.orgId)
    .where('conversation_id', '=', conversationId)
    .select(['role', 'text', 'interpretation'])
    .orderBy('id', 'desc')
    .limit(2 * limit)
    .execute();
  const turns: { question: string; interpretation: Interpretation }[] = [];
  // Newest first: each assistant row follows (in time) the user row after it in this list.
  for (let i = 0; i + 1 < rows.length; i++) {
    const assistant = rows[i];
    const user = rows[i + 1];
    if (assistant?.role !== 'assistant' || assistant.interpretation === null || user?.role !== 'user')
      continue;
    turns.unshift({
      question: user.text,
      interpretation: JSON.parse(assistant.interpretation) as Interpretation,
    });
    i++;
  }
  return turns;
}

/** Appends a question and its answer; returns the answer's message id. */
export async function appendTurn(
  db: Kysely<DB>,
  caller: Caller,
  conversationId: number,
  question: string,
  answer: { text: string; data: { rows: unknown[] } | null } & Record<string, unknown>,
  interpretation: Interpretation,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    await insertOne(trx, 'assistant_messages', {
      org_id: caller.orgId,
      conversation_id: conversationId,
      role: 'user',
      text: question,
      created_at: now,
    });
    const id = await insertOne(trx, 'assistant_messages', {
      org_id: caller.orgId,
      conversation_id: conversationId,
      role: 'assistant',
      text: answer.text,
      interpretation: JSON.stringify(interpretation),
      answer: storedAnswer(answer),
      created_at: now,
    });
    await trx
      .updateTable('assistant_conversations')
      .set({ updated_at: now })
      .where('org_id', '=', caller.orgId)
      .where('id', '=', conversationId)
      .execute();
    return id;
  });
}

/** The answer as stored: the chart left out (it is rebuilt from the data), the table capped. */
function storedAnswer(answer: { data: { rows: unknown[] } | null } & Record<string, unknown>): string {
  const { chart: _chart, ...rest } = answer;
  const data = answer.data
    ? {
        ...answer.data,
        rows: answer.data.rows.slice(0, STORED_ROWS),
        truncated: answer.data.rows.length > STORED_ROWS,
      }
    : null;
  const json = JSON.stringify({ ...rest, data });
  return json.length <= STORED_CHARS
    ? json
    : JSON.stringify({ ...rest, data: null, sql: null, dataOmitted: true });
}

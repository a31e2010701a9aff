import type { Kysely } from 'kysely';
import { columnTypes, createTable, withOrg, withTimestamps } from './columns.js';

/**
 * The assistant's conversations (issue #13, ADR 0023).
 *
 * - assistant_conversations: one per person (or API key) and organization; `owner` is the
 *   caller key (user:5, api_key:3), so nobody else in the organization reads them.
 * - assistant_messages: the turns, in order. A user turn holds the question; an assistant turn
 *   its text, the interpretation the engine made (JSON: what the next follow-up edits) and the
 *   answer as it was sent (JSON, its table capped so a turn stays small).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await withTimestamps(
    withOrg(createTable(db, t, 'assistant_conversations'), 'assistant_conversations')
      .addColumn('owner', 'varchar(64)', (c) => c.notNull())
      .addColumn('title', 'varchar(200)', (c) => c.notNull()),
    t,
  ).execute();
  await db.schema
    .createIndex('assistant_conversations_owner_ix')
    .on('assistant_conversations')
    .columns(['org_id', 'owner', 'id'])
    .execute();
  await withTimestamps(
    withOrg(createTable(db, t, 'assistant_messages'), 'assistant_messages')
      .addColumn('conversation_id', 'bigint', (c) => c.notNull().references('assistant_conversations.id'))
      // user, assistant
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('interpretation', 'text')
      .addColumn('answer', 'text'),
    t,
    { updated: false },
  ).execute();
  await db.schema
    .createIndex('assistant_messages_conversation_ix')
    .on('assistant_messages')
    .columns(['org_id', 'conversation_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('assistant_messages').execute();
  await db.schema.dropTable('assistant_conversations').execute();
}

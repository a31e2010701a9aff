import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * What the MQTT subscribers read and write of the feeds table: the active mqtt feeds with what a
 * connection needs (the password among it: it never leaves this module but to the broker), and
 * the connection state they report. Reporting does not touch updated_at: the feed did not change.
 */

export interface MqttFeed {
  readonly id: number;
  readonly url: string;
  readonly username: string | null;
  readonly password: string | null;
  readonly topics: readonly string[];
}

/** Every active mqtt feed of every organization, by id. */
export async function activeMqttFeeds(db: Kysely<DB>): Promise<MqttFeed[]> {
  const rows = await db
    .selectFrom('feeds')
    .select(['id', 'mqtt_url', 'mqtt_username', 'mqtt_password', 'mqtt_topics'])
    .where('kind', '=', 'mqtt')
    .where('archived_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.flatMap((row) =>
    row.mqtt_url === null
      ? []
      : [
          {
            id: row.id,
            url: row.mqtt_url,
            username: row.mqtt_username,
            password: row.mqtt_password,
            topics: JSON.parse(row.mqtt_topics ?? '[]') as string[],
          },
        ],
  );
}

/** A worker connected to the feed's broker and holds its subscriptions. */
export async function recordMqttConnected(db: Kysely<DB>, feedId: number): Promise<void> {
  await db.updateTable('feeds').set({ mqtt_connected_at: new Date() }).where('id', '=', feedId).execute();
}

const MAX_ERROR = 500;

/** A worker could not connect, subscribe or store; the message must hold no secret (MQTT.js's never holds the password). */
export async function recordMqttError(db: Kysely<DB>, feedId: number, message: string): Promise<void> {
  await db
    .updateTable('feeds')
    .set({ mqtt_error: message.slice(0, MAX_ERROR), mqtt_error_at: new Date() })
    .where('id', '=', feedId)
    .execute();
}

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/connect.js';
import { defaultHubOptions, joinStreamRedis, StreamHub } from '../modules/stream/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's reader of the live-update outbox, shared by its open streams. */
    streamHub: StreamHub;
  }
}

export interface StreamPluginOptions {
  readonly config: Config;
  readonly database: Database;
}

/**
 * Live updates (ADR 0020): the process's stream hub and, with REDIS_URL, its link to the other
 * processes. Both stop on close, before the database does (onClose hooks run in reverse order).
 */
async function streamPlugin(app: FastifyInstance, { config, database }: StreamPluginOptions): Promise<void> {
  const log = app.log as unknown as Logger;
  const hub = new StreamHub(database.db, log, { ...defaultHubOptions, pollMs: config.stream.pollMs });
  const redis = config.stream.redisUrl ? joinStreamRedis(config.stream.redisUrl, log) : undefined;
  app.decorate('streamHub', hub);
  app.addHook('onClose', async () => {
    await hub.close();
    await redis?.close();
  });
}

export default fp(streamPlugin, { name: 'lanewise-stream', fastify: '5.x' });

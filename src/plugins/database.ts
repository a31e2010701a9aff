import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/connect.js';
import type { DB } from '../db/types.js';
import type { Dialect } from '../db/url.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The database, for services. Routes pass it on; they never run SQL themselves. */
    db: Kysely<DB>;
    dialect: Dialect;
  }
}

export interface DatabasePluginOptions {
  readonly database: Database;
  /** Close the database when the app closes (false when the caller owns it, as tests do). */
  readonly closeOnShutdown: boolean;
}

async function databasePlugin(app: FastifyInstance, options: DatabasePluginOptions): Promise<void> {
  app.decorate('db', options.database.db);
  app.decorate('dialect', options.database.dialect);
  if (options.closeOnShutdown) app.addHook('onClose', () => options.database.close());
}

export default fp(databasePlugin, { name: 'lanewise-database', fastify: '5.x' });

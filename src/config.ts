import { z } from 'zod';
import { type DatabaseTarget, parseDatabaseUrl } from './db/url.js';

/**
 * The only module that reads the environment. Every setting is validated once at start-up;
 * a bad value stops the process with a message naming the variable and what it expects.
 */

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  DATABASE_URL: z.string().min(1).default('./data/lanewise.db'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LANEWISE_DEMO: booleanFlag.default(true),
  LANEWISE_DEMO_SHIPMENTS: z.coerce.number().int().min(0).max(5_000_000).default(50_000),
  LANEWISE_DEMO_SEED: z.coerce.number().int().min(0).default(42),
  LANEWISE_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  LANEWISE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
});

/** What each variable means; the README's configuration table is written from the same words. */
export const configDocs: Record<keyof z.input<typeof envSchema>, string> = {
  DATABASE_URL:
    'Database: a file path or sqlite: URL (embedded SQLite), mysql://user:pass@host:port/db (MySQL 8 / MariaDB 10.11+), or postgres://user:pass@host:port/db (PostgreSQL 15+)',
  PORT: 'HTTP port (0 picks a free one)',
  HOST: 'Interface to listen on; 0.0.0.0 to accept remote connections',
  LOG_LEVEL: 'pino log level: fatal, error, warn, info, debug, trace or silent',
  LANEWISE_DEMO: '`serve` seeds the demo company into an empty database (1/0, true/false)',
  LANEWISE_DEMO_SHIPMENTS: 'Number of demo shipments seeded by `serve` into an empty database',
  LANEWISE_DEMO_SEED: 'Random seed of the demo company (same seed, same data)',
  LANEWISE_BODY_LIMIT: 'Largest accepted request body, in bytes',
  LANEWISE_SHUTDOWN_TIMEOUT_MS: 'How long SIGTERM/SIGINT waits for in-flight requests before exiting',
};

export interface Config {
  readonly database: DatabaseTarget;
  readonly http: { readonly port: number; readonly host: string; readonly bodyLimit: number };
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly demo: { readonly enabled: boolean; readonly shipments: number; readonly seed: number };
  readonly shutdownTimeoutMs: number;
}

/** Raised when the environment holds a value Lanewise cannot use; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Overrides from CLI flags take precedence over the environment, and go through the same checks. */
export type ConfigOverrides = Partial<Record<keyof z.input<typeof envSchema>, string | undefined>>;

/** Reads, validates and freezes the configuration. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: ConfigOverrides = {},
): Config {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = overrides[key as keyof ConfigOverrides] ?? env[key];
    // An empty variable means "not set", as in most shells' `VAR= cmd`.
    raw[key] = value === '' ? undefined : value;
  }
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return `  ${name}=${JSON.stringify(raw[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let database: DatabaseTarget;
  try {
    database = parseDatabaseUrl(e.DATABASE_URL);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: ${(err as Error).message}`);
  }
  return deepFreeze({
    database,
    http: { port: e.PORT, host: e.HOST, bodyLimit: e.LANEWISE_BODY_LIMIT },
    logLevel: e.LOG_LEVEL,
    demo: { enabled: e.LANEWISE_DEMO, shipments: e.LANEWISE_DEMO_SHIPMENTS, seed: e.LANEWISE_DEMO_SEED },
    shutdownTimeoutMs: e.LANEWISE_SHUTDOWN_TIMEOUT_MS,
  });
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}

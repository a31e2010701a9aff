import { z } from 'zod';
import { type DatabaseTarget, parseDatabaseUrl } from './db/url.js';
import {
  type AssistantEngineConfig,
  llmConfigOf,
  llmEnvDocs,
  llmEnvShape,
  llmSecretVariables,
} from './modules/assistant/llm/index.js';

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
  LANEWISE_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((o) => new URL(o).origin))),
  // Behind a load balancer the client's address is in X-Forwarded-For; rate limits and audit
  // entries need it. false (default): trust nothing; true: any proxy; or a
  // comma-separated list of proxy addresses/CIDRs (the safer choice).
  LANEWISE_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string[] => {
      if (v === 'true' || v === 'false') return v === 'true';
      return v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
    }),
  LANEWISE_DEMO_PASSWORD: z.string().min(12, 'at least 12 characters').max(128).optional(),
  LANEWISE_JWT_SECRET: z
    .string()
    .min(32, 'at least 32 characters (e.g. `openssl rand -base64 32`)')
    .optional(),
  LANEWISE_JWT_ISSUER: z.string().min(1).max(200).default('lanewise'),
  LANEWISE_ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(3600).default(900),
  LANEWISE_REFRESH_IDLE_TTL: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 86_400)
    .default(7 * 86_400),
  LANEWISE_REFRESH_ABSOLUTE_TTL: z.coerce
    .number()
    .int()
    .min(60)
    .max(365 * 86_400)
    .default(30 * 86_400),
  LANEWISE_AUTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  LANEWISE_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  LANEWISE_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
  LANEWISE_AUTH_MAX_REQUESTS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(300),
  LANEWISE_REFRESH_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(60),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  LANEWISE_JOB_BACKEND: z.enum(['auto', 'database', 'bullmq']).default('auto'),
  LANEWISE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  LANEWISE_JOB_ORG_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(2),
  LANEWISE_JOB_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  LANEWISE_JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  LANEWISE_WORKER_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)')
    .optional(),
  LANEWISE_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  LANEWISE_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  LANEWISE_SMTP_FROM: z.string().min(3).max(200).default('Lanewise <alerts@localhost>'),
  LANEWISE_STREAM_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  LANEWISE_FORECAST_MAX_HORIZON: z.coerce.number().int().min(1).max(1_000).default(366),
  // The assistant's engine (issue #13): offline by default; a language model through LangChain.
  ...llmEnvShape,
  LANEWISE_STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  LANEWISE_STREAM_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  LANEWISE_ANALYTICS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  LANEWISE_IMPORT_DIR: z.string().min(1).default('./data/imports'),
  LANEWISE_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 4)
    .default(1024 ** 3),
  LANEWISE_IMPORT_BATCH_ROWS: z.coerce.number().int().min(1).max(10_000).default(500),
  LANEWISE_IMPORT_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  LANEWISE_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').max(512).optional(),
  LANEWISE_METRICS_ALLOW: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
});

/** What each variable means; the README's configuration table is written from the same words. */
export const configDocs: Record<keyof z.input<typeof envSchema>, string> = {
  ...llmEnvDocs,
  DATABASE_URL:
    'Database: a file path or sqlite: URL (embedded SQLite), mysql://user:pass@host:port/db (MySQL 8 / MariaDB 10.11+), or postgres://user:pass@host:port/db (PostgreSQL 15+)',
  PORT: 'HTTP port (0 picks a free one)',
  HOST: 'Interface to listen on; 0.0.0.0 to accept remote connections',
  LOG_LEVEL: 'pino log level: fatal, error, warn, info, debug, trace or silent',
  LANEWISE_DEMO: '`serve` seeds the demo company into an empty database (1/0, true/false)',
  LANEWISE_DEMO_SHIPMENTS: 'Number of demo shipments seeded by `serve` into an empty database',
  LANEWISE_DEMO_SEED: 'Random seed of the demo company (same seed, same data)',
  LANEWISE_BODY_LIMIT: 'Largest accepted request body, in bytes',
  LANEWISE_SHUTDOWN_TIMEOUT_MS:
    'How long SIGTERM/SIGINT waits for in-flight requests and running jobs (then released to other workers) before exiting',
  LANEWISE_DEMO_PASSWORD:
    'Password of the demo users (`<role>@demo.lanewise.test`); when unset, a random one is printed once when the demo is first seeded',
  LANEWISE_JWT_SECRET:
    'Key that signs access tokens (HS256, at least 32 characters); when unset, one is generated at first start and kept in the database',
  LANEWISE_JWT_ISSUER: 'The `iss` of access tokens, checked on every request',
  LANEWISE_ACCESS_TOKEN_TTL: 'Lifetime of an access token, in seconds',
  LANEWISE_REFRESH_IDLE_TTL: 'A refresh token not used for this many seconds expires (idle expiry)',
  LANEWISE_REFRESH_ABSOLUTE_TTL:
    'A login session ends this many seconds after the login, however often it is refreshed',
  LANEWISE_AUTH_CACHE_MS:
    'How long a process trusts what it read about a user or API key (revocations made by other processes apply within this time; 0 = read every request)',
  LANEWISE_LOGIN_MAX_FAILURES: 'Failed logins per account in 15 minutes before login answers 429',
  LANEWISE_LOGIN_MAX_FAILURES_PER_IP: 'Failed logins per client IP in 15 minutes before login answers 429',
  LANEWISE_AUTH_MAX_REQUESTS_PER_IP: 'Login, refresh and invitation requests per client IP per minute',
  LANEWISE_REFRESH_MAX_PER_ACCOUNT: 'Token refreshes per account per minute',
  LANEWISE_TRUST_PROXY:
    'Trust X-Forwarded-For from proxies in front of Lanewise: false, true, or comma-separated proxy addresses/CIDRs',
  LANEWISE_CORS_ORIGINS:
    'Comma-separated browser origins allowed to call the API cross-origin (e.g. https://app.example.com); empty = none',
  REDIS_URL:
    'Redis (redis:// or rediss://); when set, background jobs are dispatched through BullMQ on it (see LANEWISE_JOB_BACKEND) and live updates reach every API process at once',
  LANEWISE_JOB_BACKEND:
    'Who dispatches background jobs: auto (BullMQ when REDIS_URL is set, else the database), database or bullmq',
  LANEWISE_WORKER_CONCURRENCY:
    'Jobs one worker runs at once (`serve` runs a worker in-process; `lanewise worker --concurrency` overrides)',
  LANEWISE_JOB_ORG_CONCURRENCY:
    'Jobs of one organization running at once across all workers, so one tenant cannot starve the others',
  LANEWISE_JOB_LEASE_MS:
    'How long a running job stays claimed without a heartbeat; a job whose worker died runs again after this',
  LANEWISE_JOB_POLL_MS: 'How often an idle worker looks for due jobs in the database, in milliseconds',
  LANEWISE_WORKER_NAME:
    'A name for this worker process that stays the same across its restarts and differs from every other worker; its MQTT sessions are named after it, so messages in flight when it stopped are delivered to it again (default: host name and process id)',
  LANEWISE_SMTP_URL:
    'SMTP server alert e-mails go through (smtp:// or smtps://, credentials in the URL); without it, e-mail channels cannot be created',
  LANEWISE_SMTP_FROM: 'The From of alert e-mails',
  LANEWISE_FORECAST_MAX_HORIZON:
    'The most periods ahead a forecast run may be asked for (a longer horizon is refused with 400)',
  LANEWISE_STREAM_POLL_MS:
    'How often each API process reads the live-update outbox when no hint arrives (writes by processes not sharing REDIS_URL), in milliseconds',
  LANEWISE_STREAM_HEARTBEAT_MS:
    'A live-update stream (GET /api/v1/stream) sends a heartbeat comment after this much silence, in milliseconds',
  LANEWISE_STREAM_MAX_SECONDS:
    'A live-update stream ends after this long and the client reconnects with Last-Event-ID (its credential is checked again)',
  LANEWISE_ANALYTICS_TIMEOUT_MS:
    'Statement timeout of analytics queries on PostgreSQL and MySQL/MariaDB (SQLite has none; group limits bound its queries)',
  LANEWISE_IMPORT_DIR:
    'Directory where uploaded and fetched import files are kept (readable only through their runs); several servers need a shared one',
  LANEWISE_IMPORT_MAX_BYTES: 'Largest import file accepted by upload or URL pull, in bytes (default 1 GiB)',
  LANEWISE_IMPORT_BATCH_ROWS:
    'Records an import commits per transaction (with its checkpoint): larger is faster, smaller redoes less after a crash',
  LANEWISE_IMPORT_ALLOW_HOSTS:
    'Comma-separated hosts (or *.suffix patterns) URL imports may fetch from, alert webhooks post to and MQTT feeds connect to, even when they resolve to private or loopback addresses',
  LANEWISE_JOB_RETENTION_DAYS: 'Finished jobs (and their progress events) are deleted after this many days',
  LANEWISE_METRICS_TOKEN:
    'Bearer token that /metrics requires (at least 16 characters); without it or LANEWISE_METRICS_ALLOW, /metrics answers only on loopback',
  LANEWISE_METRICS_ALLOW:
    'Comma-separated client addresses/CIDRs allowed to read /metrics without the token (e.g. the Prometheus server)',
};

export interface Config {
  readonly database: DatabaseTarget;
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly bodyLimit: number;
    /** Origins allowed by CORS; empty = no cross-origin access. */
    readonly corsOrigins: readonly string[];
    /** Fastify's trustProxy: which proxies' X-Forwarded-For to believe for the client address. */
    readonly trustProxy: boolean | readonly string[];
  };
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly demo: {
    readonly enabled: boolean;
    readonly shipments: number;
    readonly seed: number;
    /** null: generate one when the demo users are first seeded. */
    readonly password: string | null;
  };
  readonly shutdownTimeoutMs: number;
  readonly auth: AuthConfig;
  readonly jobs: JobsConfig;
  readonly analytics: {
    readonly queryTimeoutMs: number;
  };
  /** Alert channels: where alerts are told. */
  readonly alerts: AlertsConfig;
  /** Forecast runs (issue #10). */
  readonly forecasting: {
    readonly maxHorizon: number;
  };
  /** The assistant (issue #13): which engine understands questions first. */
  readonly assistant: {
    readonly engine: AssistantEngineConfig;
  };
  /** Live updates (GET /api/v1/stream). */
  readonly stream: {
    /** Hints between processes go through Redis pub/sub when set. */
    readonly redisUrl: string | null;
    readonly pollMs: number;
    readonly heartbeatMs: number;
    readonly maxMs: number;
  };
  readonly imports: ImportsConfig;
  readonly metrics: {
    /** null: no token; /metrics then answers only allow-listed addresses (or loopback when none). */
    readonly token: string | null;
    readonly allow: readonly string[];
  };
}

/** File imports (see configDocs for each). */
export interface ImportsConfig {
  readonly directory: string;
  readonly maxBytes: number;
  readonly batchRows: number;
  readonly allowHosts: readonly string[];
}

/** Alert channels (see configDocs for each). */
export interface AlertsConfig {
  /** null: e-mail channels are unavailable. */
  readonly smtpUrl: string | null;
  readonly smtpFrom: string;
  /** Outbound webhooks pass the URL-import guard, with its allow list. */
  readonly allowHosts: readonly string[];
}

/** Background jobs (see configDocs for each). */
export interface JobsConfig {
  readonly backend: 'database' | 'bullmq';
  /** Set when backend is bullmq. */
  readonly redisUrl: string | null;
  readonly concurrency: number;
  readonly orgConcurrency: number;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly retentionDays: number;
  /** LANEWISE_WORKER_NAME; null: host name and process id. */
  readonly workerName: string | null;
}

/** Authentication settings (see configDocs for each). */
export interface AuthConfig {
  /** null: generated at first start and kept in the database (settings table). */
  readonly jwtSecret: string | null;
  readonly issuer: string;
  readonly accessTokenTtlS: number;
  readonly refreshIdleTtlS: number;
  readonly refreshAbsoluteTtlS: number;
  readonly cacheMs: number;
  readonly limits: {
    readonly loginFailuresPerAccount: number;
    readonly loginFailuresPerIp: number;
    readonly requestsPerIp: number;
    readonly refreshesPerAccount: number;
  };
}

// Values never echoed back in error messages.
const secretVariables = new Set([
  'LANEWISE_JWT_SECRET',
  'LANEWISE_DEMO_PASSWORD',
  'LANEWISE_METRICS_TOKEN',
  'REDIS_URL',
  'LANEWISE_SMTP_URL',
  ...llmSecretVariables,
]);

function assistantEngineOf(raw: Record<string, string | undefined>): AssistantEngineConfig {
  try {
    return llmConfigOf(raw);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
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
      const shown = secretVariables.has(name) ? '[redacted]' : JSON.stringify(raw[name] ?? '');
      return `  ${name}=${shown}: ${issue.message}`;
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
  if (e.LANEWISE_REFRESH_ABSOLUTE_TTL < e.LANEWISE_REFRESH_IDLE_TTL) {
    throw new ConfigError(
      'Invalid configuration:\n  LANEWISE_REFRESH_ABSOLUTE_TTL: must be at least LANEWISE_REFRESH_IDLE_TTL',
    );
  }
  const jobBackend =
    e.LANEWISE_JOB_BACKEND === 'auto' ? (e.REDIS_URL ? 'bullmq' : 'database') : e.LANEWISE_JOB_BACKEND;
  if (jobBackend === 'bullmq' && !e.REDIS_URL) {
    throw new ConfigError('Invalid configuration:\n  LANEWISE_JOB_BACKEND: bullmq needs REDIS_URL');
  }
  return deepFreeze({
    database,
    http: {
      port: e.PORT,
      host: e.HOST,
      bodyLimit: e.LANEWISE_BODY_LIMIT,
      corsOrigins: e.LANEWISE_CORS_ORIGINS,
      trustProxy: e.LANEWISE_TRUST_PROXY,
    },
    logLevel: e.LOG_LEVEL,
    demo: {
      enabled: e.LANEWISE_DEMO,
      shipments: e.LANEWISE_DEMO_SHIPMENTS,
      seed: e.LANEWISE_DEMO_SEED,
      password: e.LANEWISE_DEMO_PASSWORD ?? null,
    },
    shutdownTimeoutMs: e.LANEWISE_SHUTDOWN_TIMEOUT_MS,
    auth: {
      jwtSecret: e.LANEWISE_JWT_SECRET ?? null,
      issuer: e.LANEWISE_JWT_ISSUER,
      accessTokenTtlS: e.LANEWISE_ACCESS_TOKEN_TTL,
      refreshIdleTtlS: e.LANEWISE_REFRESH_IDLE_TTL,
      refreshAbsoluteTtlS: e.LANEWISE_REFRESH_ABSOLUTE_TTL,
      cacheMs: e.LANEWISE_AUTH_CACHE_MS,
      limits: {
        loginFailuresPerAccount: e.LANEWISE_LOGIN_MAX_FAILURES,
        loginFailuresPerIp: e.LANEWISE_LOGIN_MAX_FAILURES_PER_IP,
        requestsPerIp: e.LANEWISE_AUTH_MAX_REQUESTS_PER_IP,
        refreshesPerAccount: e.LANEWISE_REFRESH_MAX_PER_ACCOUNT,
      },
    },
    jobs: {
      backend: jobBackend,
      redisUrl: e.REDIS_URL ?? null,
      concurrency: e.LANEWISE_WORKER_CONCURRENCY,
      orgConcurrency: e.LANEWISE_JOB_ORG_CONCURRENCY,
      leaseMs: e.LANEWISE_JOB_LEASE_MS,
      pollMs: e.LANEWISE_JOB_POLL_MS,
      retentionDays: e.LANEWISE_JOB_RETENTION_DAYS,
      workerName: e.LANEWISE_WORKER_NAME ?? null,
    },
    analytics: { queryTimeoutMs: e.LANEWISE_ANALYTICS_TIMEOUT_MS },
    alerts: {
      smtpUrl: e.LANEWISE_SMTP_URL ?? null,
      smtpFrom: e.LANEWISE_SMTP_FROM,
      allowHosts: e.LANEWISE_IMPORT_ALLOW_HOSTS,
    },
    forecasting: { maxHorizon: e.LANEWISE_FORECAST_MAX_HORIZON },
    assistant: { engine: assistantEngineOf(raw) },
    stream: {
      redisUrl: e.REDIS_URL ?? null,
      pollMs: e.LANEWISE_STREAM_POLL_MS,
      heartbeatMs: e.LANEWISE_STREAM_HEARTBEAT_MS,
      maxMs: e.LANEWISE_STREAM_MAX_SECONDS * 1_000,
    },
    imports: {
      directory: e.LANEWISE_IMPORT_DIR,
      maxBytes: e.LANEWISE_IMPORT_MAX_BYTES,
      batchRows: e.LANEWISE_IMPORT_BATCH_ROWS,
      allowHosts: e.LANEWISE_IMPORT_ALLOW_HOSTS,
    },
    metrics: { token: e.LANEWISE_METRICS_TOKEN ?? null, allow: e.LANEWISE_METRICS_ALLOW },
  });
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { seedDemoInstallation } from '../src/cli/demo-setup.js';
import { type Config, loadConfig } from '../src/config.js';
import { connect, type Database } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { hasBusinessData } from '../src/modules/demo/index.js';
import { figure, ratio, section } from './report.js';

/**
 * The REST API under concurrent load (autocannon, authenticated) on a large SQLite database,
 * against the same rows fetched by the raw driver and JSON-encoded in a bare Fastify route.
 * The database is seeded once into data/ and reused (the first run of a 1M database takes minutes).
 */
const SHIPMENTS = Number(process.env.LANEWISE_BENCH_API_SHIPMENTS ?? 1_000_000);
const DURATION_S = Number(process.env.LANEWISE_BENCH_API_SECONDS ?? 10);
const CONNECTIONS = 10;
const PASSWORD = 'bench-password-1234';

// Ours and the baseline run in alternating slices, so a burst of load from other processes on
// a shared machine hits both sides instead of skewing one of them.
const ROUNDS = Math.max(1, Number(process.env.LANEWISE_BENCH_API_ROUNDS ?? 3));
const WARMUP_S = 2;

export interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  /** CPU time of the server process per answered request (the load generator runs apart). */
  readonly cpuUsPerRequest: number;
}

export interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly paths: readonly string[];
}

interface Slice {
  readonly average: number;
  readonly total: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  /** CPU time of this process (the servers; the load generator runs in its own) during the slice. */
  readonly cpuUs: number;
}

const loadGenerator = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

/** One slice of load from a separate process (bench/load-generator.ts), so it does not take the servers' thread. */
async function slice(target: Target, seconds: number): Promise<Slice> {
  const job = JSON.stringify({ ...target, connections: CONNECTIONS, seconds });
  const child = spawn(process.execPath, ['--import', 'tsx', loadGenerator, job], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  // cpuUsage counts this process only (the servers), so the child's own start-up is not in it.
  const cpu = process.cpuUsage();
  const [code] = (await once(child, 'exit')) as [number | null];
  const used = process.cpuUsage(cpu);
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return { ...(JSON.parse(output) as Omit<Slice, 'cpuUs'>), cpuUs: used.user + used.system };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

/** Loads ours and the baseline in ROUNDS alternating slices; figures are medians over the slices. */
export async function compare(ours: Target, raw: Target): Promise<[Load, Load]> {
  const runs: Slice[][] = [[], []];
  // Not counted: both sides first run until the JIT has compiled their hot paths, so the first
  // measured slice (always ours) does not pay for warming up code both sides share.
  for (const target of [ours, raw]) await slice(target, WARMUP_S);
  for (let round = 0; round < ROUNDS; round++) {
    runs[0]?.push(await slice(ours, DURATION_S / ROUNDS));
    runs[1]?.push(await slice(raw, DURATION_S / ROUNDS));
  }
  const summary = (slices: readonly Slice[]): Load => ({
    rps: median(slices.map((s) => s.average)),
    p50: median(slices.map((s) => s.p50)),
    p99: median(slices.map((s) => s.p99)),
    non2xx: slices.reduce((sum, s) => sum + s.non2xx, 0),
    cpuUsPerRequest: median(slices.map((s) => s.cpuUs / Math.max(1, s.total))),
  });
  return [summary(runs[0] ?? []), summary(runs[1] ?? [])];
}

/** Prints throughput (with its ratio and target), CPU per request and latencies of ours and the baseline. */
export function report(name: string, ours: Load, raw: Load, target = 0.6): void {
  ratio(`${name} requests/s`, ours.rps, raw.rps, 'req/s', target);
  // CPU per request (lower is better) is steadier than throughput when other processes share the cores.
  ratio(`${name} CPU per request`, ours.cpuUsPerRequest, raw.cpuUsPerRequest, 'µs');
  figure(`${name} p50 latency (ours / raw)`, ours.p50, `ms / ${raw.p50} ms`);
  figure(`${name} p99 latency (ours / raw)`, ours.p99, `ms / ${raw.p99} ms`);
  if (ours.non2xx + raw.non2xx > 0)
    figure(`${name} non-2xx answers (must be 0)`, ours.non2xx + raw.non2xx, 'responses');
}

/** A bare Fastify app serving the same two queries straight from better-sqlite3. */
function rawApp(file: string, orgId: number): FastifyInstance {
  const sqlite = new SQLite(file, { readonly: true });
  const page = sqlite.prepare(
    'select * from shipments where org_id = ? and archived_at is null and planned_delivery_at is not null order by planned_delivery_at desc, id desc limit 101',
  );
  const one = sqlite.prepare('select * from shipments where org_id = ? and id = ?');
  const app = Fastify();
  app.get('/list', async (_req, reply) =>
    reply.type('application/json').send(JSON.stringify({ data: page.all(orgId).slice(0, 100) })),
  );
  app.get<{ Params: { id: string } }>('/one/:id', async (req, reply) =>
    reply.type('application/json').send(JSON.stringify(one.get(orgId, Number(req.params.id)))),
  );
  app.addHook('onClose', async () => sqlite.close());
  return app;
}

export interface BenchDatabase {
  readonly config: Config;
  readonly database: Database;
  readonly file: string;
  /** The demo organization. */
  readonly orgId: number;
  /** Up to 5,000 of its shipment ids, to spread point reads over. */
  readonly shipmentIds: readonly number[];
}

/** The benchmark's demo database (seeded once into data/ and reused), migrated and open. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const file = path.resolve(`data/bench-api-${SHIPMENTS}.db`);
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: file, LANEWISE_DEMO_PASSWORD: PASSWORD });
  const database = connect(config.database);
  await migrateToLatest(database.db);
  if (!(await hasBusinessData(database.db))) {
    const started = Date.now();
    await seedDemoInstallation(database.db, { ...config.demo, shipments: SHIPMENTS });
    figure('seeded the benchmark database (once)', (Date.now() - started) / 1000, 's');
  }
  figure('database size', fs.statSync(file).size / 1e6, 'MB');
  const org = await database.db
    .selectFrom('organizations')
    .select('id')
    .where('slug', '=', 'demo')
    .executeTakeFirstOrThrow();
  const shipmentIds = (
    await database.db
      .selectFrom('shipments')
      .select('id')
      .where('org_id', '=', org.id)
      .orderBy('id')
      .limit(5000)
      .execute()
  ).map((r) => r.id);
  return { config, database, file, orgId: org.id, shipmentIds };
}

/** Headers of a demo analyst's requests (any app on the benchmark database accepts them). */
export async function analystHeaders(app: FastifyInstance): Promise<Record<string, string>> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'analyst@demo.lanewise.test', password: PASSWORD },
  });
  return { authorization: `Bearer ${login.json().accessToken}` };
}

/** What the API benchmark's section title says about the load. */
export const loadDescription = `SQLite, ${SHIPMENTS.toLocaleString('en-US')} demo shipments, ${CONNECTIONS} connections, ${DURATION_S} s each in ${ROUNDS} alternating slices`;

export const benchmark = {
  name: 'api',
  run: async () => {
    section(`REST API under load (${loadDescription})`);
    const { config, database, file, orgId, shipmentIds: ids } = await openBenchDatabase();
    const app = await buildApp(config, { database });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const raw = rawApp(file, orgId);
    const rawAddress = await raw.listen({ port: 0, host: '127.0.0.1' });
    try {
      const auth = await analystHeaders(app);
      const [list, rawList] = await compare(
        { url: address, headers: auth, paths: ['/api/v1/shipments?limit=100'] },
        { url: rawAddress, headers: {}, paths: ['/list'] },
      );
      report('GET /api/v1/shipments?limit=100', list, rawList);
      const [one, rawOne] = await compare(
        { url: address, headers: auth, paths: ids.map((id) => `/api/v1/shipments/${id}`) },
        { url: rawAddress, headers: {}, paths: ids.map((id) => `/one/${id}`) },
      );
      report('GET /api/v1/shipments/:id', one, rawOne);
    } finally {
      await app.close();
      await raw.close();
      await database.close();
    }
  },
};

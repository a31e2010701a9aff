/**
 * A real worker process for the multi-process tests: `node --import tsx test/support/worker-process.ts`
 * with DATABASE_URL and the LANEWISE_JOB_* settings in its environment. It runs the production
 * worker body (runWorkerProcess) with test-only job types, which production never lists:
 * - test.effect: records every run in test_runs, then its effect, once per job id, in
 *   test_effects (both tables made by the test). Idempotent, as the contract asks: a second run
 *   of the same job leaves one effect row. `holdFirstMs` keeps the first attempt busy (ignoring
 *   its signal), so a test can kill or stop the process in the middle of it.
 * - test.tick: does nothing; LANEWISE_TEST_CRON=1 schedules it every second.
 * - test.noop: does nothing (the benchmark's job).
 * `startWorkerProcess` spawns it (tests and bench/jobs.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { z } from 'zod';
import { runWorkerProcess } from '../../src/cli/worker.js';
import { loadConfig } from '../../src/config.js';
import { constraintViolation } from '../../src/db/errors.js';
import { defineJob, defineSchedule } from '../../src/modules/jobs/index.js';

export const effectJob = defineJob({
  type: 'test.effect',
  payload: z.object({ holdFirstMs: z.number().int().min(0).default(0) }),
  async handle({ jobId, attempt, payload, db }) {
    await sql`insert into test_runs (job_id, attempt, pid) values (${jobId}, ${attempt}, ${process.pid})`.execute(
      db,
    );
    if (attempt === 1 && payload.holdFirstMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, payload.holdFirstMs));
    }
    try {
      await sql`insert into test_effects (job_id, pid) values (${jobId}, ${process.pid})`.execute(db);
    } catch (error) {
      // An earlier run of this job already had the effect: nothing more to do.
      if (constraintViolation(error) !== 'unique') throw error;
    }
    return { pid: process.pid };
  },
});

export const tickJob = defineJob({ type: 'test.tick', payload: z.object({}), handle: async () => undefined });
export const noopJob = defineJob({ type: 'test.noop', payload: z.object({}), handle: async () => undefined });

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = fileURLToPath(import.meta.url);

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once it logged "worker started"; rejects if it exits first or takes over a minute. */
  started(): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts this script (or `args`, e.g. the real CLI: ['src/main.ts', 'worker']) as a process with
 * only PATH and HOME from this environment, plus `env` (DATABASE_URL at least).
 */
export function startWorkerProcess(env: Record<string, string>, args: string[] = [script]): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    out += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const started = async () => {
    const deadline = Date.now() + 60_000;
    while (!out.includes('"msg":"worker started"')) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`worker exited early:\n${out}`);
      if (Date.now() > deadline) throw new Error(`worker ${child.pid} did not start:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return { child, pid: child.pid as number, output: () => out, started, exited };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const config = loadConfig(process.env);
  const schedules =
    process.env.LANEWISE_TEST_CRON === '1'
      ? [defineSchedule({ name: 'test.tick', cron: '* * * * * *', type: 'test.tick', payload: {} })]
      : [];
  try {
    await runWorkerProcess(config, { definitions: [effectJob, tickJob, noopJob], schedules });
  } catch (error) {
    const e = error as Error & { code?: string };
    process.stderr.write(`worker: ${e.message} [${e.code ?? 'ERROR'}]\n`);
    process.exit(1);
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './job-behaviour.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const workerScript = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Real worker processes (test/support/worker-process.ts) for the multi-process suites: `start`
 * spawns one with the given environment on top of `baseEnv`; `killAll` ends what is left
 * (SIGKILL) and waits for it.
 */
export function workerProcesses(baseEnv: () => Record<string, string>) {
  const children: WorkerProcess[] = [];
  return {
    start(env: Record<string, string> = {}): WorkerProcess {
      const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          LOG_LEVEL: 'info',
          LANEWISE_JOB_POLL_MS: '100',
          LANEWISE_JOB_LEASE_MS: '10000',
          LANEWISE_WORKER_CONCURRENCY: '4',
          ...baseEnv(),
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
      const w = { child, pid: child.pid as number, output: () => out, exited };
      children.push(w);
      return w;
    },
    /** Resolves once the worker logged that it runs (fails if it exits first). */
    started(w: WorkerProcess): Promise<boolean> {
      return waitFor(
        `worker ${w.pid} to start`,
        () => {
          if (w.child.exitCode !== null) throw new Error(`worker exited early:\n${w.output()}`);
          return w.output().includes('"msg":"worker started"');
        },
        60_000,
      );
    },
    async killAll(): Promise<void> {
      for (const w of children.splice(0)) {
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
        await w.exited;
      }
    },
  };
}

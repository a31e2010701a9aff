import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The built `lanewise` executable, run as a user runs it: a separate process with its own
 * environment. Suites that use it need `npm run build` first (`npm ci` builds it).
 */
export const cliPath = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/**
 * The node options on the executable's `#!/usr/bin/env -S node …` line, which the shell passes
 * when a user runs `lanewise`; passed here to this process's own node (the one under test).
 */
function shebangFlags(): string[] {
  const first = fs.readFileSync(cliPath, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node((?: --[\w-]+(?:=\S+)?)*)$/.exec(first);
  if (!match) throw new Error(`${cliPath} does not start with a #!/usr/bin/env -S node line: ${first}`);
  return (match[1] ?? '').split(' ').filter((flag) => flag !== '');
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` in stdout; rejects if the process ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has ended. */
  readonly exited: Promise<CliResult>;
}

/** Starts the CLI with only what a shell would pass (PATH, HOME, TZ) plus `env`. */
export function spawnCli(args: string[], env: Record<string, string> = {}): RunningCli {
  if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [...shebangFlags(), cliPath, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: process.env.TZ ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
      for (const listener of listeners) listener();
    });
  });
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        const match = pattern.exec(stdout);
        if (match) done(null, match);
        else if (child.exitCode !== null || child.signalCode !== null) {
          done(new Error(`the CLI ended before printing ${pattern}:\n${stdout}\n${stderr}`));
        }
      };
      const done = (error: Error | null, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(error);
        else resolve(match as RegExpMatchArray);
      };
      listeners.add(check);
      check();
    });
  return { child, output: () => ({ stdout, stderr }), waitFor, exited };
}

/** Runs the CLI to completion; it is killed after `timeoutMs`. */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<CliResult> {
  const running = spawnCli(args, env);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  try {
    return await running.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Follows a process's peak RSS (VmHWM, read from /proc every 50 ms; Linux only): `stop()` ends
 * the sampling and answers the peak in MB, or null when nothing could be read.
 */
export function samplePeakRss(pid: number | undefined): { stop(): number | null } {
  let peakKb: number | null = null;
  const sample = () => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peakKb = Math.max(peakKb ?? 0, Number(hwm[1]));
    } catch {
      // Not Linux, or the process has just ended: the last reading stands.
    }
  };
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      return peakKb === null ? null : peakKb / 1024;
    },
  };
}

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCli, runCli, spawnCli } from '../support/cli.js';
import { createTestDatabase, databaseUrlOf, type TestDatabase, testDialects } from '../support/databases.js';

/**
 * `lanewise serve` as a person runs it: a separate process, its banner, the README's first API
 * call, getting back in without the printed password, and SIGTERM finishing what is in flight.
 */
const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

async function serve(testDb: TestDatabase, args: string[], env: Record<string, string> = {}) {
  const running = spawnCli(
    ['serve', '--port', '0', '--database-url', databaseUrlOf(testDb.target), ...args],
    {
      LOG_LEVEL: 'info',
      ...env,
    },
  );
  const [, address] = await running.waitFor(/Lanewise is running at (http:\/\/\S+)/, 120_000);
  // The banner's last line: the demo logins above it may come in a later chunk of output.
  await running.waitFor(/^Lost a password\?.*\n/m);
  return { running, address: address as string };
}

/**
 * Sends the head and the first half of a login body, then waits: a request in flight. `finish`
 * sends the rest; the promise gives the status the server answered.
 */
function requestInFlight(address: string) {
  const body = JSON.stringify({ email: 'nobody@example.test', password: 'not-the-password-1' });
  const request = http.request(`${address}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const answered = new Promise<number>((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
  request.write(body.slice(0, 10));
  request.flushHeaders();
  return { answered, finish: () => request.end(body.slice(10)) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDialects)('lanewise serve on %s', (dialect) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('finishes an in-flight request on SIGTERM, refuses new ones, closes the database and exits 0', async () => {
    const { running, address } = await serve(testDb, ['--no-demo'], {
      LANEWISE_SHUTDOWN_TIMEOUT_MS: '20000',
    });
    // `npm start` needs nothing else: the job worker runs in the same process by default.
    expect(running.output().stdout).toMatch(
      /Background jobs run in this process \(4 at once, database queue\)/,
    );
    const inFlight = requestInFlight(address);
    await sleep(300); // the server has the request head and waits for the body
    const signalled = Date.now();
    running.child.kill('SIGTERM');
    await running.waitFor(/shutting down: draining in-flight requests/);
    await expect(fetch(`${address}/healthz`)).rejects.toThrow(); // no longer listening
    inFlight.finish();
    expect(await inFlight.answered).toBe(401);
    const result = await running.exited;
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(20_000);
    if (testDb.target.dialect === 'sqlite') {
      // A closed SQLite database checkpoints its write-ahead log into the file and removes it.
      expect(fs.existsSync(`${testDb.target.file}-wal`)).toBe(false);
      expect(fs.statSync(testDb.target.file).size).toBeGreaterThan(0);
    }
  });

  it('gives up after LANEWISE_SHUTDOWN_TIMEOUT_MS when a request never finishes, and exits 1', async () => {
    const { running, address } = await serve(testDb, ['--no-demo', '--no-worker'], {
      LANEWISE_SHUTDOWN_TIMEOUT_MS: '1500',
    });
    expect(running.output().stdout).toMatch(/Background jobs are not run here \(--no-worker\)/);
    const inFlight = requestInFlight(address);
    inFlight.answered.catch(() => undefined); // the connection dies with the process
    await sleep(300);
    const signalled = Date.now();
    running.child.kill('SIGTERM');
    const result = await running.exited;
    const waited = Date.now() - signalled;
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/shutdown timed out/);
    expect(waited).toBeGreaterThanOrEqual(1400);
    expect(waited).toBeLessThan(15_000);
  });
});

describe.runIf(testDialects.includes('sqlite'))('a new user’s first minutes (sqlite)', () => {
  let testDb: TestDatabase;
  let server: { running: RunningCli; address: string };
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    server = await serve(testDb, [], { LANEWISE_DEMO_SHIPMENTS: '200' });
  });
  afterAll(async () => {
    server?.running.child.kill('SIGTERM');
    await server?.running.exited;
    await testDb?.drop();
  });

  const printedPassword = () =>
    /password: (\S+) {2}\(generated/.exec(server.running.output().stdout)?.[1] ?? '';

  it('prints the demo password once and how to get in when it is lost, as the README shows', () => {
    const { stdout } = server.running.output();
    expect(printedPassword()).toMatch(/^\S{16,}$/);
    const hint = stdout.split('\n').find((line) => line.startsWith('Lost a password?'));
    expect(hint).toContain('users reset-password --email');
    expect(readme).toContain(hint);
  });

  it('answers the README’s login-and-list example, which needs only curl and node', async () => {
    const block = /Log in and call the API[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toContain('curl');
    expect(block).not.toContain('jq -r');
    const script = (block ?? '')
      .replaceAll('127.0.0.1:3000', new URL(server.address).host)
      .replace('<printed password>', printedPassword());
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script]);
    const page = JSON.parse(stdout) as { data: { status: string }[] };
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.length).toBeLessThanOrEqual(5);
  });

  it('gets back in with users reset-password while the server runs', async () => {
    const email = 'analyst@demo.lanewise.test';
    const command = /```sh\n(npx lanewise users reset-password [^\n]+)\n```/.exec(readme)?.[1];
    expect(command).toBe(`npx lanewise users reset-password --email ${email}`);
    const reset = await runCli([
      'users',
      'reset-password',
      '--email',
      email,
      '--database-url',
      databaseUrlOf(testDb.target),
    ]);
    expect(reset.code, reset.stderr).toBe(0);
    const fresh = /password: (\S+)/.exec(reset.stdout)?.[1] ?? '';
    const login = (password: string) =>
      fetch(`${server.address}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      }).then((r) => r.status);
    expect(await login(fresh)).toBe(200);
    expect(await login(printedPassword())).toBe(401);
  });
});

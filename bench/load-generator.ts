/**
 * The load generator of the HTTP benchmarks, run as a process of its own (bench/api.ts starts
 * it once per slice): autocannon parses every answer in JavaScript, and in the server's process
 * that parsing competed with the server for the same thread, more so for answers with more
 * headers — the benchmark then measured the client as much as the server (ADR 0011).
 * Reads one JSON job from argv[2], writes one JSON result line to stdout.
 */
import autocannon from 'autocannon';

interface Job {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly paths: readonly string[];
  readonly connections: number;
  readonly seconds: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
let i = 0;
const result = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.seconds,
  headers: job.headers,
  requests: [{ setupRequest: (req) => ({ ...req, path: job.paths[i++ % job.paths.length] as string }) }],
});
process.stdout.write(
  `${JSON.stringify({
    average: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  })}\n`,
);

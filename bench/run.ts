/**
 * `npm run bench`: runs every benchmark in one process and prints its figures.
 * `npm run bench -- seed insert` runs only the named ones.
 */
import { benchmark as alerts } from './alerts.js';
import { benchmark as analytics } from './analytics.js';
import { benchmark as api } from './api.js';
import { benchmark as assistant } from './assistant.js';
import { benchmark as auth } from './auth.js';
import { benchmark as backup } from './backup.js';
import { benchmark as batch } from './batch.js';
import { benchmark as charts } from './charts.js';
import { benchmark as dashboard } from './dashboard.js';
import { benchmark as delayRisk } from './delay-risk.js';
import { benchmark as feeds } from './feeds.js';
import { benchmark as forecast } from './forecast.js';
import { benchmark as imports } from './imports.js';
import { benchmark as insert } from './insert.js';
import { benchmark as jobs } from './jobs.js';
import { benchmark as metrics } from './metrics.js';
import { benchmark as mqtt } from './mqtt.js';
import { benchmark as seed } from './seed.js';
import { benchmark as stream } from './stream.js';

interface Benchmark {
  readonly name: string;
  run(): Promise<void>;
}

// The foundation's figures first (seed throughput, batched inserts), then each capability's.
const benchmarks: Benchmark[] = [
  seed,
  insert,
  batch,
  auth,
  backup,
  api,
  metrics,
  jobs,
  analytics,
  dashboard,
  charts,
  imports,
  feeds,
  mqtt,
  stream,
  alerts,
  forecast,
  delayRisk,
  assistant,
];

const wanted = process.argv.slice(2);
for (const b of benchmarks) {
  if (wanted.length > 0 && !wanted.includes(b.name)) continue;
  await b.run();
}

import { buildApp } from '../src/app.js';
import { analystHeaders, compare, loadDescription, openBenchDatabase, report } from './api.js';
import { figure, section, timed } from './report.js';

/**
 * What the HTTP metrics cost on the hottest read: `GET /api/v1/shipments/{id}` against two apps
 * on the same database, one with metrics (the default) and one built with `metrics: false`, in
 * the API benchmark's alternating slices. "ours" is metrics on, the baseline metrics off; the
 * target is a ratio of at least 0.95. Also what one scrape of /metrics costs afterwards.
 */
const SCRAPES = 20;

export const benchmark = {
  name: 'metrics',
  run: async () => {
    section(`HTTP metrics on vs off (${loadDescription})`);
    const { config, database, shipmentIds } = await openBenchDatabase();
    const on = await buildApp(config, { database });
    const off = await buildApp(config, { database, metrics: false });
    try {
      const onAddress = await on.listen({ port: 0, host: '127.0.0.1' });
      const offAddress = await off.listen({ port: 0, host: '127.0.0.1' });
      // One login serves both apps: they share the database and its signing key.
      const headers = await analystHeaders(on);
      const paths = shipmentIds.map((id) => `/api/v1/shipments/${id}`);
      const [withMetrics, without] = await compare(
        { url: onAddress, headers, paths },
        { url: offAddress, headers, paths },
      );
      report('shipments/:id, metrics on vs off', withMetrics, without, 0.95);

      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < SCRAPES; i++) {
        const { ms, result } = await timed(() => on.inject({ method: 'GET', url: '/metrics' }));
        times.push(ms);
        bytes = result.body.length;
      }
      times.sort((a, b) => a - b);
      figure(`GET /metrics median of ${SCRAPES} scrapes (after the load)`, times[SCRAPES >> 1] ?? 0, 'ms');
      figure('GET /metrics answer size (uncompressed)', bytes / 1024, 'KiB');
    } finally {
      await on.close();
      await off.close();
      await database.close();
    }
  },
};

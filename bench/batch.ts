import type { Kysely } from 'kysely';
import { insertRows } from '../src/db/bulk.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { DB } from '../src/db/types.js';
import { systemCaller } from '../src/modules/auth/index.js';
import { upsertShipments } from '../src/modules/shipments/service.js';
import { createTestDatabase, testDialects } from '../test/support/databases.js';
import { figure, section, timed } from './report.js';

/**
 * `PUT /shipments:batch` without HTTP: the batch upsert use case on 1,000 new shipments, then on
 * the same 1,000 with changed values (updates), into a freshly migrated database of each dialect.
 * Each round uses new references; the figure is the median of the rounds.
 */
const BATCH = 1_000;
const ROUNDS = 5;

function items(round: number, variant: number) {
  return Array.from({ length: BATCH }, (_, i) => ({
    reference: `R${round}-${String(i).padStart(5, '0')}`,
    source: 'bench',
    mode: i % 3 === 0 ? ('parcel' as const) : ('ltl' as const),
    origin: { city: 'Chicago', region: 'IL', country: 'US' },
    destination: { city: 'Dallas', region: 'TX', country: 'US', timezone: 'America/Chicago' },
    plannedPickupAt: new Date(Date.UTC(2025, 0, 6, 8) + i * 600_000).toISOString(),
    plannedDeliveryAt: new Date(Date.UTC(2025, 0, 8, 8) + i * 600_000).toISOString(),
    actualPickupAt: new Date(Date.UTC(2025, 0, 6, 9) + i * 600_000).toISOString(),
    actualDeliveryAt: new Date(Date.UTC(2025, 0, 8, 6 + variant) + i * 600_000).toISOString(),
    weightKg: 10 + (i % 997) + variant,
    freightCost: { amount: 25 + (i % 500) + variant, currency: 'USD' },
  }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function orgOf(db: Kysely<DB>): Promise<number> {
  await insertRows(db, 'organizations', [{ slug: 'bench', name: 'Bench' }]);
  return (await db.selectFrom('organizations').select('id').executeTakeFirstOrThrow()).id;
}

export const benchmark = {
  name: 'batch',
  run: async () => {
    for (const dialect of testDialects) {
      section(`batch upsert (${dialect}, ${BATCH.toLocaleString('en-US')} items, median of ${ROUNDS})`);
      const test = await createTestDatabase(dialect);
      const database = connect(test.target);
      try {
        await migrateToLatest(database.db);
        const orgId = await orgOf(database.db);
        const creates: number[] = [];
        const updates: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          creates.push(
            (await timed(() => upsertShipments(database.db, systemCaller(orgId), items(round, 0)))).ms,
          );
          updates.push(
            (await timed(() => upsertShipments(database.db, systemCaller(orgId), items(round, 1)))).ms,
          );
        }
        figure(`${dialect} batch: 1,000 creates`, median(creates), 'ms');
        figure(`${dialect} batch: 1,000 updates`, median(updates), 'ms');
        figure(`${dialect} batch: creates per second`, (BATCH * 1000) / median(creates), 'rows/s');
        figure(`${dialect} batch: updates per second`, (BATCH * 1000) / median(updates), 'rows/s');
      } finally {
        await database.close();
        await test.drop();
      }
    }
  },
};

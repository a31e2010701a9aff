import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
// Loading the shipments module claims the shipments insert path, as the application does.
import '../modules/shipments/index.js';
import { claimInsertPath, insertOne, insertRows } from './bulk.js';
import type { DB } from './types.js';

// Never reached: the guards refuse before any SQL is built.
const db = {} as Kysely<DB>;
const row = { org_id: 1, reference: 'X', mode: 'ftl', status: 'planned' } as const;

describe('the generic batched insert and shipments', () => {
  it('cannot write shipments (their derived fields would be missing)', async () => {
    // @ts-expect-error shipments are not a PlainTable
    await expect(insertRows(db, 'shipments', [row])).rejects.toThrow(/derived fields/);
    // @ts-expect-error shipments are not a PlainTable
    await expect(insertOne(db, 'shipments', row)).rejects.toThrow(/derived fields/);
  });

  it('hands the shipments insert path out once, to the shipments module', () => {
    expect(() => claimInsertPath('shipments')).toThrow(/already claimed/);
  });
});

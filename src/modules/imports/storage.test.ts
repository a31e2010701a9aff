import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headOf, openStored, removeStored, storedPath, storeStream } from './storage.js';

describe('import file storage', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lw-store-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const chunks = (n: number, size: number) =>
    Readable.from(Array.from({ length: n }, (_, i) => Buffer.alloc(size, 65 + (i % 26))));

  it('streams a body to a file under the organization, with its size and hash', async () => {
    const stored = await storeStream(dir, 7, chunks(40, 64 * 1024), 10 * 1024 * 1024);
    expect(stored.key).toMatch(/^7\/[0-9a-f-]{36}$/);
    expect(stored.bytes).toBe(40 * 64 * 1024);
    const content = await readFile(storedPath(dir, stored.key));
    expect(stored.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect((await headOf(dir, stored.key, 10)).toString()).toBe('AAAAAAAAAA');
    let read = 0;
    for await (const chunk of openStored(dir, stored.key)) read += (chunk as Buffer).length;
    expect(read).toBe(stored.bytes);
    await removeStored(dir, stored.key);
    await expect(readFile(storedPath(dir, stored.key))).rejects.toThrow();
  });

  it('refuses a body over the limit and leaves no partial file', async () => {
    await expect(storeStream(dir, 8, chunks(10, 1024), 5000)).rejects.toMatchObject({
      code: 'IMPORT_FILE_TOO_LARGE',
    });
    expect(await readdir(path.join(dir, '8'))).toEqual([]);
  });

  it('never turns anything but its own keys into a path', () => {
    expect(() => storedPath(dir, '../etc/passwd')).toThrow(/not a storage key/);
    expect(() => storedPath(dir, '7/../../x')).toThrow(/not a storage key/);
  });
});

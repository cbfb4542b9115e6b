// A journal's cache key is computed two ways: read asynchronously by the open (open-store.ts) and synchronously by the
// CLI's cached `info` (cache-lookup.ts), through a small buffer. Both must give the same key for every file, or `info`
// would miss (or, worse, find) another entry than the open uses.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKey, cacheKeySync, journalCacheKey, journalCacheKeySync } from '../../electron/store/cache-key.js';
import { tempFolder } from '../support/fixtures.js';

const folder = tempFolder('eventlens-cache-key-');
afterAll(() => folder.remove());

const MB = 1024 * 1024;

/** Bytes that differ at every offset, so a part read from the wrong place changes the hash. */
function bytes(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >> 8)) & 0xff;
  return out;
}

describe('the synchronous key is the key', () => {
  it.each([1, 100, 64 * 1024, 64 * 1024 + 1, MB - 1, MB, MB + 1, MB + 70_000, 2 * MB, 2 * MB + 12_345, 3 * MB + 1])('a file of %i bytes', async (size) => {
    const file = join(folder.path, `f-${size}`);
    writeFileSync(file, bytes(size));
    const info = statSync(file);
    const options = { map: null, cipher: null, maxRecordBytes: 256 };
    expect(cacheKeySync(file, info, options)).toBe(await cacheKey(file, info, options));
  });

  it('with the reading options (which change the key), before and after the file changed', async () => {
    const file = join(folder.path, 'journal.ndjson');
    const content = bytes(MB + 5000);
    writeFileSync(file, content);
    const read = { map: { stream: 'aggregate' }, cipherKey: 'secret' };
    const before = journalCacheKeySync(file, statSync(file), false, read);
    expect(before).toEqual(await journalCacheKey(file, statSync(file), false, read));
    expect(before.key).not.toBe(journalCacheKeySync(file, statSync(file), false, {}).key);

    content[500_000] = content[500_000]! ^ 1;
    writeFileSync(file, content);
    const after = journalCacheKeySync(file, statSync(file), false, read);
    expect(after).toEqual(await journalCacheKey(file, statSync(file), false, read));
    expect(after.key).not.toBe(before.key);
  });
});

// An import hands its rows to the thread writing the cache in batches: one message per event would spend the import
// on messages (a million-item JSON array once took 22 s that way). Every form of journal reaches it in batches.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { readRowBatches } from '../../electron/store/row-source.js';
import type { FixtureEvent } from '../support/fixtures.js';
import { tempFolder, writeJsonArray, writeNdjson, writeSqlite } from '../support/fixtures.js';

const folder = tempFolder('eventlens-row-batches-');
afterAll(() => folder.remove());

const EVENTS: FixtureEvent[] = Array.from({ length: 10_000 }, (_, i) => ({
  stream: `s-${i % 50}`,
  version: Math.floor(i / 50) + 1,
  type: 'noted',
  time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  data: { i },
}));

async function batchSizes(path: string): Promise<number[]> {
  const sizes: number[] = [];
  for await (const batch of readRowBatches(path, {})) sizes.push(batch.count);
  return sizes;
}

it.each([
  ['NDJSON', () => writeNdjson(join(folder.path, 'j.ndjson'), EVENTS)],
  ['JSON array', () => writeJsonArray(join(folder.path, 'j.json'), EVENTS)],
  ['one JSON object holding the events', () => {
    const path = join(folder.path, 'object.json');
    writeFileSync(path, JSON.stringify({ events: EVENTS }));
    return path;
  }],
  ['gzip NDJSON', () => {
    const path = join(folder.path, 'j.ndjson.gz');
    writeFileSync(path, gzipSync(EVENTS.map((e) => JSON.stringify(e)).join('\n')));
    return path;
  }],
  ['SQLite', () => writeSqlite(join(folder.path, 'j.sqlite'), EVENTS)],
])('%s reaches the cache in batches of thousands of events', async (_, write) => {
  const sizes = await batchSizes(write());
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000);
  expect(sizes.length).toBeLessThanOrEqual(5);
});

// The cache of an import is built in a thread of its own (cache-build.ts). Unit tests run from sources, where it is
// built in the test's thread; this one loads the compiled modules, as the app, CLI and browser host do, so the
// thread, its hand-over of column batches, its waiting and its failures are the real ones.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RowBatch } from '../../electron/readers/event-rows.js';
import type { startCacheBuild as StartCacheBuild } from '../../electron/store/cache-build.js';
import { tempFolder } from '../support/fixtures.js';

const COMPILED = join(import.meta.dirname, '../../dist/electron/store/cache-build.js');
const folder = tempFolder('eventlens-cache-build-');
let startCacheBuild: typeof StartCacheBuild;

beforeAll(async () => {
  if (!existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: run "npm run build" first (npm test does).`);
  ({ startCacheBuild } = (await import(COMPILED)) as { startCacheBuild: typeof StartCacheBuild });
});
afterAll(() => folder.remove());

/** Batch b of `count` events: streams s-0 … s-9, types t-0 and t-1, all read back from the file. */
function batch(b: number, count: number): RowBatch {
  const column = (value: (i: number) => number) => Float64Array.from({ length: count }, (_, i) => value(i));
  return {
    count,
    positions: column((i) => b * count + i + 1),
    versions: column((i) => Math.floor((b * count + i) / 10) + 1),
    times: column((i) => Date.UTC(2026, 0, 1) + (b * count + i) * 1000),
    offsets: column((i) => (b * count + i) * 100),
    lengths: column(() => 99),
    streamIds: Int32Array.from({ length: count }, (_, i) => (b * count + i) % 10),
    typeIds: Int32Array.from({ length: count }, (_, i) => i % 2),
    newStreams: b === 0 ? Array.from({ length: 10 }, (_, i) => `s-${i}`) : [],
    newTypes: b === 0 ? ['t-0', 't-1'] : [],
    payloads: null,
    bytesRead: 0,
  };
}

const meta = { format: 'ndjson', source: '/nowhere/j.ndjson', key: 'k', layout: 'json', map: null };

it('writes every batch handed to it, in order, with the summary, however far the reading runs ahead', async () => {
  const file = join(folder.path, 'cache.sqlite');
  const build = startCacheBuild(file);
  // Far more batches than may wait to be written: the hand-over must hold back rather than queue without end.
  for (let b = 0; b < 200; b++) await build.addBatch(batch(b, 500));
  expect(build.events).toBe(100_000);
  await build.finish(meta, [], 0);
  const db = new Database(file, { readonly: true });
  try {
    expect(db.prepare('SELECT count(*), min(seq), max(seq), sum(seq = position) FROM events').raw().get()).toEqual([100_000, 1, 100_000, 100_000]);
    expect(db.prepare('SELECT stream, type, version, src_offset FROM events WHERE seq = 12346').raw().get()).toEqual(['s-5', 't-1', 1235, 1_234_500]);
    expect(db.prepare('SELECT stream, events, first_version, last_version FROM streams WHERE stream = ?').raw().get('s-3')).toEqual(['s-3', 10_000, 1, 10_000]);
    expect(db.prepare('SELECT type, count FROM types ORDER BY type').raw().all()).toEqual([['t-0', 50_000], ['t-1', 50_000]]);
  } finally {
    db.close();
  }
});

it('says why it could not build, rather than leaving the import waiting', async () => {
  const build = startCacheBuild(join(folder.path, 'no such folder', 'cache.sqlite'));
  for (let b = 0; b < 100; b++) await build.addBatch(batch(b, 100));
  await expect(build.finish(meta, [], 0)).rejects.toThrow(/unable to open|cannot open|no such/i);
});

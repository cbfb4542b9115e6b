// Journals opened one after another and all at once: each open releases what the one before held (file handles,
// memory), a burst of opens ends with the last one shown and the others cancelled, and no journal folder gains a file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { folderFingerprint, tempFolder, writeNdjson, writeSqlite } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';

const journals = tempFolder('eventlens-many-');
const caches = tempFolder('eventlens-many-cache-');
const COUNT = 20;
const paths: string[] = [];
let fingerprint: Record<string, string>;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const openFiles = () => readdirSync('/proc/self/fd').length;
function heapAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** 20 journals of 4,000 events with ~1 KB payloads: NDJSON and SQLite in turn, each with its own streams. */
function journal(index: number): FixtureEvent[] {
  return Array.from({ length: 4000 }, (_, i) => ({
    stream: `j${index}-account-${i % 50}`,
    version: Math.floor(i / 50) + 1,
    type: i % 3 ? 'money_deposited' : 'account_opened',
    time: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    data: { amount: i, note: 'x'.repeat(1000) },
  }));
}

beforeAll(() => {
  for (let index = 0; index < COUNT; index++) {
    const path = join(journals.path, `journal-${index}.${index % 2 ? 'sqlite' : 'ndjson'}`);
    if (index % 2) writeSqlite(path, journal(index));
    else writeNdjson(path, journal(index));
    paths.push(path);
  }
  fingerprint = folderFingerprint(journals.path);
});
afterAll(() => {
  expect(folderFingerprint(journals.path)).toEqual(fingerprint);
  journals.remove();
  caches.remove();
});

describe('many journals', () => {
  it('opened one after another, each releases the files and memory of the one before', async () => {
    const service = new JournalService({ samplePath: paths[0]!, cacheDir: caches.path });
    // A first round builds every cache; the second measures steady state, where nothing should accumulate.
    for (const path of paths) await service.openJournal({ path });
    const heapBefore = heapAfterGc();
    const filesBefore = openFiles();
    for (const [index, path] of paths.entries()) {
      const summary = await service.openJournal({ path });
      expect(summary.events).toBe(4000);
      // Answers come from this journal, not a cache or store left from the one before.
      const streams = await service.streams();
      expect(streams).toHaveLength(50);
      expect(streams.every((s) => s.stream.startsWith(`j${index}-`))).toBe(true);
      expect((await service.events({ limit: 5 })).events.every((event) => event.stream.startsWith(`j${index}-`))).toBe(true);
    }
    // One journal is open at the end, as at the start: the handles held are the same, give or take a worker's.
    // Counted before collecting garbage, which would close a forgotten database for us and hide the leak.
    expect(openFiles()).toBeLessThanOrEqual(filesBefore + 2);
    expect(heapAfterGc() - heapBefore).toBeLessThan(24 * 1024 * 1024);
    await service.close();
  }, 120_000);

  it('opened all at once, the last one asked for is shown and every other open ends cancelled', async () => {
    const service = new JournalService({ samplePath: paths[0]!, cacheDir: caches.path });
    const filesBefore = openFiles();
    const outcomes = await Promise.allSettled(paths.map((path) => service.openJournal({ path })));
    const opened = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code?: string }).code] : []));
    // Each open cancels the one in flight before it; one that finished before the next began may succeed too, but
    // the journal on screen is the last one asked for.
    expect(opened).toContain(COUNT - 1);
    expect(new Set(refused)).toEqual(refused.length ? new Set(['cancelled']) : new Set());
    expect((await service.summary())!.path).toBe(paths[COUNT - 1]);
    await service.close();
    expect(openFiles()).toBeLessThanOrEqual(filesBefore + 2);
  }, 120_000);
});

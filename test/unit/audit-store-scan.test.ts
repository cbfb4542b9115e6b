// JournalStore.scan, which the audit reads whole journals through: every event once, in the order asked, a batch at
// a time, with turns for the event loop between batches, and stoppable.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/model.js';
import type { ScanOptions } from '../../electron/store/journal-store.js';
import type { JournalStore } from '../../electron/store/journal-store.js';
import { AuditJournals, minute, record } from '../support/audit-journals.js';
import { BANK_EVENTS, writeSqlite } from '../support/fixtures.js';

const files = new AuditJournals();
afterAll(() => files.close());

async function scanned(store: JournalStore, options: ScanOptions): Promise<{ events: JournalEvent[]; batches: number[] }> {
  const events: JournalEvent[] = [];
  const batches: number[] = [];
  await store.scan((batch) => {
    events.push(...batch);
    batches.push(batch.length);
  }, options);
  return { events, batches };
}

describe('scanning a cached journal whose positions are not in file order', () => {
  // Message DB rows, global_position out of file order: 3, 1, 2, 5, 4.
  const rows = [
    ['account-2', 0, 3],
    ['account-1', 0, 1],
    ['account-1', 1, 2],
    ['account-2', 1, 5],
    ['account-1', 2, 4],
  ].map(([stream, position, global]) => ({
    id: `00000000-0000-4000-8000-00000000000${global}`,
    stream_name: stream,
    type: 'Noted',
    position,
    global_position: global,
    data: { global },
    metadata: { by: 'test' },
    time: '2026-01-05 09:00:00.000',
  }));
  let store: JournalStore;
  const opened = async () => (store ??= await files.open(files.writeLines('unordered.ndjson', rows)));

  it('walks global order by position, file order as written, stream order by stream then version', async () => {
    const s = await opened();
    const key = (events: JournalEvent[]) => events.map((e) => `${e.stream}@${e.version}#${e.position}`);
    expect(key((await scanned(s, { order: 'global', batchSize: 2 })).events)).toEqual(['account-1@0#1', 'account-1@1#2', 'account-2@0#3', 'account-1@2#4', 'account-2@1#5']);
    expect(key((await scanned(s, { order: 'file', batchSize: 2 })).events)).toEqual(['account-2@0#3', 'account-1@0#1', 'account-1@1#2', 'account-2@1#5', 'account-1@2#4']);
    expect(key((await scanned(s, { order: 'stream', batchSize: 2 })).events)).toEqual(['account-1@0#1', 'account-1@1#2', 'account-1@2#4', 'account-2@0#3', 'account-2@1#5']);
  });

  it('hands batches of the size asked, with payloads and ids, or only the narrow columns', async () => {
    const s = await opened();
    const full = await scanned(s, { batchSize: 2 });
    expect(full.batches).toEqual([2, 2, 1]);
    // The events page() gives, payloads and ids included.
    expect(full.events).toEqual((await s.page({ offset: 0, limit: 10 })).events);
    expect(full.events[0]).toMatchObject({ data: { global: 1 }, id: '00000000-0000-4000-8000-000000000001' });
    const narrow = await scanned(s, { payloads: false });
    expect(narrow.batches).toEqual([5]);
    expect(narrow.events.every((e) => e.data === null && e.metadata === null)).toBe(true);
    expect(narrow.events.map((e) => e.time)).toEqual(full.events.map((e) => e.time));
  });
});

describe('scanning a SQLite store read in place', () => {
  it('reads every event once in each order', async () => {
    const store = await files.open(writeSqlite(join(files.journals.path, 'bank.sqlite'), BANK_EVENTS));
    await store.settled();
    for (const order of ['global', 'file', 'stream'] as const) {
      const { events } = await scanned(store, { order, batchSize: 3 });
      expect(events).toHaveLength(BANK_EVENTS.length);
      expect(new Set(events.map((e) => e.position)).size).toBe(BANK_EVENTS.length);
    }
    const { events } = await scanned(store, { order: 'stream', batchSize: 3 });
    expect(events.map((e) => `${e.stream}@${e.version}`)).toEqual(['account-1@1', 'account-1@2', 'account-1@3', 'account-1@4', 'account-2@1', 'user-1@1', 'user-1@2']);
    expect(events[0]!.data).toEqual(BANK_EVENTS[0]!.data);
  });
});

describe('a long scan', () => {
  const records = Array.from({ length: 30_000 }, (_, i) => record(`s-${i % 300}`, Math.floor(i / 300) + 1, { time: minute(i), data: { i, text: 'x'.repeat(40) } }));

  it('lets timers run between batches and other queries answer while its visitor waits', async () => {
    const store = await files.open(files.writeLines('long.ndjson', records));
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    let answered = 0;
    let seen = 0;
    try {
      await store.scan(
        async (batch) => {
          seen += batch.length;
          // Another query on the same connection, between two pages of the scan.
          answered += (await store.page({ stream: 's-7', offset: 0, limit: 1 })).events.length;
          await new Promise((resolve) => setTimeout(resolve, 0));
        },
        { batchSize: 1000 },
      );
    } finally {
      clearInterval(timer);
    }
    expect(seen).toBe(30_000);
    expect(answered).toBe(30);
    expect(ticks).toBeGreaterThan(5);
  });

  it('stops when its signal is aborted, with a cancelled error', async () => {
    const store = await files.open(files.writeLines('long.ndjson', records));
    const controller = new AbortController();
    let seen = 0;
    const scan = store.scan(
      (batch) => {
        seen += batch.length;
        if (seen >= 2000) controller.abort();
      },
      { batchSize: 1000, signal: controller.signal },
    );
    await expect(scan).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen).toBe(2000);
  });
});

import { appendFileSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/model.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { openStore } from '../../electron/store/open-store.js';
import type { JournalStore } from '../../electron/store/journal-store.js';
import { BANK_EVENTS, folderFingerprint, tempFolder, writeNdjson } from '../support/fixtures.js';
import { writeEventuous } from '../support/stores/eventuous.js';
import { writeHallgren } from '../support/stores/hallgren-eventsourcing.js';
import { RES_EVENTS, writeRailsEventStore } from '../support/stores/rails-event-store.js';

const journals = tempFolder('eventlens-journals-');
const caches = tempFolder('eventlens-cache-');
const service = () => new JournalService({ samplePath: join(journals.path, 'bank.ndjson'), cacheDir: caches.path });
const cacheFiles = () => (existsSync(join(caches.path, 'journals')) ? readdirSync(join(caches.path, 'journals')).sort() : []);

function writeLarge(path: string, events: number): void {
  const lines: string[] = [];
  for (let i = 1; i <= events; i++) {
    lines.push(JSON.stringify({ stream: `s-${i % 500}`, type: i % 2 ? 'a' : 'b', time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), data: { i, text: 'x'.repeat(80) } }));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

beforeAll(() => {
  writeNdjson(join(journals.path, 'bank.ndjson'), BANK_EVENTS);
  writeLarge(join(journals.path, 'large.ndjson'), 150_000);
});
afterAll(() => {
  journals.remove();
  caches.remove();
});

describe('the cache of an opened journal', () => {
  it('lives in the cache folder, never beside the journal, and is reused while the file is unchanged', async () => {
    const before = folderFingerprint(journals.path);
    const first = service();
    await first.openJournal({ path: join(journals.path, 'bank.ndjson') });
    first.close();
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    // A cache built again is written under another name and renamed into place: another inode.
    const built = statSync(join(caches.path, 'journals', files[0]!)).ino;

    const second = service();
    expect((await second.openJournal({ path: join(journals.path, 'bank.ndjson') })).events).toBe(7);
    second.close();
    expect(cacheFiles()).toEqual(files);
    expect(statSync(join(caches.path, 'journals', files[0]!)).ino).toBe(built);
    expect(folderFingerprint(journals.path)).toEqual(before);
  });

  it('is rebuilt when the journal changes', async () => {
    const path = join(journals.path, 'growing.ndjson');
    writeNdjson(path, BANK_EVENTS.slice(0, 3));
    const api = service();
    expect((await api.openJournal({ path })).events).toBe(3);
    appendFileSync(path, JSON.stringify(BANK_EVENTS[3]) + '\n');
    expect((await api.openJournal({ path })).events).toBe(4);
    api.close();
  });

  it('answers from the cache after the journal file vanished', async () => {
    const path = join(journals.path, 'vanishing.ndjson');
    writeNdjson(path, BANK_EVENTS);
    const api = service();
    await api.openJournal({ path });
    rmSync(path);
    expect((await api.events({ stream: 'account-1' })).total).toBe(4);
    expect((await api.replay({ stream: 'user-1' })).version).toBe(2);
    await expect(api.openJournal({ path })).rejects.toMatchObject({ code: 'not-found' });
    expect((await api.summary())?.name).toBe('vanishing.ndjson');
    api.close();
  });
});

describe('opening a large journal', () => {
  it('reports progress while it reads', async () => {
    const api = service();
    const path = join(journals.path, 'large.ndjson');
    const seen: number[] = [];
    const opening = api.openJournal({ path });
    const timer = setInterval(() => void api.openProgress().then((p) => p && seen.push(p.events)), 5);
    const summary = await opening.finally(() => clearInterval(timer));
    expect(summary.events).toBe(150_000);
    expect(await api.openProgress()).toBeNull();
    api.close();
    // Progress is reported as the import goes, never beyond what was read.
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeLessThanOrEqual(150_000);
  });

  it('can be cancelled: the open fails as cancelled, the journal on screen stays, no partial cache is left', async () => {
    const api = service();
    await api.openJournal({ path: join(journals.path, 'bank.ndjson') });
    const large = join(journals.path, 'large-2.ndjson');
    writeLarge(large, 150_001);
    const opening = api.openJournal({ path: large });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await api.cancelOpen()).toBe(true);
    await expect(opening).rejects.toMatchObject({ code: 'cancelled', message: 'Opening large-2.ndjson was cancelled.' });
    expect((await api.summary())?.name).toBe('bank.ndjson');
    expect(cacheFiles().filter((name) => name.endsWith('.building'))).toEqual([]);
    expect(await api.cancelOpen()).toBe(false);
    api.close();
  });
});

describe('payload searches on a large journal', () => {
  it('finds text and field conditions across every chunk, combined with other filters', async () => {
    const api = service();
    await api.openJournal({ path: join(journals.path, 'large.ndjson') });
    const text = await api.events({ text: '"I":149999' });
    expect(text.total).toBe(1);
    expect(text.events[0]!.data).toMatchObject({ i: 149_999 });
    const where = await api.events({ where: 'data.i >= 149990', limit: 5 });
    expect(where.total).toBe(11);
    expect(where.events.map((e) => (e.data as { i: number }).i)).toEqual([149_990, 149_991, 149_992, 149_993, 149_994]);
    expect((await api.events({ where: 'data.i >= 149990', types: ['a'] })).total).toBe(5);
    await expect(api.events({ where: 'i > 3' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/is not a condition/) });
    await api.close();
  });
});

describe('SQLite journals', () => {
  it('without a version column are imported (versions counted) rather than read in place', async () => {
    const path = join(journals.path, 'counted.sqlite');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path);
    db.exec('CREATE TABLE events (stream_id TEXT, type TEXT, data TEXT, created_at TEXT)');
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?)');
    insert.run('a', 'opened', '{"n":1}', '2026-01-01 10:00:00');
    insert.run('a', 'changed', '{"n":2}', '2026-01-01 11:00:00');
    insert.run('b', 'opened', '{"n":3}', '2026-01-01 12:00:00');
    db.close();
    const api = service();
    const summary = await api.openJournal({ path });
    expect(summary).toMatchObject({ format: 'sqlite', events: 3, streams: 2, firstTime: '2026-01-01T10:00:00.000Z' });
    expect((await api.events({ stream: 'a' })).events.map((e) => [e.version, e.type, e.data])).toEqual([
      [1, 'opened', { n: 1 }],
      [2, 'changed', { n: 2 }],
    ]);
    api.close();
  });
});

describe('event ids after the cache round trip', () => {
  /** The journal opened as the service opens it, then read the three ways the service reads events. */
  async function readThrough(path: string, stream: string): Promise<{ store: JournalStore; page: JournalEvent[]; stream: JournalEvent[]; selected: JournalEvent[] }> {
    const store = await openStore(path, { cacheDir: caches.path, signal: new AbortController().signal, onProgress: () => {} });
    await store.settled();
    return {
      store,
      page: (await store.page({ offset: 0, limit: 1000 })).events,
      stream: await store.streamEvents(stream),
      selected: await store.readSelection({}, () => {}),
    };
  }

  const ids = (events: readonly JournalEvent[]) => events.map((event) => event.id);
  const BANK_IDS = BANK_EVENTS.map((_, i) => `evt-${i + 1}`);
  const withIds = BANK_EVENTS.map((event, i) => ({ eventId: BANK_IDS[i], ...event }));
  // account-1 is events 1, 3, 5 and 6 of the bank.
  const ACCOUNT_IDS = ['evt-1', 'evt-3', 'evt-5', 'evt-6'];

  it.each([
    // Records read back from the file by their byte spans.
    ['plain NDJSON', 'ids.ndjson', () => withIds.map((e) => JSON.stringify(e)).join('\n') + '\n'],
    // Records kept in the cache as their text.
    ['gzip NDJSON', 'ids.ndjson.gz', () => gzipSync(withIds.map((e) => JSON.stringify(e)).join('\n') + '\n')],
    ['a JSON object holding the events', 'ids-object.json', () => JSON.stringify({ events: withIds }, null, 2)],
  ])('keeps the ids of %s', async (_, name, content) => {
    const path = join(journals.path, name);
    writeFileSync(path, content());
    const { store, page, stream, selected } = await readThrough(path, 'account-1');
    try {
      expect(ids(page)).toEqual(BANK_IDS);
      expect(ids(stream)).toEqual(ACCOUNT_IDS);
      expect(ids(selected)).toEqual(BANK_IDS);
    } finally {
      store.close();
    }
  });

  it('keeps the ids of an imported SQLite store, whose payloads the cache holds (Rails Event Store)', async () => {
    const path = join(journals.path, 'res.sqlite3');
    writeRailsEventStore(path, 'json');
    const { store, page, stream, selected } = await readThrough(path, 'Ordering::Order$42');
    try {
      expect(store.summary.format).toBe('rails-event-store');
      const res = RES_EVENTS.map((e) => e.id);
      // OrderPlaced is linked into three streams and shows its one id in each.
      const global = [res[0], res[0], res[0], res[1], res[2], res[3], res[4], res[5]];
      expect(ids(page)).toEqual(global);
      expect(ids(stream)).toEqual([res[0], res[2]]);
      expect(ids(selected)).toEqual(global);
    } finally {
      store.close();
    }
  });

  it('keeps the ids of a SQLite store read in place, through its narrow index too (Eventuous)', async () => {
    const path = join(journals.path, 'eventuous.sqlite');
    writeEventuous(path);
    const expected = [1, 2, 3, 4].map((n) => `00000000-0000-0000-0000-00000000000${n}`);
    const { store, page, stream, selected } = await readThrough(path, 'Booking-1');
    try {
      expect(ids(page)).toEqual(expected);
      expect(ids(stream)).toEqual([expected[0], expected[2], expected[3]]);
      expect(ids(selected)).toEqual(expected);
      // Filtered through the adopted index, the id still comes from the store's row.
      expect(ids((await store.page({ offset: 0, limit: 10, types: ['V1.PaymentRecorded'] })).events)).toEqual([expected[2]]);
    } finally {
      store.close();
    }
  });

  it.each([
    ['an NDJSON journal without ids', 'bank-no-ids.ndjson', 'account-1', (path: string) => writeNdjson(path, BANK_EVENTS)],
    ['a SQLite store without event ids, read in place', 'hallgren.sqlite', 'Person/7', (path: string) => writeHallgren(path)],
  ])('leaves the id out for %s', async (_, name, streamName, write) => {
    const path = join(journals.path, name);
    write(path);
    const { store, page, stream, selected } = await readThrough(path, streamName);
    try {
      expect(page.length).toBeGreaterThan(0);
      for (const event of [...page, ...stream, ...selected]) expect(event).not.toHaveProperty('id');
    } finally {
      store.close();
    }
  });
});

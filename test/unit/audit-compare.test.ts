// Comparing two exports: journals written to differ in known ways, and what compareJournals says about each pair.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareJournals } from '../../electron/audit/compare.js';
import { pairByVersion } from '../../electron/audit/compare-pairs.js';
import { openStore } from '../../electron/store/open-store.js';
import type { JournalStore } from '../../electron/store/journal-store.js';
import type { JournalEvent } from '../../shared/model.js';
import { BANK_EVENTS, folderFingerprint, tempFolder, writeJsonArray, writeNdjson, writeSqlite } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';

const journals = tempFolder('eventlens-compare-');
const caches = tempFolder('eventlens-compare-cache-');
const opened: JournalStore[] = [];
let before: Record<string, string>;

async function open(name: string): Promise<JournalStore> {
  const store = await openStore(join(journals.path, name), { cacheDir: caches.path, signal: new AbortController().signal, onProgress: () => {} });
  opened.push(store);
  return store;
}

async function compare(a: string, b: string, options: Parameters<typeof compareJournals>[2] = {}) {
  return compareJournals(await open(a), await open(b), options);
}

/** The same events as another store might lay them out: keys reversed, spaced, and in stream order, not time order. */
function writeRelaidOut(path: string, events: FixtureEvent[]): void {
  const lines = [...events]
    .sort((x, y) => (x.stream < y.stream ? -1 : x.stream > y.stream ? 1 : x.version - y.version))
    .map((event) => {
      const reversed = Object.fromEntries(Object.entries(event).reverse());
      return JSON.stringify(reversed, null, 1).replace(/\n\s*/g, ' ');
    });
  writeFileSync(path, lines.join('\r\n') + '\r\n');
}

const without = (events: FixtureEvent[], stream: string, version?: number) => events.filter((e) => !(e.stream === stream && (version === undefined || e.version === version)));

/** A ledger of 50 accounts, 20 deposits each, interleaved in time. */
function ledger(amount: (i: number) => number): FixtureEvent[] {
  const events: FixtureEvent[] = [];
  for (let i = 0; i < 1000; i++) {
    events.push({ stream: `account-${String(i % 50).padStart(2, '0')}`, version: Math.floor(i / 50) + 1, type: 'money_deposited', time: new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString(), data: { amount: amount(i) } });
  }
  return events;
}

beforeAll(() => {
  const dir = journals.path;
  writeNdjson(join(dir, 'bank.ndjson'), BANK_EVENTS);
  writeRelaidOut(join(dir, 'bank-relaid.ndjson'), BANK_EVENTS);
  writeJsonArray(join(dir, 'bank-array.json'), BANK_EVENTS);
  // A SQLite events table, read in place: other positions, SQL datetimes, payloads as text.
  writeSqlite(join(dir, 'bank.sqlite'), BANK_EVENTS);
  writeNdjson(join(dir, 'bank-extended.ndjson'), [
    ...BANK_EVENTS,
    { stream: 'account-2', version: 2, type: 'money_deposited', time: '2026-01-08T09:00:00.000Z', data: { balance: 25, last: { amount: 20 } } },
    { stream: 'account-3', version: 1, type: 'account_opened', time: '2026-01-08T10:00:00.000Z', data: { owner: 'linus', balance: 0 } },
  ]);
  writeNdjson(
    join(dir, 'bank-forged.ndjson'),
    BANK_EVENTS.map((e) => (e.stream === 'account-1' && e.version === 2 ? { ...e, data: { balance: 1000, last: { amount: 1000 } } } : e)),
  );
  // The very last event of the journal, its metadata edited: changed, but nothing was built on it.
  writeNdjson(
    join(dir, 'bank-tip-edited.ndjson'),
    BANK_EVENTS.map((e) => (e.stream === 'user-1' && e.version === 2 ? { ...e, metadata: { actor: 'mallory' } } : e)),
  );
  writeNdjson(join(dir, 'bank-gap.ndjson'), without(BANK_EVENTS, 'account-1', 2));
  // An older export: the last two events (in time) had not happened yet.
  writeNdjson(join(dir, 'bank-older.ndjson'), BANK_EVENTS.slice(0, 5));
  writeNdjson(join(dir, 'bank-no-account-2.ndjson'), without(BANK_EVENTS, 'account-2'));
  writeNdjson(join(dir, 'ledger.ndjson'), ledger((i) => i));
  writeNdjson(join(dir, 'ledger-doubled.ndjson'), ledger((i) => 2 * i));
  before = folderFingerprint(dir);
});

afterAll(() => {
  for (const store of opened) store.close();
  // Comparing reads both journals and never writes to them, nor beside them.
  expect(folderFingerprint(journals.path)).toEqual(before);
  journals.remove();
  caches.remove();
});

describe('comparing two exports of one history', () => {
  it('calls a copy with another byte layout, line order, format or store identical, while the file digests differ', async () => {
    for (const copy of ['bank-relaid.ndjson', 'bank-array.json', 'bank.sqlite']) {
      const result = await compare('bank.ndjson', copy);
      expect(result).toMatchObject({ identical: true, added: 0, removed: 0, modified: 0, rewritten: 0, streamsAdded: [], streamsRemoved: [], differences: [], moreDifferences: 0 });
      expect(result.a.digest.hex).not.toBe(result.b.digest.hex);
      expect(result.a).toMatchObject({ name: 'bank.ndjson', format: 'ndjson', events: 7, digest: { algorithm: 'sha256', bytes: before['bank.ndjson']!.split(':').map(Number)[0] } });
      expect(result.a.digest.hex).toBe(before['bank.ndjson']!.split(':')[1]);
      expect(result.b.name).toBe(copy);
    }
  });

  it('sees B = A plus new events as added only, nothing rewritten', async () => {
    const result = await compare('bank.ndjson', 'bank-extended.ndjson');
    expect(result).toMatchObject({ identical: false, added: 2, removed: 0, modified: 0, rewritten: 0, streamsAdded: ['account-3'], streamsRemoved: [] });
    expect(result.differences.map(({ kind, stream, version, positionA, typeB }) => ({ kind, stream, version, positionA, typeB }))).toEqual([
      { kind: 'added', stream: 'account-2', version: 2, positionA: null, typeB: 'money_deposited' },
      { kind: 'added', stream: 'account-3', version: 1, positionA: null, typeB: 'account_opened' },
    ]);
    // Read the other way round, the same journals are a history cut short: removed, but nothing rewritten.
    const reverse = await compare('bank-extended.ndjson', 'bank.ndjson');
    expect(reverse).toMatchObject({ added: 0, removed: 2, rewritten: 0, streamsRemoved: ['account-3'] });
  });

  it('finds an event modified in place, with its payload changes as paths, as history rewritten', async () => {
    const result = await compare('bank.ndjson', 'bank-forged.ndjson');
    expect(result).toMatchObject({ identical: false, added: 0, removed: 0, modified: 1, rewritten: 1 });
    const [difference] = result.differences;
    expect(difference).toMatchObject({ kind: 'modified', stream: 'account-1', version: 2, positionA: 3, positionB: 3, typeA: 'money_deposited', typeB: 'money_deposited' });
    expect(difference!.changes).toEqual([
      { path: '/data/balance', kind: 'changed', before: 100, after: 1000 },
      { path: '/data/last/amount', kind: 'changed', before: 100, after: 1000 },
    ]);
  });

  it('does not call a change to the last event of history a rewrite', async () => {
    const result = await compare('bank.ndjson', 'bank-tip-edited.ndjson');
    expect(result).toMatchObject({ modified: 1, rewritten: 0 });
    expect(result.differences[0]!.changes).toEqual([{ path: '/metadata/actor', kind: 'changed', before: 'admin', after: 'mallory' }]);
  });

  it('finds an event removed from the middle of a stream as removed and rewritten', async () => {
    const result = await compare('bank.ndjson', 'bank-gap.ndjson');
    expect(result).toMatchObject({ identical: false, added: 0, removed: 1, modified: 0, rewritten: 1, streamsAdded: [], streamsRemoved: [] });
    expect(result.differences).toEqual([{ kind: 'removed', stream: 'account-1', version: 2, positionA: 3, positionB: null, typeA: 'money_deposited', typeB: null }]);
  });

  it('does not call an older export (the tail not yet written) a rewrite', async () => {
    const result = await compare('bank.ndjson', 'bank-older.ndjson');
    expect(result).toMatchObject({ removed: 2, modified: 0, rewritten: 0 });
  });

  it('names a stream that vanished, and counts it as rewritten when history went on after it', async () => {
    const result = await compare('bank.ndjson', 'bank-no-account-2.ndjson');
    expect(result).toMatchObject({ removed: 1, rewritten: 1, streamsRemoved: ['account-2'], streamsAdded: [] });
  });

  it('lists differences up to the cap and counts the rest, reporting progress stream by stream', async () => {
    const progress: [number, number][] = [];
    const result = await compare('ledger.ndjson', 'ledger-doubled.ndjson', { maxDifferences: 10, onProgress: (done, total) => progress.push([done, total]) });
    // Amount 0 doubled is still 0: the first deposit of account-00 is the one event that did not change.
    expect(result).toMatchObject({ modified: 999, added: 0, removed: 0, moreDifferences: 989 });
    expect(result.differences).toHaveLength(10);
    // Streams in order, versions in order within each: the listed ones are account-00's, from version 2.
    expect(result.differences.map((d) => `${d.stream}@${d.version}`)).toEqual(Array.from({ length: 10 }, (_, i) => `account-00@${i + 2}`));
    expect(result.differences[0]!.changes).toEqual([{ path: '/data/amount', kind: 'changed', before: 50, after: 100 }]);
    expect(progress).toHaveLength(50);
    expect(progress.at(-1)).toEqual([50, 50]);
    expect(progress.every(([done], i) => done === i + 1)).toBe(true);
  });

  it('with a cap of 0 lists nothing and still counts everything', async () => {
    const result = await compare('bank.ndjson', 'bank-extended.ndjson', { maxDifferences: 0 });
    expect(result).toMatchObject({ added: 2, differences: [], moreDifferences: 2 });
    await expect(compare('bank.ndjson', 'bank.ndjson', { maxDifferences: -1 })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('stops when cancelled between streams', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const comparing = compare('ledger.ndjson', 'ledger-doubled.ndjson', {
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done === 3) controller.abort();
      },
    });
    await expect(comparing).rejects.toMatchObject({ code: 'cancelled', message: 'Comparing ledger.ndjson with ledger-doubled.ndjson was cancelled.' });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('digests the events of a journal whose file is gone since it was opened: the same events, the same digest', async () => {
    const gone = tempFolder('eventlens-compare-gone-');
    try {
      const open = (name: string, events: FixtureEvent[]) =>
        openStore(writeNdjson(join(gone.path, name), events), { cacheDir: caches.path, signal: new AbortController().signal, onProgress: () => {} });
      const a = await open('left.ndjson', BANK_EVENTS);
      // The same events in the same order, keys laid out otherwise: other bytes, the same canonical events.
      const b = await open('right.ndjson', BANK_EVENTS.map((event) => Object.fromEntries(Object.entries(event).reverse()) as unknown as FixtureEvent));
      opened.push(a, b);
      rmSync(join(gone.path, 'left.ndjson'));
      rmSync(join(gone.path, 'right.ndjson'));
      const result = await compareJournals(a, b);
      expect(result.identical).toBe(true);
      // The events digest is of canonical content in global order, so another byte layout does not change it.
      expect(result.a.digest).toEqual(result.b.digest);
      expect(result.a.digest.bytes).toBeGreaterThan(0);
    } finally {
      gone.remove();
    }
  });

  it('fails as cancelled at once with a signal already aborted', async () => {
    await expect(compare('bank.ndjson', 'bank.ndjson', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('pairing one stream by version', () => {
  const event = (version: number, tag: string) => ({ version, type: tag }) as JournalEvent;
  const pairs = (a: JournalEvent[], b: JournalEvent[]) => [...pairByVersion(a, b)].map(([x, y]) => `${x?.type ?? '-'}${x?.version ?? ''}/${y?.type ?? '-'}${y?.version ?? ''}`);

  it('matches equal versions and leaves the others on their side', () => {
    expect(pairs([event(1, 'a'), event(2, 'a'), event(4, 'a')], [event(1, 'b'), event(3, 'b'), event(4, 'b'), event(5, 'b')])).toEqual(['a1/b1', 'a2/-', '-/b3', 'a4/b4', '-/b5']);
  });

  it('pairs duplicate versions occurrence by occurrence, so an extra duplicate shows', () => {
    expect(pairs([event(1, 'a'), event(1, 'x'), event(2, 'a')], [event(1, 'b'), event(2, 'b')])).toEqual(['a1/b1', 'x1/-', 'a2/b2']);
  });
});

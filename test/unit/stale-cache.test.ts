// What is shown is what the file holds, now: a cache never answers for bytes other than the file's. Each attack an
// auditor's adversary tried (an edit of the same size with the modification time set back, `cp -p` twins, a SQLite
// page edited in place, a cache whose bytes differ while the file's identity looks the same) is reproduced here and
// the file's current bytes must win.
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { BANK_EVENTS, tempFolder, writeNdjson, writeSqlite } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';

const folder = tempFolder('eventlens-stale-');
const caches = tempFolder('eventlens-stale-cache-');
afterAll(() => {
  folder.remove();
  caches.remove();
});

const service = (cacheDir = caches.path) => new JournalService({ samplePath: join(folder.path, 'none'), cacheDir });
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A whole second, so that setting a file's times back (as `touch -r` does) restores them exactly. */
const WRITTEN = new Date('2026-01-08T12:00:00.000Z');

/** The file as written at WRITTEN. */
function written(path: string): string {
  utimesSync(path, WRITTEN, WRITTEN);
  return path;
}

/** Replaces text in the file with text of the same length, then sets its access and modification times back. */
function editKeepingTimes(path: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const before = statSync(path);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  utimesSync(path, before.atime, before.mtime);
  expect(statSync(path).size).toBe(before.size);
  expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
}

/**
 * The bank events between 1,000 padded events of other streams on either side: more than 2 MB, so the bank events lie
 * outside the first and last megabyte a cache key may sample.
 */
function paddedBank(): FixtureEvent[] {
  const padding = (from: number) =>
    Array.from({ length: 1000 }, (_, i) => ({ stream: `pad-${from + (i % 10)}`, version: Math.floor(i / 10) + 1, type: 'padded', time: '2026-01-01T00:00:00.000Z', data: { padding: 'x'.repeat(2000) } }));
  return [...padding(0), ...BANK_EVENTS, ...padding(10)];
}

async function withService<T>(use: (s: JournalService) => Promise<T>, cacheDir?: string): Promise<T> {
  const s = service(cacheDir);
  try {
    return await use(s);
  } finally {
    await s.close();
  }
}

/** The balances account events hold. */
const balances = async (s: JournalService, stream: string) =>
  (await s.events({ stream, limit: 100 })).events.map((event) => (event.data as { balance?: number } | null)?.balance ?? null);

describe('an NDJSON journal edited in the middle, its size and modification time kept', () => {
  it('is read again on the next open: events, search, audit and diff see the new bytes', async () => {
    const original = writeNdjson(join(folder.path, 'original.ndjson'), paddedBank());
    expect(statSync(original).size).toBeGreaterThan(3 * 1024 * 1024);
    const path = join(folder.path, 'journal.ndjson');
    copyFileSync(original, path);
    written(path);
    const before = await withService(async (s) => {
      await s.openJournal({ path });
      return { audit: await s.audit() };
    });
    expect(before.audit.findings.filter((f) => f.severity === 'error')).toEqual([]);
    // Version 2 of account-1 becomes a second version 3: a duplicate and a gap, in a file of the same size and time.
    editKeepingTimes(path, '"stream":"account-1","version":2,', '"stream":"account-1","version":3,');

    await withService(async (s) => {
      await s.openJournal({ path });
      // Versions live in the cache's narrow index (payloads are read back from the file): they must be the new ones.
      expect((await s.events({ stream: 'account-1', limit: 10 })).events.map((event) => event.version)).toEqual([1, 3, 3, 4]);
      const audit = await s.audit();
      const kinds = audit.findings.filter((f) => f.severity === 'error').map((f) => f.kind);
      expect(kinds.length, JSON.stringify(audit.findings)).toBeGreaterThan(0);
      expect(audit.digest.hex).toBe(sha256(path));
      const comparison = await s.compare({ path: original });
      expect(comparison.identical).toBe(false);
    });
  });

  it('is read again while open: the next question answers from the new bytes', async () => {
    const path = written(writeNdjson(join(folder.path, 'open.ndjson'), paddedBank()));
    await withService(async (s) => {
      await s.openJournal({ path });
      const first = await balances(s, 'account-1');
      expect(first).toContain(100);
      editKeepingTimes(path, '"balance":100', '"balance":900');
      editKeepingTimes(path, '"type":"note_added"', '"type":"note_fixed"');
      const now = await balances(s, 'account-1');
      expect(now).toContain(900);
      expect(now).not.toContain(100);
      // The type is an indexed column: the cache of the bytes before would still say note_added.
      expect((await s.events({ stream: 'account-1', limit: 10 })).events.map((event) => event.type)).toContain('note_fixed');
      expect((await s.events({ text: '900', limit: 10 })).total).toBeGreaterThan(0);
      expect((await s.audit()).digest.hex).toBe(sha256(path));
    });
  });
});

describe('two copies that share size, modification time and first and last megabyte (cp -p twins)', () => {
  it('each answer for their own bytes, even from one cache folder', async () => {
    // More than 2 MB, so the middle lies outside the bytes a key may sample; padded events in the middle differ.
    const padding = 'x'.repeat(4000);
    const events = Array.from({ length: 1200 }, (_, i) => ({ stream: `s-${i % 10}`, version: Math.floor(i / 10) + 1, type: 'noted', time: '2026-01-01T00:00:00.000Z', data: { i, padding } }));
    const a = writeNdjson(join(folder.path, 'twin-a.ndjson'), events);
    const b = join(folder.path, 'twin-b.ndjson');
    // Event 600's type differs: an indexed column, which a cache shared by the twins would get wrong for one of them.
    const lines = readFileSync(a, 'utf8').split('\n');
    lines[600] = lines[600]!.replace('"type":"noted"', '"type":"fixed"');
    writeFileSync(b, lines.join('\n'));
    written(a);
    written(b);
    expect(statSync(b).size).toBe(statSync(a).size);
    expect(statSync(a).size).toBeGreaterThan(3 * 1024 * 1024);
    for (const [path, fixed] of [
      [a, 0],
      [b, 1],
      [a, 0],
    ] as const) {
      await withService(async (s) => {
        await s.openJournal({ path });
        expect((await s.events({ types: ['fixed'], limit: 10 })).total).toBe(fixed);
      });
    }
  });
});

describe('a SQLite store edited in place, its modification time set back', () => {
  it('shows the renamed stream on the next open and while open', async () => {
    const path = written(writeSqlite(join(folder.path, 'store.sqlite'), BANK_EVENTS));
    await withService(async (s) => {
      await s.openJournal({ path });
      expect((await s.streams()).map((stream) => stream.stream)).toContain('account-1');
      const before = statSync(path);
      const db = new Database(path);
      db.prepare("UPDATE events SET stream_id = 'account-9' WHERE stream_id = 'account-1'").run();
      db.close();
      utimesSync(path, before.atime, before.mtime);
      expect(readdirSync(folder.path).filter((name) => name.startsWith('store.sqlite-'))).toEqual([]);
      const streams = (await s.streams()).map((stream) => stream.stream);
      expect(streams).toContain('account-9');
      expect(streams).not.toContain('account-1');
    });
    await withService(async (s) => {
      await s.openJournal({ path });
      expect((await s.streams()).map((stream) => stream.stream)).toContain('account-9');
    });
  });
});

describe('a cache whose bytes differ from the file while the file looks the same to the OS', () => {
  it('is caught by the digest an audit takes, built again, and the audit answers for the file', async () => {
    const path = written(writeNdjson(join(folder.path, 'forged-cache.ndjson'), BANK_EVENTS));
    const own = tempFolder('eventlens-stale-own-cache-');
    await withService(async (s) => {
      await s.openJournal({ path });
      expect((await s.streams()).map((stream) => stream.stream)).toContain('account-1');
    }, own.path);
    // Only root can set a change time back; its effect is a cache built from other bytes under an unchanged identity.
    // Here the cache itself is altered: its stream renamed and its recorded digest that of other bytes.
    const [cacheFile, ...others] = readdirSync(join(own.path, 'journals')).filter((name) => /^[0-9a-f]{40}\.sqlite$/.test(name));
    expect(others).toEqual([]);
    const cache = new Database(join(own.path, 'journals', cacheFile!));
    expect(cache.prepare("SELECT value FROM meta WHERE key = 'digest'").pluck().get()).toBe(sha256(path));
    cache.prepare("UPDATE events SET stream = 'forged' WHERE stream = 'account-1'").run();
    cache.prepare("UPDATE streams SET stream = 'forged' WHERE stream = 'account-1'").run();
    cache.prepare("UPDATE meta SET value = ? WHERE key = 'digest'").run('0'.repeat(64));
    cache.close();
    await withService(async (s) => {
      await s.openJournal({ path });
      // The identity matches, so the open itself trusts the cache...
      expect((await s.streams()).map((stream) => stream.stream)).toContain('forged');
      // ...but no audit answers from it: the file's digest differs from the one recorded, and the cache is rebuilt.
      const audit = await s.audit();
      expect(audit.digest.hex).toBe(sha256(path));
      const streams = (await s.streams()).map((stream) => stream.stream);
      expect(streams).toContain('account-1');
      expect(streams).not.toContain('forged');
    }, own.path);
    own.remove();
  });
});

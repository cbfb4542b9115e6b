// WAL is evidence too: a SQLite journal copied with its -wal (or an unfinished transaction's -journal) is read as
// SQLite reads it, nothing is written beside it, and a finding says what the main file alone would not have shown.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { tempFolder } from '../support/fixtures.js';

const folder = tempFolder('eventlens-wal-');
const caches = tempFolder('eventlens-wal-cache-');
afterAll(() => {
  folder.remove();
  caches.remove();
});

/** Name, size and SHA-256 of every file in the folder: the same before and after means nothing was written. */
function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, `${statSync(join(dir, name)).size}:${createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')}`]),
  );
}

/** What SQLite itself reads of the copied files: a scratch copy opened the ordinary way. */
function sqliteCount(dir: string, file: string, query: string): number {
  const scratch = tempFolder('eventlens-wal-scratch-');
  try {
    for (const name of readdirSync(dir)) if (name.startsWith(file)) copyFileSync(join(dir, name), join(scratch.path, name));
    const db = new Database(join(scratch.path, file));
    try {
      return db.prepare(query).pluck().get() as number;
    } finally {
      db.close();
    }
  } finally {
    scratch.remove();
  }
}

/** A process with the database open (and read once), until close(). */
async function holdOpen(path: string): Promise<{ close: () => Promise<void> }> {
  const script = `const Database = require('better-sqlite3'); const db = new Database(process.argv[1]);
    db.prepare('SELECT count(*) FROM sqlite_master').get(); process.stdout.write('ready\\n');
    process.stdin.on('end', () => { db.close(); process.exit(0); }); process.stdin.resume();`;
  const child = spawn(process.execPath, ['-e', script, path], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the holding process exited (${code})`)));
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

async function opened(path: string) {
  const service = new JournalService({ samplePath: join(folder.path, 'none'), cacheDir: caches.path });
  try {
    const summary = await service.openJournal({ path });
    const page = await service.events({ limit: 1000 });
    const audit = await service.audit();
    return { summary, page, audit };
  } finally {
    await service.close();
  }
}

describe('a SQLite journal copied with its write-ahead log', () => {
  it('written by the real Emmett client: every committed event is read, and a finding says the log was read', async () => {
    const live = join(folder.path, 'live');
    const evidence = join(folder.path, 'emmett');
    for (const dir of [live, evidence]) await import('node:fs').then((fs) => fs.mkdirSync(dir));
    const store = getSQLiteEventStore({ fileName: join(live, 'emmett.db'), schema: { autoMigration: 'CreateOrUpdate' } });
    await store.appendToStream('account-1', [{ type: 'AccountOpened', data: { owner: 'ada' } }]);
    // Another process of the application reads the store meanwhile: the client's connections, closed after each
    // call, are then not the last, so the log stays as a running store keeps it (no checkpoint on close). A process
    // of its own: SQLite's file locks do not tell apart two connections of one process.
    const reader = await holdOpen(join(live, 'emmett.db'));
    try {
      await store.appendToStream('account-1', [{ type: 'MoneyDeposited', data: { amount: 100 } }], { expectedStreamVersion: 1n });
      await store.appendToStream('user-1', [{ type: 'UserRegistered', data: { name: 'Ada' } }]);
      // The store runs: its latest events are in the -wal. Copied as they lie, as one copies a running store's files.
      for (const name of readdirSync(live)) if (name !== 'emmett.db-shm') copyFileSync(join(live, name), join(evidence, name));
    } finally {
      await reader.close();
    }
    expect(statSync(join(evidence, 'emmett.db-wal')).size).toBeGreaterThan(0);
    const path = join(evidence, 'emmett.db');
    const expected = sqliteCount(evidence, 'emmett.db', "SELECT count(*) FROM emt_messages WHERE message_kind = 'E'");
    expect(expected).toBe(3);
    const before = fingerprint(evidence);

    const { summary, page, audit } = await opened(path);
    expect(summary.format).toBe('emmett');
    expect(summary.events).toBe(expected);
    expect(page.events.map((event) => event.type)).toEqual(['AccountOpened', 'MoneyDeposited', 'UserRegistered']);
    const finding = summary.findings.find((f) => f.kind === 'sidecar-read');
    expect(finding?.message).toMatch(/^emmett\.db was read with \d[\d,]* frames? of its write-ahead log \(emmett\.db-wal\)/);
    expect(audit.findings.some((f) => f.kind === 'sidecar-read')).toBe(true);
    // Nothing beside the evidence: no -shm, no checkpoint into the main file, no change to the log.
    expect(fingerprint(evidence)).toEqual(before);
  });

  it('read again when the log grows: the copy and the cache follow the files', async () => {
    const dir = join(folder.path, 'growing');
    await import('node:fs').then((fs) => fs.mkdirSync(dir));
    const path = join(dir, 'events.sqlite');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT, version INTEGER, event_type TEXT, data TEXT, created_at TEXT)');
    const insert = db.prepare("INSERT INTO events (stream_id, version, event_type, data, created_at) VALUES ('s-1', ?, 'noted', '{}', '2026-01-01 00:00:00')");
    insert.run(1);
    db.pragma('wal_checkpoint(TRUNCATE)');
    insert.run(2);
    insert.run(3);
    try {
      // Immutable, the main file alone holds one event; SQLite reads three.
      const alone = new Database(`file:${path}?immutable=1`, { readonly: true });
      expect(alone.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1);
      alone.close();
      expect((await opened(path)).summary.events).toBe(3);
      insert.run(4);
      expect((await opened(path)).summary.events).toBe(4);
    } finally {
      db.close();
    }
  });
});

describe('a SQLite journal copied in the middle of a transaction, with its rollback journal', () => {
  it('is read as SQLite reads it: the unfinished transaction rolled back', async () => {
    const live = join(folder.path, 'rollback-live');
    const evidence = join(folder.path, 'rollback');
    for (const dir of [live, evidence]) await import('node:fs').then((fs) => fs.mkdirSync(dir));
    const path = join(live, 'events.sqlite');
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT, version INTEGER, event_type TEXT, data TEXT, created_at TEXT)');
    const insert = db.prepare("INSERT INTO events (stream_id, version, event_type, data, created_at) VALUES ('s-1', ?, 'noted', ?, '2026-01-01 00:00:00')");
    insert.run(1, JSON.stringify({ n: 1 }));
    // A small page cache spills the unfinished transaction's pages into the main file; the -journal keeps the old ones.
    db.pragma('cache_size = 2');
    db.exec('BEGIN');
    for (let version = 2; version <= 400; version++) insert.run(version, JSON.stringify({ n: version, padding: 'x'.repeat(2000) }));
    for (const name of readdirSync(live)) copyFileSync(join(live, name), join(evidence, name));
    db.exec('ROLLBACK');
    db.close();
    const copied = join(evidence, 'events.sqlite');
    expect(statSync(`${copied}-journal`).size).toBeGreaterThan(0);
    expect(sqliteCount(evidence, 'events.sqlite', 'SELECT count(*) FROM events')).toBe(1);
    const before = fingerprint(evidence);

    const { summary } = await opened(copied);
    expect(summary.events).toBe(1);
    expect(summary.findings.find((f) => f.kind === 'sidecar-read')?.message).toMatch(/rollback journal \(events\.sqlite-journal\) held a transaction that did not finish/);
    expect(fingerprint(evidence)).toEqual(before);
  });
});

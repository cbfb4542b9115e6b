// Journals the tests write themselves, in each supported layout, plus the evidence checks run on them.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Json } from '../../shared/model.js';

export interface FixtureEvent {
  stream: string;
  version: number;
  type: string;
  time: string;
  data: Json;
  metadata?: Json;
}

/** A small bank: two accounts and a user, with a non-object payload and a deletion to exercise replay. */
export const BANK_EVENTS: FixtureEvent[] = [
  { stream: 'account-1', version: 1, type: 'account_opened', time: '2026-01-05T09:00:00.000Z', data: { owner: 'ada', balance: 0, flags: { vip: false } } },
  { stream: 'user-1', version: 1, type: 'user_created', time: '2026-01-05T09:00:30.000Z', data: { name: 'Ada', email: 'ada@example.com' } },
  { stream: 'account-1', version: 2, type: 'money_deposited', time: '2026-01-05T10:15:00.000Z', data: { balance: 100, last: { amount: 100 } } },
  { stream: 'account-2', version: 1, type: 'account_opened', time: '2026-01-06T08:00:00.000Z', data: { owner: 'grace', balance: 5 } },
  { stream: 'account-1', version: 3, type: 'note_added', time: '2026-01-06T11:00:00.000Z', data: 'free text, not an object' },
  { stream: 'account-1', version: 4, type: 'money_withdrawn', time: '2026-01-07T12:00:00.000Z', data: { balance: 40, last: { amount: 60 }, flags: null } },
  { stream: 'user-1', version: 2, type: 'user_updated', time: '2026-01-07T12:30:00.000Z', data: { email: 'ada@example.org', phone: '+1-555-0100' }, metadata: { actor: 'admin' } },
];

export function tempFolder(prefix = 'eventlens-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function writeNdjson(path: string, events: FixtureEvent[]): string {
  writeFileSync(path, events.map((e) => JSON.stringify({ position: undefined, ...e })).join('\n') + '\n');
  return path;
}

export function writeJsonArray(path: string, events: FixtureEvent[]): string {
  // Other common names, so the reader's name matching is exercised: streamId, eventType, payload, timestamp.
  const rows = events.map((e) => ({ streamId: e.stream, streamVersion: e.version, eventType: e.type, timestamp: e.time, payload: e.data, metadata: e.metadata ?? null }));
  writeFileSync(path, JSON.stringify(rows, null, 2));
  return path;
}

/** A generic SQLite events table in WAL mode, payloads as JSON text and times as SQL datetimes. */
export function writeSqlite(path: string, events: FixtureEvent[]): string {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE snapshots (aggregate_id TEXT, body TEXT);
    CREATE TABLE events (
      global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
      event_type TEXT NOT NULL, data BLOB, metadata TEXT, created_at TEXT)`);
  const insert = db.prepare('INSERT INTO events (stream_id, version, event_type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const e of events) {
      const sqlTime = e.time.replace('T', ' ').replace('Z', '');
      insert.run(e.stream, e.version, e.type, JSON.stringify(e.data), e.metadata === undefined ? null : JSON.stringify(e.metadata), sqlTime);
    }
  })();
  db.close();
  return path;
}

/** Name, size and SHA-256 of every file in a folder: equal before and after means nothing was written or added. */
export function folderFingerprint(folder: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    const info = statSync(path);
    result[name] = info.isFile() ? `${info.size}:${createHash('sha256').update(readFileSync(path)).digest('hex')}` : 'dir';
  }
  return result;
}

/** The text as a file in `folder`, gzip-compressed (with ".gz" added to its name) when asked. */
export function writeText(folder: string, name: string, text: string, gzip: boolean): string {
  const path = join(folder, gzip ? `${name}.gz` : name);
  writeFileSync(path, gzip ? gzipSync(Buffer.from(text), { level: 1 }) : text);
  return path;
}

// The tables every cache file holds: what a journal's summary and stream list need, so a reopen reads them at once.
import { existsSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { openWritable } from '../readers/sqlite-open.js';
import type { Finding, StreamSummary } from '../../shared/model.js';

/** Bumped when the cache layout or what readers produce changes: older cache files are then rebuilt. */
export const CACHE_VERSION = '11';

/**
 * The summary of a journal imported into a cache file (these tables, and the counts and times in meta) is written
 * once, with the rest of the build, and never after: summary-card.ts keeps a copy of it beside the file for the CLI,
 * which relies on that.
 */
export const SUMMARY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
  CREATE TABLE IF NOT EXISTS streams (stream TEXT PRIMARY KEY, events INTEGER NOT NULL, first_version INTEGER, last_version INTEGER, first_ms INTEGER, last_ms INTEGER);
  CREATE TABLE IF NOT EXISTS types (type TEXT PRIMARY KEY, count INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS findings (id INTEGER PRIMARY KEY, severity TEXT, kind TEXT, place TEXT, message TEXT);
`;

export function readMeta(db: Database.Database): Map<string, string> {
  return new Map((db.prepare('SELECT key, value FROM meta').raw(true).all() as [string, string][]).map(([k, v]) => [k, v]));
}

export function writeMeta(db: Database.Database, values: Record<string, string | number | null>): void {
  const insert = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  for (const [key, value] of Object.entries(values)) insert.run(key, value === null ? null : String(value));
}

export function writeFindings(db: Database.Database, findings: readonly Finding[]): void {
  const insert = db.prepare('INSERT INTO findings (severity, kind, place, message) VALUES (?, ?, ?, ?)');
  for (const f of findings) insert.run(f.severity, f.kind, f.place, f.message);
}

export function readFindings(db: Database.Database): Finding[] {
  return db.prepare('SELECT severity, kind, place, message FROM findings ORDER BY id').all() as Finding[];
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export function readStreams(db: Database.Database): StreamSummary[] {
  const rows = db
    .prepare('SELECT stream, events, first_version, last_version, first_ms, last_ms FROM streams ORDER BY stream')
    .raw(true)
    .all() as [string, number, number, number, number | null, number | null][];
  return rows.map(([stream, events, firstVersion, lastVersion, firstMs, lastMs]) => ({
    stream,
    events,
    firstVersion,
    lastVersion,
    firstTime: isoOrNull(firstMs),
    lastTime: isoOrNull(lastMs),
  }));
}

/** Whether a cache file's meta says it was finished for this journal key by this version of Eventlens. */
export function isCompleteMeta(meta: Map<string, string>, key: string): boolean {
  return meta.get('complete') === '1' && meta.get('key') === key && meta.get('cacheVersion') === CACHE_VERSION;
}

/** Whether a cache file was finished for this journal key by this version of Eventlens; an unreadable one is removed. */
export function isCompleteCache(file: string, key: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const db = openWritable(file);
    try {
      return isCompleteMeta(readMeta(db), key);
    } finally {
      db.close();
    }
  } catch {
    // An unreadable cache file is rebuilt, never trusted.
    rmSync(file, { force: true });
    return false;
  }
}

// The cache folder holds copies of journals' payloads: it is private to the user (folders 0700, files 0600, whatever
// the journal's own mode), bounded in size (least recently used entries go first), and listed or cleared on demand
// (`eventlens cache --list`, `--clear`).
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openReadOnly, openWritable } from '../readers/sqlite-open.js';
import { readMeta } from './summary-schema.js';

/** The default bound of the cache folder: 20 GiB, or EVENTLENS_CACHE_LIMIT_BYTES. */
export function defaultCacheLimit(): number {
  const set = Number(process.env.EVENTLENS_CACHE_LIMIT_BYTES);
  return Number.isSafeInteger(set) && set > 0 ? set : 20 * 1024 ** 3;
}

export const journalsFolder = (cacheDir: string) => join(cacheDir, 'journals');

/** Creates (or narrows) the cache folder and its journals folder to this user alone. */
export function privateCacheFolder(cacheDir: string): void {
  for (const dir of [cacheDir, journalsFolder(cacheDir)]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
}

/** A file the cache just created, made this user's alone (SQLite creates files as the umask allows). */
export function privateFile(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch {
    // Gone already (a build removed on cancel): nothing to protect.
  }
}

/** A cache database the app creates, private from its first byte on. */
export function openPrivate(path: string): Database.Database {
  const db = openWritable(path);
  privateFile(path);
  return db;
}

/** One journal's cache: its files (cache, summary, index, card, a SQLite journal's private copy) share the key. */
export interface CacheEntry {
  key: string;
  /** The journal the entry was built from, as recorded (null when the entry holds no readable meta). */
  source: string | null;
  bytes: number;
  /** When a journal last opened it (milliseconds since the epoch). */
  usedMs: number;
  files: string[];
}

const KEY = /^([0-9a-f]{40})(?:(?:-(?:summary|index|copy))?(?:\.sqlite)?|-card\.json)$/;

function sizeOf(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/**
 * The entries of the cache folder, least recently used first; `sources` reads each entry's journal path from its meta
 * (a database open per entry: for listing, not for every open's eviction).
 */
export function cacheEntries(cacheDir: string, sources = true): CacheEntry[] {
  const folder = journalsFolder(cacheDir);
  if (!existsSync(folder)) return [];
  const entries = new Map<string, CacheEntry>();
  for (const name of readdirSync(folder)) {
    const key = KEY.exec(name)?.[1];
    if (key === undefined) continue;
    const path = join(folder, name);
    let bytes: number;
    let usedMs: number;
    try {
      bytes = sizeOf(path);
      usedMs = statSync(path).mtimeMs;
    } catch {
      continue;
    }
    const entry = entries.get(key) ?? { key, source: null, bytes: 0, usedMs: 0, files: [] };
    entry.bytes += bytes;
    entry.usedMs = Math.max(entry.usedMs, usedMs);
    entry.files.push(path);
    entries.set(key, entry);
  }
  if (sources) for (const entry of entries.values()) entry.source = sourceOf(entry);
  return [...entries.values()].sort((a, b) => a.usedMs - b.usedMs);
}

function sourceOf(entry: CacheEntry): string | null {
  const file = entry.files.find((path) => path.endsWith(`${entry.key}.sqlite`) || path.endsWith(`${entry.key}-summary.sqlite`));
  if (file === undefined) return null;
  try {
    const db = openReadOnly(file);
    try {
      return readMeta(db).get('source') ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** Entries stores of this process have open, counted: never evicted nor discarded while open. */
const open = new Map<string, number>();

/** Counts an entry open until the returned release is called (once). */
export function holdEntry(key: string): () => void {
  open.set(key, (open.get(key) ?? 0) + 1);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    const count = (open.get(key) ?? 1) - 1;
    if (count === 0) open.delete(key);
    else open.set(key, count);
  };
}

export const isHeld = (key: string) => open.has(key);

/** Marks an entry used now, so the bound evicts others first. */
export function touchEntry(cacheDir: string, key: string): void {
  const now = new Date();
  for (const suffix of ['.sqlite', '-summary.sqlite']) {
    try {
      utimesSync(join(journalsFolder(cacheDir), `${key}${suffix}`), now, now);
    } catch {
      // That file is not part of this entry.
    }
  }
}

export function removeEntry(entry: CacheEntry): void {
  for (const file of entry.files) {
    try {
      rmSync(file, { recursive: true, force: true });
    } catch {
      // Held open elsewhere (Windows): removed by a later eviction or clear.
    }
  }
}

/**
 * Removes the least recently used entries until the folder holds at most `limitBytes`, never `keep` (the journal
 * just opened). A file another process still reads stays readable to it: Unix removes its name only.
 */
export function evictCache(cacheDir: string, limitBytes: number, keep: string): CacheEntry[] {
  const entries = cacheEntries(cacheDir, false);
  let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  const evicted: CacheEntry[] = [];
  for (const entry of entries) {
    if (total <= limitBytes) break;
    if (entry.key === keep || isHeld(entry.key)) continue;
    removeEntry(entry);
    total -= entry.bytes;
    evicted.push(entry);
  }
  return evicted;
}

/** Removes every entry; returns what was removed. */
export function clearCache(cacheDir: string): CacheEntry[] {
  const entries = cacheEntries(cacheDir);
  for (const entry of entries) removeEntry(entry);
  return entries;
}

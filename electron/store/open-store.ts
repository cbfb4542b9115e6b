// Opening a journal for queries: SQLite stores read in place when their layout allows it; every other journal is
// imported once into a cache file, which later opens reuse while the file is unchanged.
import { isPgTarget } from '../postgres/pg-target.js';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import { detectFileKind } from '../readers/detect.js';
import type { ColumnMap, ReadContext } from '../readers/formats/types.js';
import { FindingLog } from '../readers/loaded-journal.js';
import { listTables, openWritable } from '../readers/sqlite-open.js';
import { chooseSqliteLayout, openSqliteJournal, sqlOnReadingIn } from '../readers/sqlite-reader.js';
import { removeAbandonedBuilds } from './abandoned-builds.js';
import { cacheFileFor, journalCacheKey } from './cache-key.js';
import { summaryFromCache } from './cached-summary.js';
import { cardFileFor } from './summary-card.js';
import type { ImportProgress } from './import-journal.js';
import { runCacheIndex, runImport } from './importer.js';
import { cacheRowDecoder } from './record-decoder.js';
import { openInPlace } from './in-place.js';
import type { JournalStore } from './journal-store.js';
import { isSqliteDamage } from './row-source.js';
import { SourceRecords } from './source-records.js';
import { SqlJournalStore } from './sql-store.js';
import { isCompleteCache, readMeta } from './summary-schema.js';
import { cacheEvidence, journalIdentity } from './evidence.js';
import { privateCopy } from './sqlite-sidecars.js';
import { defaultCacheLimit, evictCache, holdEntry, isHeld, privateCacheFolder, touchEntry } from './cache-folder.js';
import { sha256OfFile } from './file-sha256.js';

export interface OpenOptions {
  cacheDir: string;
  /** The name shown for the journal (the sample's, an upload's original name). */
  name?: string;
  map?: ColumnMap;
  cipherKey?: string;
  /** A live store's password, given apart from its URL. */
  password?: string;
  /** A live store of more events than this answers with its stream list's counts first (PgOpenOptions). */
  listFirstAbove?: number;
  signal: AbortSignal;
  /** Builds the cache again even where one is there (its recorded digest no longer matched the file). */
  rebuild?: boolean;
  /** The cache folder's bound (cache-folder.ts defaultCacheLimit when not given). */
  cacheLimitBytes?: number;
  onProgress: (progress: ImportProgress & { totalBytes: number }) => void;
}

/**
 * Where a live store's open stops waiting for the streams' times and the type counts (the app): at a million events a
 * full read takes seconds, and the stream list's counts alone come in about the time psql's GROUP BY takes.
 */
export const LIST_FIRST_ABOVE = 1_000_000;

export async function openStore(path: string, options: OpenOptions): Promise<JournalStore> {
  // A live store is queried where it is: nothing of it is cached here.
  if (isPgTarget(path)) return openLiveStore(path, options);
  const { store, key } = await openStoreOf(path, options);
  // The entry just opened is the most recently used; the folder's bound then evicts others, never this one.
  touchEntry(options.cacheDir, key);
  const release = holdEntry(key);
  evictCache(options.cacheDir, options.cacheLimitBytes ?? defaultCacheLimit(), key);
  const close = store.close.bind(store);
  store.close = () => {
    release();
    close();
  };
  store.discard = () => {
    store.close();
    // Another store of this process may have the same entry open (the same copy, opened again): it stays then.
    if (!isHeld(key)) removeCacheEntry(options.cacheDir, key);
  };
  return store;
}

async function openLiveStore(url: string, options: OpenOptions): Promise<JournalStore> {
  // Refused rather than ignored: live stores are read without one, so a key given would seem to be used and is not.
  if (options.cipherKey !== undefined) {
    throw new JournalError('bad-request', 'A cipher key decrypts a store file (eventsourcing-python AES-GCM); a live store at a postgres:// URL is read without one.');
  }
  const { openPgStore } = await import('../postgres/pg-store.js');
  return openPgStore(url, {
    signal: options.signal,
    ...(options.password !== undefined && { password: options.password }),
    ...(options.map !== undefined && { map: options.map }),
    ...(options.listFirstAbove !== undefined && { listFirstAbove: options.listFirstAbove }),
  });
}

async function openStoreOf(path: string, options: OpenOptions): Promise<{ store: JournalStore; key: string }> {
  const name = options.name ?? basename(path);
  privateCacheFolder(options.cacheDir);
  const { kind, info } = await detectFileKind(path);
  const read: Pick<ReadContext, 'map' | 'cipherKey'> = {
    ...(options.map && { map: options.map }),
    ...(options.cipherKey && { cipherKey: options.cipherKey }),
  };
  const { key, sidecars } = await journalCacheKey(path, info, kind === 'sqlite', read);
  const identity = journalIdentity(path, info);
  removeAbandonedBuilds(dirname(cacheFileFor(options.cacheDir, key)));
  // A cache whose recorded digest did not match the file (evidence.ts) is built again from the file.
  if (options.rebuild) removeCacheEntry(options.cacheDir, key);
  // A SQLite journal with a -wal or -journal beside it is read from a settled private copy (sqlite-sidecars.ts).
  const copy = sidecars === '' ? null : privateCopy(path, name, copyFolder(options.cacheDir, key));
  const readPath = copy?.path ?? path;
  const withCopyFinding = (store: JournalStore): JournalStore => {
    if (copy !== null) store.summary.findings.unshift(copy.finding);
    return store;
  };

  // Read in place (SQL on this thread) only when reading runs no SQL of the file's own: views, virtual tables,
  // generated columns and planner statistics may make it never end, so such a store is imported from a plain copy.
  if (kind === 'sqlite' && sqlOnReadingIn(readPath).length === 0) {
    const db = openSqliteJournal(readPath);
    let keepOpen = false;
    try {
      const tables = listTables(db);
      const context: ReadContext = { file: name, findings: new FindingLog(), ...read };
      const layout = chooseSqliteLayout(tables, name, context);
      const select = layout.inPlaceSelect?.(tables, context) ?? null;
      if (select !== null) {
        const summaryFile = cacheFileFor(options.cacheDir, `${key}-summary`);
        const digesting = isCompleteCache(summaryFile, key) ? null : digestWhileBuilding(path, options.signal);
        const store = await openInPlace({ db, select, summaryFile, format: layout.id, path, readPath, name, key, identity });
        keepOpen = true;
        await recordDigest(store, digesting);
        return { store: withCopyFinding(store), key };
      }
    } catch (error) {
      // A damaged page, met by the summary's pass over every row (here or in a worker): the import reads around it,
      // so the events before it stay usable, with a finding that says where reading stopped.
      if (!isDamageMet(error)) {
        if (error instanceof JournalError) throw error;
        throw new JournalError('bad-format', `${name} could not be read as SQLite: ${(error as Error).message}.`);
      }
    } finally {
      if (!keepOpen) db.close();
    }
  }

  const cacheFile = cacheFileFor(options.cacheDir, key);
  let digesting: Promise<string | null> | null = null;
  if (!isCompleteCache(cacheFile, key)) {
    digesting = digestWhileBuilding(path, options.signal);
    try {
      await runImport({ path: readPath, cacheFile, key, read }, (progress) => options.onProgress({ ...progress, totalBytes: info.size }), options.signal);
    } catch (error) {
      removePartialBuilds(cacheFile);
      throw error;
    }
  }
  const store = openCache(cacheFile, path, name, identity);
  await recordDigest(store, digesting);
  return { store: withCopyFinding(store), key };
}

/** SQLite's damage, as this thread meets it or as a worker reports it (import-worker.ts). */
function isDamageMet(error: unknown): boolean {
  if (isSqliteDamage(error)) return true;
  return error instanceof JournalError && error.code === 'bad-format' && /could not be read as SQLite: (database disk image is malformed|file is not a database|disk I\/O error)/.test(error.message);
}

/** The private folder of a SQLite journal's settled copy, part of its cache entry. */
function copyFolder(cacheDir: string, key: string): string {
  return join(dirname(cacheFileFor(cacheDir, key)), `${key}-copy`);
}

/**
 * The file's SHA-256, taken beside the build (this thread hashes while workers parse; the bytes come from the page
 * cache the build warms), so an audit can later tell whether the cache answers for the bytes there now. Null when
 * the file could not be read to the end (cancelled, gone): the first audit records it then.
 */
function digestWhileBuilding(path: string, signal: AbortSignal): Promise<string | null> {
  return sha256OfFile(path, signal).catch(() => null);
}

async function recordDigest(store: JournalStore, digesting: Promise<string | null> | null): Promise<void> {
  const hex = digesting === null ? null : await digesting;
  if (hex !== null) store.evidence?.recordDigest(hex);
}

/** Every file of one cache entry: the cache, a store's summary and index, the summary card, and their builds. */
function removeCacheEntry(cacheDir: string, key: string): void {
  const files = [cacheFileFor(cacheDir, key), cacheFileFor(cacheDir, `${key}-summary`), cacheFileFor(cacheDir, `${key}-index`), cardFileFor(cacheDir, key)];
  try {
    for (const file of files) {
      rmSync(file, { force: true });
      removePartialBuilds(file);
    }
    rmSync(copyFolder(cacheDir, key), { recursive: true, force: true });
  } catch {
    // A file still open where the system refuses to remove it (Windows): a later eviction or `cache --clear` does.
  }
}


function openCache(file: string, path: string, name: string, identity: string): SqlJournalStore {
  const db = openWritable(file);
  db.pragma('busy_timeout = 10000');
  const meta = readMeta(db);
  const layout = meta.get('layout') ?? null;
  const map = meta.get('map') ? (JSON.parse(meta.get('map')!) as ColumnMap) : null;
  const store = new SqlJournalStore({
    eventsDb: db,
    summaryDb: db,
    summary: summaryFromCache(db, meta, path, name),
    relation: 'events',
    payloads: 'payloads',
    order: meta.get('order') ?? 'seq',
    source: new SourceRecords(path),
    recordRows: true,
    decode: cacheRowDecoder(layout, map, name),
    recipe: { kind: 'cache', file, journal: path, name, layout, map },
    evidence: cacheEvidence(db, identity),
  });
  if (meta.get('indexed') !== '1') {
    const controller = new AbortController();
    store.onClose(() => controller.abort());
    store.runInBackground(runCacheIndex(file, controller.signal));
  }
  return store;
}

/** A cancelled worker cannot clean up after itself: its half-written file is removed here. */
function removePartialBuilds(cacheFile: string): void {
  const folder = dirname(cacheFile);
  const prefix = `${basename(cacheFile)}.`;
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder)) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.building')) continue;
    try {
      rmSync(join(folder, entry), { force: true });
    } catch {
      // Still held by the cache builder's thread as it stops (Windows refuses to delete an open file): the next open
      // removes it as a dead process's build (abandoned-builds.ts).
    }
  }
}

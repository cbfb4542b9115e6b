// Opening a journal for queries: SQLite stores read in place when their layout allows it; every other journal is
// imported once into a cache file, which later opens reuse while the file is unchanged.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import { detectFileKind } from '../readers/detect.js';
import type { ColumnMap, ReadContext } from '../readers/formats/types.js';
import { FindingLog } from '../readers/loaded-journal.js';
import { listTables, openWritable } from '../readers/sqlite-open.js';
import { chooseSqliteLayout, openSqliteJournal } from '../readers/sqlite-reader.js';
import { removeAbandonedBuilds } from './abandoned-builds.js';
import { cacheFileFor, cacheKey } from './cache-key.js';
import { summaryFromCache } from './cached-summary.js';
import type { ImportProgress } from './import-journal.js';
import { runCacheIndex, runImport } from './importer.js';
import { cacheRowDecoder } from './record-decoder.js';
import { openInPlace } from './in-place.js';
import type { JournalStore } from './journal-store.js';
import { SourceRecords } from './source-records.js';
import { SqlJournalStore } from './sql-store.js';
import { isCompleteCache, readMeta } from './summary-schema.js';

export interface OpenOptions {
  cacheDir: string;
  /** The name shown for the journal (the sample's, an upload's original name). */
  name?: string;
  map?: ColumnMap;
  cipherKey?: string;
  signal: AbortSignal;
  onProgress: (progress: ImportProgress & { totalBytes: number }) => void;
}

export async function openStore(path: string, options: OpenOptions): Promise<JournalStore> {
  const name = options.name ?? basename(path);
  const { kind, info } = await detectFileKind(path);
  const read: Pick<ReadContext, 'map' | 'cipherKey'> = {
    ...(options.map && { map: options.map }),
    ...(options.cipherKey && { cipherKey: options.cipherKey }),
  };
  // The key itself never reaches the cache folder, only a hash of it.
  const keyed = { map: options.map ?? null, cipher: options.cipherKey ? createHash('sha256').update(options.cipherKey).digest('hex') : null };
  const key = await cacheKey(path, info, keyed);
  removeAbandonedBuilds(dirname(cacheFileFor(options.cacheDir, key)));

  if (kind === 'sqlite') {
    const db = openSqliteJournal(path);
    let keepOpen = false;
    try {
      const tables = listTables(db);
      const context: ReadContext = { file: name, findings: new FindingLog(), ...read };
      const layout = chooseSqliteLayout(tables, name, context);
      const select = layout.inPlaceSelect?.(tables, context) ?? null;
      if (select !== null) {
        const store = await openInPlace({ db, select, summaryFile: cacheFileFor(options.cacheDir, `${key}-summary`), format: layout.id, path, name, key });
        keepOpen = true;
        return store;
      }
    } catch (error) {
      if (error instanceof JournalError) throw error;
      throw new JournalError('bad-format', `${name} could not be read as SQLite: ${(error as Error).message}.`);
    } finally {
      if (!keepOpen) db.close();
    }
  }

  const cacheFile = cacheFileFor(options.cacheDir, key);
  if (!isCompleteCache(cacheFile, key)) {
    try {
      await runImport({ path, cacheFile, key, read }, (progress) => options.onProgress({ ...progress, totalBytes: info.size }), options.signal);
    } catch (error) {
      removePartialBuilds(cacheFile);
      throw error;
    }
  }
  return openCache(cacheFile, path, name);
}


function openCache(file: string, path: string, name: string): SqlJournalStore {
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

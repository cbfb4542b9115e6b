// A journal's summary straight from its finished cache, for the CLI's `info`: a journal read before needs no reader,
// no import machinery and no journal service, so `eventlens info` then starts in about the time Node does.
// It answers only from the entry a full open (open-store.ts) would use, found by the same key (cache-key.ts: the
// file's identity as the OS keeps it, a hash of its first and last megabyte, the reading options), so a journal
// changed since its cache was built is never answered for. The summary comes from the entry's card when that still
// answers for the cache file (summary-card.ts: no SQLite at all), else from the cache file when this version finished
// it (summary-schema.ts isCompleteMeta), which then gets its card. Anything else is null and the caller opens the
// journal as usual: no finished cache, a file that is not there or cannot be read (the open says why), or a SQLite
// journal (open-store.ts decides there between reading in place, a private copy beside a -wal, and an import).
import type { Stats } from 'node:fs';
import { existsSync, statSync } from 'node:fs';
import type { JournalSummary } from '../../shared/model.js';
import { startsAsSqlite } from '../readers/sqlite-magic.js';
import { openWritable } from '../readers/sqlite-open.js';
import { touchEntry } from './cache-folder.js';
import { cacheFileFor, journalCacheKeySync } from './cache-key.js';
import { summaryFromCache } from './cached-summary.js';
import { readCard, writeCard } from './summary-card.js';
import { isCompleteMeta, readMeta } from './summary-schema.js';

/** The summary a full open of `path` (read with no column map and no cipher key) would give, or null (above). */
export function cachedSummary(path: string, options: { cacheDir: string; name: string }): JournalSummary | null {
  let info: Stats;
  let key: string;
  try {
    info = statSync(path);
    if (!info.isFile() || info.size === 0 || startsAsSqlite(path)) return null;
    // Read synchronously: a command has nothing else to do meanwhile, and each wait for the thread pool costs time.
    ({ key } = journalCacheKeySync(path, info, false, {}));
  } catch {
    return null;
  }
  const file = cacheFileFor(options.cacheDir, key);
  if (!existsSync(file)) return null;
  const card = readCard(options.cacheDir, key);
  if (card !== null) {
    touchEntry(options.cacheDir, key);
    return { path, name: options.name, ...card };
  }
  let summary: JournalSummary | null = null;
  try {
    const db = openWritable(file);
    try {
      // The app may be writing this entry's meta or index at this moment: wait for it, as open-store.ts does.
      db.pragma('busy_timeout = 10000');
      const meta = readMeta(db);
      if (isCompleteMeta(meta, key)) summary = summaryFromCache(db, meta, path, options.name);
    } finally {
      db.close();
    }
  } catch {
    // An unreadable cache file: the full open removes it and reads the journal again.
    return null;
  }
  if (summary === null) return null;
  writeCard(options.cacheDir, key, summary);
  // An answer is a use: the folder's bound evicts other entries first, as after a full open.
  touchEntry(options.cacheDir, key);
  return summary;
}

// `eventlens cache --list | --clear`: what the cache folder holds (each journal's cached copy, its size and when it
// was last opened), and removing it all. Journals themselves are never touched.
import type { CacheEntry } from '../store/cache-folder.js';
import { cacheEntries, clearCache } from '../store/cache-folder.js';
import { defaultCacheDir } from '../store/cache-key.js';
import { formatCount, printJson, say } from './output.js';

const megabytes = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

function describe(entry: CacheEntry) {
  return { key: entry.key, journal: entry.source, bytes: entry.bytes, lastOpened: new Date(entry.usedMs).toISOString() };
}

export function cache(options: { list: boolean; clear: boolean; json: boolean }, cacheDir = defaultCacheDir()): void {
  if (options.clear) {
    const removed = clearCache(cacheDir);
    const bytes = removed.reduce((sum, entry) => sum + entry.bytes, 0);
    if (options.json) printJson({ folder: cacheDir, removed: removed.map(describe) });
    else say`Removed ${formatCount(removed.length)} cached journals (${megabytes(bytes)}) from ${cacheDir}.`;
    return;
  }
  // Most recently opened first, as a user looks for what they just opened.
  const entries = cacheEntries(cacheDir).reverse();
  if (options.json) {
    printJson({ folder: cacheDir, entries: entries.map(describe) });
    return;
  }
  const bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  say`${cacheDir}: ${formatCount(entries.length)} cached journals, ${megabytes(bytes)}`;
  for (const entry of entries) say`${new Date(entry.usedMs).toISOString()}\t${megabytes(entry.bytes)}\t${entry.source ?? '(journal unknown)'}`;
}

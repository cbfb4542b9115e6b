// A journal's summary, copied beside its finished cache file as a small JSON card, so that the CLI's `info` on a
// journal read before answers without loading SQLite at all (loading better-sqlite3 and opening the cache take about
// as long as everything else `info` does). The card answers only where the cache file would:
//  - it is found by the entry's key, which cache-lookup.ts computes from the journal as it is now (cache-key.ts);
//  - it names the cache file it was copied from by that file's device, inode and birth time, so a cache built again
//    under the same key (a new file) is never answered for by the card of the one before;
//  - it was written by this version of Eventlens for this cache layout (CACHE_VERSION).
// A cache file's summary tables are written once, with the rest of the build, before the file takes its name, and
// never after (later writes are its indexes and the digest an audit records): the card cannot fall behind the file.
// Where the file system keeps no birth time, no card is written or read: `info` opens the cache file instead.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import type { JournalSummary } from '../../shared/model.js';
import { APP_VERSION } from '../service/app-version.js';
import { journalsFolder, privateFile } from './cache-folder.js';
import { cacheFileFor } from './cache-key.js';
import { CACHE_VERSION } from './summary-schema.js';

/** What a card holds of the summary: all but the path and name, which are the caller's. */
export type CardSummary = Omit<JournalSummary, 'path' | 'name'>;

interface SummaryCard {
  key: string;
  cacheVersion: string;
  appVersion: string;
  /** The cache file the summary was read from: [device, inode, birth time in ms]. */
  cacheFile: [number, number, number];
  summary: CardSummary;
}

export function cardFileFor(cacheDir: string, key: string): string {
  return join(journalsFolder(cacheDir), `${key}-card.json`);
}

/** The cache file's identity for a card, or null where it has no birth time to tell one file from its successor. */
function cacheFileIdentity(info: Stats): [number, number, number] | null {
  return info.birthtimeMs > 0 ? [info.dev, info.ino, info.birthtimeMs] : null;
}

/** The card's summary when it answers for the entry `key` as its cache file is now; else null. */
export function readCard(cacheDir: string, key: string): CardSummary | null {
  const file = cardFileFor(cacheDir, key);
  if (!existsSync(file)) return null;
  try {
    const card = JSON.parse(readFileSync(file, 'utf8')) as Partial<SummaryCard>;
    const identity = cacheFileIdentity(statSync(cacheFileFor(cacheDir, key)));
    const same = identity !== null && JSON.stringify(card.cacheFile) === JSON.stringify(identity);
    if (card.key !== key || card.cacheVersion !== CACHE_VERSION || card.appVersion !== APP_VERSION || !same) return null;
    return card.summary ?? null;
  } catch {
    // A card half written by a process that died, or a cache file gone since: the cache file decides.
    return null;
  }
}

/** Writes the card of entry `key` (whole or not at all), with the summary just read from its cache file. */
export function writeCard(cacheDir: string, key: string, summary: JournalSummary): void {
  try {
    const identity = cacheFileIdentity(statSync(cacheFileFor(cacheDir, key)));
    if (identity === null) return;
    const { path: _path, name: _name, ...rest } = summary;
    const card: SummaryCard = { key, cacheVersion: CACHE_VERSION, appVersion: APP_VERSION, cacheFile: identity, summary: rest };
    const file = cardFileFor(cacheDir, key);
    // Named as a build is, so a process that dies while writing leaves nothing for long (abandoned-builds.ts).
    const temporary = `${file}.${process.pid}.building`;
    writeFileSync(temporary, JSON.stringify(card), { mode: 0o600 });
    privateFile(temporary);
    renameSync(temporary, file);
  } catch {
    // A read-only or full cache folder costs the next `info` a database open, nothing else.
    rmSync(`${cardFileFor(cacheDir, key)}.${process.pid}.building`, { force: true });
  }
}

// What ties a store to the bytes it answers for. Identity: what the operating system says of the file and a program
// cannot set back cheaply (device, inode, size, modification time and the change time, which `touch -r`, `cp -p`,
// `rsync -a` and `tar x` cannot restore), checked before every question. Content: the SHA-256 of the file, taken
// while its cache is built and recorded with it, checked whenever an audit, diff or report hashes the file anyway.
import type { Stats } from 'node:fs';
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { JournalError } from '../../shared/contract.js';
import { readMeta, writeMeta } from './summary-schema.js';

/** The file's identity as the OS keeps it; another value means other bytes may be there now. */
export function fileIdentity(info: Stats): string {
  return JSON.stringify([info.dev, info.ino, info.size, info.mtimeMs, info.ctimeMs]);
}

const SIDECARS = ['-wal', '-journal'] as const;

/** The non-empty files SQLite keeps beside a database (a write-ahead log, a rollback journal), as found now. */
export function sidecarsOf(path: string): { suffix: (typeof SIDECARS)[number]; info: Stats }[] {
  const found: { suffix: (typeof SIDECARS)[number]; info: Stats }[] = [];
  for (const suffix of SIDECARS) {
    try {
      const info = statSync(path + suffix);
      if (info.isFile() && info.size > 0) found.push({ suffix, info });
    } catch {
      // None there.
    }
  }
  return found;
}

/** The identities of the files beside the journal: a log that grew or changed is other evidence. */
export function sidecarIdentity(path: string): string {
  return sidecarsOf(path)
    .map(({ suffix, info }) => `${suffix}${fileIdentity(info)}`)
    .join('');
}

/** The journal's identity: its file's, and that of the files beside it SQLite would read. */
export function journalIdentity(path: string, info: Stats): string {
  return fileIdentity(info) + sidecarIdentity(path);
}

/** The identity of the journal at `path` now, or null when there is no file there any more. */
export function currentIdentity(path: string): string | null {
  try {
    return journalIdentity(path, statSync(path));
  } catch {
    return null;
  }
}

export interface JournalEvidence {
  /** fileIdentity of the journal (and of a WAL beside it) when the store was opened. */
  readonly identity: string;
  /** The SHA-256 (hex) of the journal file the cache was built from; null where none was recorded. */
  recordedDigest(): string | null;
  /** Records the digest of the file the cache answers for (taken while it was built, or by the first audit). */
  recordDigest(hex: string): void;
}

/** Evidence kept in a cache file's meta table. */
export function cacheEvidence(db: Database.Database, identity: string): JournalEvidence {
  return {
    identity,
    recordedDigest: () => readMeta(db).get('digest') ?? null,
    recordDigest: (hex) => writeMeta(db, { digest: hex }),
  };
}

/** The refusal an audit, diff or report meets when the file's bytes are not those its cache was built from. */
export class StaleCacheError extends JournalError {
  constructor(
    readonly path: string,
    name: string,
  ) {
    super('stale-cache', `${name} no longer holds the bytes its cache was built from (their SHA-256 differs); it must be read again.`);
  }
}

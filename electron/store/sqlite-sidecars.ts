// A SQLite journal is more than its main file when a write-ahead log (-wal) or a rollback journal (-journal) lies
// beside it: Emmett, Eventuous and most live stores run in WAL mode, and a copy taken while they run holds committed
// events only in the -wal. Opening the main file immutable would show less than SQLite itself reads, and opening it
// as SQLite normally does would write beside the evidence (a -shm file, a checkpoint). So the files are copied into a
// private folder of the cache, the copy is brought to what SQLite reads (committed WAL frames applied, an unfinished
// transaction rolled back), and the copy is what Eventlens reads; a finding says so.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Finding } from '../../shared/model.js';
import { openWritable } from '../readers/sqlite-open.js';
import { privateFile } from './cache-folder.js';
import { sidecarsOf } from './evidence.js';

export interface PrivateCopy {
  /** The copy to read, with every sidecar applied as SQLite applies it. */
  path: string;
  /** What the copy holds that the main file alone does not. */
  finding: Finding;
}

interface CopyRecord {
  walFrames: number;
  rolledBack: boolean;
}

const RECORD = 'copy.json';

/**
 * The journal and its sidecars, copied into `folder` (private to this user) and settled there; reused when a copy of
 * the same files is already there (the folder is named by the cache key, which covers the sidecars' identities).
 */
export function privateCopy(path: string, name: string, folder: string): PrivateCopy {
  // Named as the journal, so what reads the copy names the journal in its messages.
  const copy = join(folder, basename(path));
  const recordFile = join(folder, RECORD);
  let record: CopyRecord;
  if (existsSync(recordFile) && existsSync(copy)) {
    record = JSON.parse(readFileSync(recordFile, 'utf8')) as CopyRecord;
  } else {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
    copyFileSync(path, copy);
    privateFile(copy);
    const sidecars = sidecarsOf(path);
    for (const { suffix } of sidecars) {
      copyFileSync(path + suffix, copy + suffix);
      privateFile(copy + suffix);
    }
    record = settle(copy, sidecars.some(({ suffix }) => suffix === '-journal'));
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(copy + suffix, { force: true });
    writeFileSync(recordFile, JSON.stringify(record), { mode: 0o600 });
  }
  return { path: copy, finding: finding(name, record) };
}

/** Brings the copy to what SQLite reads: an unfinished transaction rolled back, the log's committed frames applied. */
function settle(copy: string, rollbackJournal: boolean): CopyRecord {
  const db = openWritable(copy);
  try {
    // The first read of a database with a hot rollback journal rolls the unfinished transaction back.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const walMode = (db.pragma('journal_mode', { simple: true }) as string).toLowerCase() === 'wal';
    let walFrames = 0;
    if (walMode) {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
      walFrames = Math.max(0, result?.checkpointed ?? 0);
      db.pragma('journal_mode = DELETE');
    }
    return { walFrames, rolledBack: rollbackJournal };
  } finally {
    db.close();
  }
}

function finding(name: string, record: CopyRecord): Finding {
  const parts: string[] = [];
  if (record.walFrames > 0 || !record.rolledBack) {
    const frames = record.walFrames === 1 ? '1 frame' : `${record.walFrames.toLocaleString('en-US')} frames`;
    parts.push(`read with ${frames} of its write-ahead log (${name}-wal) not yet in the main file, as SQLite reads them`);
  }
  if (record.rolledBack) parts.push(`its rollback journal (${name}-journal) held a transaction that did not finish, read as SQLite reads it: rolled back`);
  return {
    severity: 'info',
    kind: 'sidecar-read',
    place: `${name}-wal / -journal`,
    message: `${name} was ${parts.join('; ')}. The main file alone holds less; its SHA-256 is of the main file only. Nothing was written beside it: a private copy was read.`,
  };
}

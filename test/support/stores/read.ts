// How the store tests read a fixture: through the app's real entry points, and the in-place SELECT beside them.
import { basename } from 'node:path';
import type { JournalError } from '../../../shared/contract.js';
import type { JournalEvent } from '../../../shared/model.js';
import type { SnapshotRecord, SqliteLayout } from '../../../electron/readers/formats/types.js';
import { FindingLog } from '../../../electron/readers/loaded-journal.js';
import { readJournal } from '../../../electron/readers/read-journal.js';
import { listTables } from '../../../electron/readers/sqlite-open.js';
import { openSqliteJournal } from '../../../electron/readers/sqlite-reader.js';
import type { LoadedJournal } from '../../../electron/readers/loaded-journal.js';

/** Every fixture is read through readJournal, the app's one entry point for any journal file. */
export async function readStore(path: string, options: { cipherKey?: string } = {}): Promise<LoadedJournal> {
  return readJournal(path, options);
}

export async function refusal(read: Promise<unknown>): Promise<JournalError> {
  return read.then(
    () => {
      throw new Error('expected the journal to be refused');
    },
    (error: JournalError) => error,
  );
}

/** The fields a reader of a store decides; payloads are checked separately. */
export function identities(events: readonly JournalEvent[]): { position: number; stream: string; version: number; type: string }[] {
  return events.map(({ position, stream, version, type }) => ({ position, stream, version, type }));
}

/** Rows of the layout's in-place SELECT, run on the fixture the way the app's store runs it. */
export function inPlaceRows(path: string, layout: SqliteLayout): Record<string, unknown>[] {
  const db = openSqliteJournal(path);
  try {
    const select = layout.inPlaceSelect?.(listTables(db), { file: path, findings: new FindingLog() });
    if (!select) throw new Error(`${layout.id} has no in-place SELECT for this database`);
    return db.prepare(`SELECT * FROM (${select})`).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

export function readSnapshots(path: string, layout: SqliteLayout, cipherKey?: string): { snapshots: SnapshotRecord[]; findings: FindingLog } {
  const db = openSqliteJournal(path);
  const findings = new FindingLog();
  try {
    return { snapshots: [...(layout.snapshots?.(db, { file: basename(path), findings, cipherKey }) ?? [])], findings };
  } finally {
    db.close();
  }
}

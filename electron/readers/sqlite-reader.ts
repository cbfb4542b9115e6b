// A SQLite journal: the first layout that recognises the database's tables reads its events.
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { JournalError } from '../../shared/contract.js';
import type { JournalEvent } from '../../shared/model.js';
import { SQLITE_LAYOUTS } from './formats/sqlite-layouts.js';
import type { ReadContext, SqliteLayout, Tables } from './formats/types.js';
import { FindingLog } from './loaded-journal.js';
import type { LoadedJournal } from './loaded-journal.js';
import { listTables, openReadOnly, sqlOnReading } from './sqlite-open.js';
import type { SqlOnReading } from './sqlite-open.js';

export { useSqliteBinding } from './sqlite-open.js';

export interface ReadOptions {
  cipherKey?: string;
  map?: ReadContext['map'];
}

export function openSqliteJournal(path: string): Database.Database {
  const name = basename(path);
  try {
    return openReadOnly(path);
  } catch (error) {
    if (process.env.SQLITE_USE_URI !== '1') {
      // Opening without immutable mode could write beside the journal: refuse rather than fall back.
      throw new JournalError('internal', `${name} was not opened: SQLite URI support is off in this process, so it cannot be opened safely read-only.`);
    }
    throw new JournalError('bad-format', `${name} could not be opened as SQLite: ${(error as Error).message}.`);
  }
}

/**
 * What in the journal makes reading it run more SQL than a read of its bytes (sqlite-open.ts): nothing, for most
 * stores. Nothing too when its schema cannot be read at all, which the usual reading then reports in its own words.
 */
export function sqlOnReadingIn(path: string): SqlOnReading[] {
  let db: Database.Database;
  try {
    db = openReadOnly(path);
  } catch {
    return [];
  }
  try {
    return sqlOnReading(db);
  } catch {
    return [];
  } finally {
    db.close();
  }
}

const PLURAL: Record<SqlOnReading['kind'], string> = {
  view: 'views',
  'virtual table': 'virtual tables',
  'table with generated columns': 'tables with generated columns',
  'query planner statistics': 'query planner statistics',
};

/** 'its view "events"', 'its views "a", "b" and its virtual table "f"': for messages. */
export function describeSqlOnReading(parts: readonly SqlOnReading[]): string {
  const kinds = new Map<SqlOnReading['kind'], string[]>();
  for (const { name, kind } of parts) kinds.set(kind, [...(kinds.get(kind) ?? []), JSON.stringify(name)]);
  return [...kinds]
    .map(([kind, names]) => {
      const shown = names.length > 3 ? [...names.slice(0, 3), `${names.length - 3} more`] : names;
      return `its ${names.length === 1 ? kind : PLURAL[kind]} ${shown.join(', ')}`;
    })
    .join(' and ');
}

/** The layout that reads this database, or an error naming what was tried and how to map columns by hand. */
export function chooseSqliteLayout(tables: Tables, name: string, context: Pick<ReadContext, 'map'>): SqliteLayout {
  if (context.map) return SQLITE_LAYOUTS[SQLITE_LAYOUTS.length - 1]!;
  const layout = SQLITE_LAYOUTS.find((candidate) => candidate.matches(tables));
  if (layout) return layout;
  const described = [...tables].map(([table, columns]) => `${table}(${columns.join(', ')})`);
  const found = described.length ? `its tables are ${described.join('; ')}` : 'it has no tables';
  // How to name the columns is each surface's to say (remedy "map"): the CLI's --map, the app's Map columns… dialog.
  throw new JournalError(
    'bad-format',
    `${name} is a SQLite database but holds no events table Eventlens recognises: ${found}. ` +
      `Tried the layouts ${SQLITE_LAYOUTS.map((l) => l.id).join(', ')}. Name its table and columns by hand.`,
    'map',
  );
}

export function readSqlite(path: string, options: ReadOptions = {}): LoadedJournal {
  const name = basename(path);
  const db = openSqliteJournal(path);
  try {
    const findings = new FindingLog();
    const context: ReadContext = { file: name, findings, ...options };
    const costly = sqlOnReading(db);
    if (costly.length > 0) {
      // Whole-file reading runs in this thread: SQL that may never end is left to the service, which reads it apart.
      throw new JournalError(
        'bad-format',
        `${name} was not read here: ${describeSqlOnReading(costly)} can make reading it cost without bound; the app and the CLI read such a file in a process of its own.`,
      );
    }
    const layout = chooseSqliteLayout(listTables(db), name, context);
    const events: JournalEvent[] = [...layout.events(db, context)];
    return { format: layout.id, events, findings };
  } catch (error) {
    if (error instanceof JournalError) throw error;
    throw new JournalError('bad-format', `${name} could not be read as SQLite: ${(error as Error).message}.`);
  } finally {
    db.close();
  }
}

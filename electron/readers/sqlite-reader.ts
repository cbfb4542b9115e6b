// A SQLite journal: one events table whose columns are found by name. Opened immutable, so nothing is ever written.
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { JournalError } from '../../shared/contract.js';
import type { JournalEvent } from '../../shared/model.js';
import { EventBuilder } from './event-builder.js';
import { assignRoles } from './field-names.js';
import type { Role } from './field-names.js';
import { FindingLog } from './loaded-journal.js';
import type { LoadedJournal } from './loaded-journal.js';

// better-sqlite3 reads this once, when its addon first loads (at the first `new Database` in the process); URIs
// are off otherwise, and without `?immutable=1` a read-only open of a WAL journal leaves -wal/-shm files beside it.
process.env.SQLITE_USE_URI ??= '1';

/** Where the native addon lives when it is not the one in node_modules (an Electron build beside the Node one). */
let nativeBinding: string | undefined;
export function useSqliteBinding(path: string | undefined): void {
  nativeBinding = path;
}

/**
 * `immutable=1` tells SQLite the file cannot change: no locks, no -wal/-shm/-journal files, no recovery writes.
 * That is what makes opening evidence safe, even a WAL-mode database whose -wal file is absent.
 */
export function openReadOnly(path: string): Database.Database {
  const uri = `${pathToFileURL(path).href.replace(/^file:\/\//, 'file:')}?immutable=1`;
  const options: Database.Options = { readonly: true, fileMustExist: true };
  if (nativeBinding !== undefined) options.nativeBinding = nativeBinding;
  return new Database(uri, options);
}

interface TableLayout {
  table: string;
  roles: Partial<Record<Role, string>>;
  hasRowid: boolean;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function findEventsTable(db: Database.Database, name: string): TableLayout {
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string; sql: string | null }[];
  const described: string[] = [];
  for (const { name: table, sql } of tables) {
    const columns = (db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map((c) => c.name);
    described.push(`${table}(${columns.join(', ')})`);
    const roles = assignRoles(columns);
    if (roles.stream && roles.type && roles.data) {
      return { table, roles, hasRowid: !/WITHOUT\s+ROWID/i.test(sql ?? '') };
    }
  }
  const found = described.length ? `its tables are ${described.join('; ')}` : 'it has no tables';
  throw new JournalError(
    'bad-format',
    `${name} is a SQLite database but holds no events table Eventlens recognises: ${found}. ` +
      'Expected a table with a stream column (stream_id, stream_name, aggregate_id, originator_id), ' +
      'a type column (type, event_type, message_type) and a data column (data, payload, json_data, message_data).',
  );
}

export function readSqlite(path: string): LoadedJournal {
  const name = basename(path);
  let db: Database.Database;
  try {
    db = openReadOnly(path);
  } catch (error) {
    if (process.env.SQLITE_USE_URI !== '1') {
      // Opening without immutable mode could write beside the journal: refuse rather than fall back.
      throw new JournalError('internal', `${name} was not opened: SQLite URI support is off in this process (SQLITE_USE_URI=${process.env.SQLITE_USE_URI}), so it cannot be opened safely read-only.`);
    }
    throw new JournalError('bad-format', `${name} could not be opened as SQLite: ${(error as Error).message}.`);
  }
  try {
    return readEvents(db, name);
  } catch (error) {
    if (error instanceof JournalError) throw error;
    throw new JournalError('bad-format', `${name} could not be read as SQLite: ${(error as Error).message}.`);
  } finally {
    db.close();
  }
}

function readEvents(db: Database.Database, name: string): LoadedJournal {
  const { table, roles, hasRowid } = findEventsTable(db, name);
  const roleList = Object.keys(roles) as Role[];
  const columns = roleList.map((role) => quote(roles[role]!));
  const rowid = hasRowid ? 'rowid' : 'NULL';
  const order = roles.position ? quote(roles.position) : hasRowid ? 'rowid' : roleList.map((r) => quote(roles[r]!)).join(', ');
  const statement = db.prepare(`SELECT ${rowid}, ${columns.join(', ')} FROM ${quote(table)} ORDER BY ${order}`);
  statement.raw(true).safeIntegers(false);
  const findings = new FindingLog();
  const builder = new EventBuilder(name, findings, true);
  const events: JournalEvent[] = [];
  const roleIndex = new Map(roleList.map((role, i) => [role, i + 1]));
  let count = 0;
  for (const row of statement.iterate() as Iterable<unknown[]>) {
    count += 1;
    const id = row[0] ?? count;
    const get = (role: Role): unknown => {
      if (role === 'position' && !roles.position) return row[0] ?? undefined;
      const index = roleIndex.get(role);
      return index === undefined ? undefined : row[index];
    };
    const event = builder.build(get, `row ${id} of ${table}`, count);
    if (event) events.push(event);
  }
  return { format: 'sqlite', events, findings };
}

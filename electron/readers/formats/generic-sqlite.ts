// Any other SQLite database with one events table: columns found by their common names (or the user's --map).
import type Database from 'better-sqlite3';
import type { JournalEvent } from '../../../shared/model.js';
import { EventBuilder } from '../event-builder.js';
import { assignRoles } from '../field-names.js';
import type { Role } from '../field-names.js';
import { listTables, quote } from '../sqlite-open.js';
import { extraOf, otherColumns, otherColumnsObject, withFinerTime, withStoredVersion } from './sqlite/other-columns.js';
import type { ReadContext, SqliteLayout, Tables } from './types.js';

export interface EventsTable {
  table: string;
  roles: Partial<Record<Role, string>>;
}

/** The first table with stream, type and data columns; with a --map, the mapped columns of the named (or only fitting) table. */
export function findEventsTable(tables: Tables, context?: Pick<ReadContext, 'map'>): EventsTable | null {
  const map = context?.map;
  for (const [table, columns] of tables) {
    if (map?.table !== undefined && map.table !== table) continue;
    const roles = { ...assignRoles(columns) };
    if (map) {
      for (const [role, column] of Object.entries(map) as [Role | 'table', string][]) {
        if (role === 'table') continue;
        if (!columns.includes(column)) {
          if (map.table !== undefined) return null;
          continue;
        }
        roles[role] = column;
      }
      // The event id found by name gives way to the map: a column the user named for another role ("stream=id")
      // is not each event's own id, and every event of a stream would seem to share one.
      const guessedId = map.id === undefined ? roles.id : undefined;
      if (guessedId !== undefined && Object.entries(map).some(([role, column]) => role !== 'table' && column === guessedId)) delete roles.id;
    }
    if (roles.stream && roles.type && roles.data) return { table, roles };
  }
  return null;
}

/** The table's columns no role reads, and a time finer than milliseconds, as one JSON object (`extra`). */
function extraColumns(tables: Tables, { table, roles }: EventsTable): string {
  const others = otherColumnsObject(otherColumns(tables, table, Object.values(roles)));
  return roles.time ? withFinerTime(others, { name: roles.time, column: quote(roles.time) }) : others;
}

export const genericSqlite: SqliteLayout = {
  id: 'sqlite',
  matches: (tables) => findEventsTable(tables) !== null,

  *events(db: Database.Database, context: ReadContext): Iterable<JournalEvent> {
    const tables = listTables(db);
    const found = findEventsTable(tables, context);
    if (found === null) return;
    const { table, roles } = found;
    const roleList = Object.keys(roles) as Role[];
    const order = roles.position ? quote(roles.position) : 'rowid';
    const rowid = roles.position ? 'NULL' : 'rowid';
    const statement = db.prepare(
      `SELECT ${rowid}, ${extraColumns(tables, found)}, ${roleList.map((r) => quote(roles[r]!)).join(', ')} FROM ${quote(table)} ORDER BY ${order}`,
    );
    statement.raw(true);
    const builder = new EventBuilder(context.file, context.findings, true);
    const index = new Map(roleList.map((role, i) => [role, i + 2]));
    let count = 0;
    for (const row of statement.iterate() as Iterable<unknown[]>) {
      count += 1;
      const get = (role: Role): unknown => {
        if (role === 'position' && !roles.position) return row[0];
        const at = index.get(role);
        return at === undefined ? undefined : row[at];
      };
      const event = builder.build(get, `row ${row[0] ?? count} of ${table}`, count);
      if (event === null) continue;
      const extra = withStoredVersion(extraOf(row[1]), get('version'));
      if (extra !== undefined) event.extra = extra;
      yield event;
    }
  },

  inPlaceSelect(tables: Tables, context: ReadContext): string | null {
    const found = findEventsTable(tables, context);
    // Versions counted by the reader (no version column) need the import path.
    if (found === null || !found.roles.version) return null;
    const { table, roles } = found;
    const column = (role: Role, fallback: string) => (roles[role] ? quote(roles[role]) : fallback);
    return (
      `SELECT ${column('position', 'rowid')} AS position, ${column('stream', 'NULL')} AS stream, ` +
      `${column('version', 'NULL')} AS version, ${column('type', 'NULL')} AS type, ${column('time', 'NULL')} AS time, ` +
      `${column('data', 'NULL')} AS data, ${column('metadata', 'NULL')} AS metadata, ${column('id', 'NULL')} AS id, ` +
      `${extraColumns(tables, found)} AS extra FROM ${quote(table)}`
    );
  },
};

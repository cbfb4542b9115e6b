// Opening a SQLite journal without ever writing to it, and reading its schema.
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { Tables } from './formats/types.js';

// better-sqlite3 reads this once, when its addon first loads (at the first `new Database` in the process); URIs
// are off otherwise, and without `?immutable=1` a read-only open of a WAL journal leaves -wal/-shm files beside it.
process.env.SQLITE_USE_URI ??= '1';

/** Where the native addon lives when it is not the one in node_modules (an Electron build beside the Node one). */
let nativeBinding: string | undefined;
export function useSqliteBinding(path: string | undefined): void {
  nativeBinding = path;
}

/** The binding in use, so a worker thread can load the same one. */
export function currentSqliteBinding(): string | undefined {
  return nativeBinding;
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

/** Opens a database the app itself writes (its cache), with the same native addon. */
export function openWritable(path: string): Database.Database {
  const options: Database.Options = {};
  if (nativeBinding !== undefined) options.nativeBinding = nativeBinding;
  return new Database(path, options);
}

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export function listTables(db: Database.Database): Tables {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return new Map(names.map((name) => [name, (db.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string }[]).map((c) => c.name)]));
}

/** The column of `table` whose normalized name matches `name` ("stream_id" finds "StreamId"). */
export function findColumn(tables: Tables, table: string, ...names: string[]): string | undefined {
  const normal = (n: string) => n.toLowerCase().replace(/[_-]/g, '');
  const columns = tables.get(table) ?? [];
  for (const name of names) {
    const hit = columns.find((c) => normal(c) === normal(name));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Case-insensitive table lookup: stores differ in how they case their table names. */
export function findTable(tables: Tables, ...names: string[]): string | undefined {
  for (const name of names) {
    for (const table of tables.keys()) if (table.toLowerCase() === name.toLowerCase()) return table;
  }
  return undefined;
}

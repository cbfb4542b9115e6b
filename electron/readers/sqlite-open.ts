// Opening a SQLite journal without ever writing to it, and reading its schema.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { Tables } from './formats/types.js';

/**
 * better-sqlite3, required at the first open rather than imported: an import of a CommonJS package makes Node's ES
 * module loader parse its files for their export names first, and loading it at all takes longer than the rest of
 * the CLI's `info` answered from a summary card (store/summary-card.ts), which opens no database.
 */
const requireHere = createRequire(import.meta.url);
let betterSqlite3: typeof BetterSqlite3 | undefined;
const sqlite = (): typeof BetterSqlite3 => (betterSqlite3 ??= requireHere('better-sqlite3') as typeof BetterSqlite3);

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
 * The addon node_modules/better-sqlite3 built, named to it directly. Left to find it itself, better-sqlite3 asks the
 * `bindings` package, which reads a stack trace and tries a dozen folders: about 20 ms here at every process's (and
 * worker's) first open. Not inside Electron, whose build is chosen as before (native-binding.ts, or better-sqlite3's
 * own search in a packaged app); undefined when there is no such file.
 */
let builtAddon: string | null | undefined;
function nodeModulesAddon(): string | undefined {
  if (builtAddon === undefined) {
    builtAddon = null;
    if (process.versions.electron === undefined) {
      try {
        const file = join(dirname(requireHere.resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
        if (existsSync(file)) builtAddon = file;
      } catch {
        // Not resolvable from here: better-sqlite3 searches as it always does.
      }
    }
  }
  return builtAddon ?? undefined;
}

function addonOptions(): BetterSqlite3.Options {
  const binding = nativeBinding ?? nodeModulesAddon();
  return binding === undefined ? {} : { nativeBinding: binding };
}

/** The URI that opens `path` immutable (below); SQLite reads it only while SQLITE_USE_URI is 1. */
export function immutableUri(path: string): string {
  return `${pathToFileURL(path).href.replace(/^file:\/\//, 'file:')}?immutable=1`;
}

/**
 * `immutable=1` tells SQLite the file cannot change: no locks, no -wal/-shm/-journal files, no recovery writes.
 * That is what makes opening evidence safe, even a WAL-mode database whose -wal file is absent.
 */
export function openReadOnly(path: string): BetterSqlite3.Database {
  const uri = immutableUri(path);
  return new (sqlite())(uri, { readonly: true, fileMustExist: true, ...addonOptions() });
}

/** Opens a database the app itself writes (its cache), with the same native addon. */
export function openWritable(path: string): BetterSqlite3.Database {
  return new (sqlite())(path, addonOptions());
}

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * What in a journal makes SQLite do more, on reading it, than read its bytes: a relation whose rows it computes (a
 * view, whose SELECT may never end; a virtual table, a module's code; generated columns, an expression per row such as
 * zeroblob(500000000)), or query planner statistics, which steer how a join is run (statistics that say a table has
 * one row make a join read it once for every row of the other, however many it has).
 */
export interface SqlOnReading {
  name: string;
  kind: 'view' | 'virtual table' | 'table with generated columns' | 'query planner statistics';
}

/**
 * Whether SQLite parses this CREATE statement as a virtual table's: its first words are CREATE VIRTUAL, apart by
 * spaces or comments. Scanned once, left to right: the text is the file's, and a regular expression over it could
 * backtrack for ever on a line of dashes.
 */
function createsVirtualTable(sql: string): boolean {
  const past = (mark: string, from: number) => {
    const found = sql.indexOf(mark, from);
    return found < 0 ? sql.length : found + mark.length;
  };
  const words: string[] = [];
  let at = 0;
  while (words.length < 2 && at < sql.length) {
    if (/\s/.test(sql[at]!)) at += 1;
    else if (sql.startsWith('--', at)) at = past('\n', at);
    else if (sql.startsWith('/*', at)) at = past('*/', at + 2);
    else {
      const word = /^[A-Za-z]+/.exec(sql.slice(at, at + 16))?.[0];
      if (word === undefined) break;
      words.push(word.toUpperCase());
      at += word.length;
    }
  }
  return words[0] === 'CREATE' && words[1] === 'VIRTUAL';
}

/**
 * The journal's SqlOnReading: none for most stores. Their cost is what their SQL says, not what the file's bytes
 * say, and SQLite runs a statement inside one native call no thread can interrupt, so such a journal is read only by
 * a process that can be killed (plain-copy.ts). Told from sqlite_master, table_xinfo of ordinary tables and whether a
 * statistics table has a row: no view is compiled here (a chain of views that name each other twice takes SQLite a
 * fraction of a second each to compile, even to list its columns) and no virtual table's module is called.
 */
export function sqlOnReading(db: BetterSqlite3.Database): SqlOnReading[] {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view')").raw(true).all() as [string, string, unknown][];
  const found: SqlOnReading[] = [];
  for (const [type, name, sql] of rows) {
    if (type === 'view') found.push({ name, kind: 'view' });
    else if (typeof sql === 'string' && createsVirtualTable(sql)) found.push({ name, kind: 'virtual table' });
    else if (/^sqlite_stat\d$/i.test(name) && db.prepare(`SELECT 1 FROM ${quote(name)} LIMIT 1`).get() !== undefined) {
      found.push({ name, kind: 'query planner statistics' });
    }
  }
  if (found.length > 0) return found;
  for (const [, name] of rows) {
    const hidden = db.prepare('SELECT count(*) FROM pragma_table_xinfo(?) WHERE hidden <> 0').pluck().get(name) as number;
    if (hidden > 0) found.push({ name, kind: 'table with generated columns' });
  }
  return found;
}

export function listTables(db: BetterSqlite3.Database): Tables {
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

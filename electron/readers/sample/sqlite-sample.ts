// The tables of a SQLite journal, each with its columns (PRAGMA table_info) and its first rows: read-only and immutable
// (sqlite-open.ts), so nothing is ever written beside the file. Only ordinary tables are read: a view or a virtual table
// would run the file's own SQL (sqlite-open.ts, SqlOnReading), so they are named, not read; a generated column is not
// in table_info, so it is never computed.
import type Database from 'better-sqlite3';
import type { FieldSample, SampledSource } from '../../../shared/model.js';
import { openReadOnly, quote, sqlOnReading } from '../sqlite-open.js';
import type { SqlOnReading } from '../sqlite-open.js';
import { describeSqlOnReading } from '../sqlite-reader.js';
import { FieldTally, MAX_FIELDS, SAMPLE_RECORDS } from './field-tally.js';

/** Tables listed at most. */
const MAX_TABLES = 50;
/** A text value is read no further than this for its example (substr in SQL, before it reaches JavaScript). */
const VALUE_CHARS = 200;

export function sampleSqlite(path: string, name: string, cut = false): FieldSample {
  const notes: string[] = [];
  let db: Database.Database;
  try {
    db = openReadOnly(path);
  } catch (error) {
    return { kind: 'sqlite', sources: [], notes: [`${name} could not be opened as SQLite: ${(error as Error).message}.`] };
  }
  try {
    let costly: SqlOnReading[];
    let tables: string[];
    try {
      costly = sqlOnReading(db);
      tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    } catch (error) {
      return { kind: 'sqlite', sources: [], notes: [`The tables of ${name} could not be read: ${(error as Error).message}.`] };
    }
    const skipped = new Set(costly.filter((part) => part.kind === 'view' || part.kind === 'virtual table').map((part) => part.name));
    if (skipped.size > 0) notes.push(`${describeSqlOnReading(costly.filter((part) => skipped.has(part.name)))} ${skipped.size === 1 ? 'is' : 'are'} not read here: reading ${skipped.size === 1 ? 'it runs' : 'them runs'} the file's own SQL.`);
    const readable = tables.filter((table) => !skipped.has(table));
    if (readable.length > MAX_TABLES) notes.push(`${name} has ${readable.length} tables: the first ${MAX_TABLES} by name are listed.`);
    const sources = readable.slice(0, MAX_TABLES).map((table) => sampleTable(db, table, name, notes, cut));
    if (sources.length === 0 && notes.length === 0) notes.push(`${name} has no tables.`);
    return { kind: 'sqlite', sources, notes };
  } finally {
    db.close();
  }
}

function sampleTable(db: Database.Database, table: string, name: string, notes: string[], cut: boolean): SampledSource {
  let columns: string[];
  try {
    columns = (db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map((column) => column.name);
  } catch (error) {
    notes.push(`The columns of ${JSON.stringify(table)} in ${name} could not be read: ${(error as Error).message}.`);
    return new FieldTally().source(table);
  }
  const tally = new FieldTally(columns);
  if (columns.length > MAX_FIELDS) notes.push(`${JSON.stringify(table)} has ${columns.length} columns: the first ${MAX_FIELDS} are listed.`);
  const shown = columns.slice(0, MAX_FIELDS);
  // Text cut in SQL; a blob said by its size; numbers as they are (an integer past 2^53 as its exact text).
  const values = shown.map((column) => {
    const c = quote(column);
    return `CASE typeof(${c}) WHEN 'blob' THEN '(' || length(${c}) || ' bytes)' WHEN 'text' THEN substr(${c}, 1, ${VALUE_CHARS}) ELSE CAST(${c} AS TEXT) END`;
  });
  try {
    const rows = db.prepare(`SELECT ${values.join(', ')} FROM ${quote(table)} LIMIT ${SAMPLE_RECORDS}`).raw(true).iterate() as IterableIterator<unknown[]>;
    for (const row of rows) tally.add(Object.fromEntries(shown.map((column, i) => [column, row[i]])));
  } catch (error) {
    // A file cut short (the start of one a browser sent) still has its schema on its first pages.
    if (cut) notes.push(`The first rows of ${JSON.stringify(table)} lie past the part of ${name} that was read: only its columns are listed.`);
    else notes.push(`The rows of ${JSON.stringify(table)} in ${name} could not be read: ${(error as Error).message}.`);
  }
  return tally.source(table);
}

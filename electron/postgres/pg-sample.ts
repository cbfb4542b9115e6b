// What a live database's tables hold, for naming a table and its columns by hand (Map columns… on a connection): each
// table or view with its columns and first rows, as sqlite-sample.ts does for a file. Read-only like every session
// (pg-session.ts), and bounded: the tables most like an events table, their first rows, each value cut short in SQL.
import type { FieldSample, SampledSource } from '../../shared/model.js';
import { FieldTally, MAX_FIELDS, SAMPLE_RECORDS } from '../readers/sample/field-tally.js';
import { readTables } from './pg-detect.js';
import { ident } from './pg-layouts.js';
import type { PgTable } from './pg-layouts.js';
import { likelyTables, qualified } from './pg-mapped-layout.js';
import { PgSession } from './pg-session.js';
import { parsePgTarget } from './pg-target.js';

/** Tables listed at most, and how much of a value is read for its example (cut on the server). */
const MAX_TABLES = 50;
const VALUE_CHARS = 200;

export async function sampleTables(url: string, password: string | undefined): Promise<FieldSample> {
  const target = parsePgTarget(url);
  const session = await PgSession.open(target, password);
  try {
    const tables = await readTables(session, target.schema);
    const likely = likelyTables(tables);
    const notes: string[] = [];
    const where = target.schema === undefined ? '' : ` in schema ${target.schema}`;
    if (likely.length === 0) notes.push(`${target.name} has no table${where} with columns like an event's (${tables.length} tables seen).`);
    if (likely.length > MAX_TABLES) notes.push(`${likely.length} tables${where} could hold events: the ${MAX_TABLES} most like an events table are listed.`);
    const shown = likely.slice(0, MAX_TABLES).sort((a, b) => (qualified(a) < qualified(b) ? -1 : 1));
    const sources = await Promise.all(shown.map((table) => sampleTable(session, table, notes)));
    return { kind: 'postgres', sources, notes };
  } finally {
    await session.close();
  }
}

async function sampleTable(session: PgSession, table: PgTable, notes: string[]): Promise<SampledSource> {
  const columns = [...table.columns.keys()];
  const tally = new FieldTally(columns);
  if (columns.length > MAX_FIELDS) notes.push(`${qualified(table)} has ${columns.length} columns: the first ${MAX_FIELDS} are listed.`);
  const shown = columns.slice(0, MAX_FIELDS);
  // Bytes said by their size, anything else as its text, cut before it leaves the server.
  const values = shown.map((column) => {
    const c = ident(column);
    return table.columns.get(column) === 'bytea' ? `'(' || octet_length(${c}) || ' bytes)'` : `left(${c}::text, ${VALUE_CHARS})`;
  });
  try {
    const rows = await session.rows(`SELECT ${values.join(', ')} FROM ${ident(table.schema)}.${ident(table.name)} LIMIT ${SAMPLE_RECORDS}`);
    for (const row of rows) tally.add(Object.fromEntries(shown.map((column, i) => [column, row[i]])));
  } catch (error) {
    // A table the role may not read (or a view that fails) still has its columns to choose from.
    notes.push(`The rows of ${qualified(table)} could not be read: ${(error as Error).message}`);
  }
  return tally.source(qualified(table));
}

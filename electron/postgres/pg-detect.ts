// Which event store a database holds, read from pg_catalog: information_schema lists only the columns and triggers
// a role holds privileges on, so a least-privilege role would see less there than the store has.
import { JournalError } from '../../shared/contract.js';
import { findLayout } from './pg-layouts.js';
import type { PgLayout, PgTable } from './pg-layouts.js';
import { candidateTables, readMappedLayout } from './pg-mapped-layout.js';
import type { ColumnMap } from '../readers/formats/types.js';
import type { PgSession } from './pg-session.js';

/** Tables, views and partitioned tables with their columns, in the user's schemas (or one schema). */
const TABLES = `
  SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
    AND ($1::text IS NULL OR n.nspname = $1)
  ORDER BY n.nspname, c.relname, a.attnum`;

export async function readTables(session: PgSession, schema: string | undefined): Promise<PgTable[]> {
  const rows = await session.rows<[string, string, string, string]>(TABLES, [schema ?? null]);
  const tables = new Map<string, PgTable & { columns: Map<string, string> }>();
  for (const [nspname, relname, column, type] of rows) {
    const key = `${nspname}.${relname}`;
    let table = tables.get(key);
    if (table === undefined) {
      table = { schema: nspname, name: relname, columns: new Map() };
      tables.set(key, table);
    }
    table.columns.set(column, type);
  }
  return [...tables.values()];
}

/**
 * The store in the database the session reaches, or a message saying what was looked for. With a map, the table it
 * names is read that way, whatever store the database holds (pg-mapped-layout.ts).
 */
export async function detectLayout(session: PgSession, map?: ColumnMap): Promise<PgLayout> {
  const { target } = session;
  const tables = await readTables(session, target.schema);
  const where = target.schema === undefined ? 'in any schema' : `in schema "${target.schema}"`;
  if (map !== undefined) return readMappedLayout(session, map, tables, `${where} of ${target.name}`);
  const layout = findLayout(tables);
  if (layout !== null) return layout;
  const candidates = candidateTables(tables);
  // How to name the table and its columns is each surface's to say (remedy "map"): --map, or Map columns….
  throw new JournalError(
    'bad-format',
    `${target.name} holds no event store Eventlens knows ${where} (looked for Marten mt_events, Message DB messages, Emmett emt_messages, ` +
      `Commanded events/stream_events/streams, Rails Event Store event_store_events and eventsourcing *_events tables; ${tables.length} tables seen). ` +
      (candidates === '' ? 'No table has columns like an event\'s.' : `Tables that could hold events: ${candidates}. Name the table and its columns by hand.`),
    candidates === '' ? undefined : 'map',
  );
}

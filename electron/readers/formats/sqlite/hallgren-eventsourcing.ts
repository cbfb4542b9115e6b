// hallgren/eventsourcing (Go, eventstore/sql/sqlite.go): one events table, one event a row.
import { quote } from '../../sqlite-open.js';
import type { SqliteLayout, Tables } from '../types.js';
import { selectLayout } from './in-place.js';
import { otherColumns, otherColumnsObject, withFinerTime } from './other-columns.js';
import { tableWith } from './schema.js';

const COLUMNS = ['seq', 'id', 'version', 'reason', 'type', 'timestamp', 'data', 'metadata'];

interface EventsTable {
  table: string;
  /** The row's other columns as one JSON object (NULL when there are none), and a time finer than milliseconds. */
  extra: string;
}

function eventsTable(tables: Tables): EventsTable | null {
  const table = tableWith(tables, 'events', COLUMNS);
  if (table === undefined) return null;
  return { table, extra: withFinerTime(otherColumnsObject(otherColumns(tables, table, COLUMNS)), { name: 'timestamp', column: quote('timestamp') }) };
}

/**
 * The store keys an aggregate by (type, id): two aggregate types may share an id, so the stream is
 * "<aggregate type>/<id>" (just the id when the type is empty). The event type is the reason column. Events have no
 * id of their own (the id column is the aggregate's), so the event id is NULL.
 */
function select({ table, extra }: EventsTable): string {
  return (
    `SELECT seq AS position, CASE WHEN type IS NULL OR type = '' THEN id ELSE type || '/' || id END AS stream, ` +
    `version AS version, reason AS type, timestamp AS time, data AS data, metadata AS metadata, NULL AS id, ${extra} AS extra FROM ${quote(table)}`
  );
}

export const hallgrenEventsourcing: SqliteLayout = selectLayout(
  'hallgren-eventsourcing',
  eventsTable,
  select,
  (found) => found.table,
);

// hallgren/eventsourcing (Go, eventstore/sql/sqlite.go): one events table, one event a row.
import { quote } from '../../sqlite-open.js';
import type { SqliteLayout, Tables } from '../types.js';
import { selectLayout } from './in-place.js';
import { tableWith } from './schema.js';

const COLUMNS = ['seq', 'id', 'version', 'reason', 'type', 'timestamp', 'data', 'metadata'];

function eventsTable(tables: Tables): string | undefined {
  return tableWith(tables, 'events', COLUMNS);
}

/**
 * The store keys an aggregate by (type, id): two aggregate types may share an id, so the stream is
 * "<aggregate type>/<id>" (just the id when the type is empty). The event type is the reason column. Events have no
 * id of their own (the id column is the aggregate's), so the event id is NULL.
 */
function select(table: string): string {
  return (
    `SELECT seq AS position, CASE WHEN type IS NULL OR type = '' THEN id ELSE type || '/' || id END AS stream, ` +
    `version AS version, reason AS type, timestamp AS time, data AS data, metadata AS metadata, NULL AS id FROM ${quote(table)}`
  );
}

export const hallgrenEventsourcing: SqliteLayout = selectLayout(
  'hallgren-eventsourcing',
  (tables) => eventsTable(tables) ?? null,
  select,
  (table) => table,
);

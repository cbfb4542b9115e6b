// SQL Stream Store (SQLStreamStore/SQLStreamStore, SqlStreamStore.Sqlite Scripts/Tables.sql): streams and messages.
import { quote } from '../../sqlite-open.js';
import type { SqliteLayout, Tables } from '../types.js';
import { selectLayout } from './in-place.js';
import { otherColumns, otherColumnsObject, withFinerTime } from './other-columns.js';
import { columnOrNull, tableWith } from './schema.js';

interface StreamStoreTables {
  streams: string;
  messages: string;
  /** The event_id column as selected (NULL when the table has none). */
  id: string;
  /** The message's other columns as one JSON object (NULL when there are none). */
  extra: string;
}

const MESSAGE_COLUMNS = ['stream_id_internal', 'stream_version', 'position', 'type', 'json_data', 'created_utc'];

function findTables(tables: Tables): StreamStoreTables | null {
  const streams = tableWith(tables, 'streams', ['id', 'id_original', 'id_internal']);
  const messages = tableWith(tables, 'messages', MESSAGE_COLUMNS);
  if (streams === undefined || messages === undefined) return null;
  // The streams table describes streams (max age, max count), not events: its columns are not the event's.
  const others = otherColumnsObject(otherColumns(tables, messages, [...MESSAGE_COLUMNS, 'json_metadata', 'event_id'], 'm'));
  const extra = withFinerTime(others, { name: 'created_utc', column: 'm.created_utc' });
  return { streams, messages, id: columnOrNull(tables, messages, 'event_id', 'm'), extra };
}

/**
 * The stream shown is id_original, the name the application used (id is its SHA-1 unless it is a GUID).
 * Versions and positions start at 0, as the store numbers them. Metadata streams ("$$<stream>", events of type
 * "$stream-metadata") are kept: the store wrote them, they hold max-age/max-count settings, and their "$$" names
 * set them apart.
 */
function select({ streams, messages, id, extra }: StreamStoreTables): string {
  return (
    `SELECT m.position AS position, s.id_original AS stream, m.stream_version AS version, m.type AS type, ` +
    `m.created_utc AS time, m.json_data AS data, m.json_metadata AS metadata, ${id} AS id, ${extra} AS extra ` +
    `FROM ${quote(messages)} AS m LEFT JOIN ${quote(streams)} AS s ON s.id_internal = m.stream_id_internal`
  );
}

export const sqlStreamStore: SqliteLayout = selectLayout('sql-stream-store', findTables, select, (found) => found.messages);

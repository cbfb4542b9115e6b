// Eventuous (Eventuous/eventuous, Sqlite Scripts/1_Schema.sql): <schema>_streams names the streams,
// <schema>_messages holds one event a row. The schema prefix is "eventuous" unless configured otherwise.
import { quote } from '../../sqlite-open.js';
import type { SqliteLayout, Tables } from '../types.js';
import { selectLayout } from './in-place.js';
import { otherColumns, otherColumnsObject, withFinerTime } from './other-columns.js';
import { columnOrNull, tableWith } from './schema.js';

const STREAM_COLUMNS = ['stream_id', 'stream_name', 'version'];
const MESSAGE_COLUMNS = ['global_position', 'message_type', 'stream_id', 'stream_position', 'json_data', 'json_metadata', 'created'];

interface EventuousTables {
  streams: string;
  messages: string;
  /** The message_id column as selected (NULL when the table has none). */
  id: string;
  /** The message's other columns as one JSON object (NULL when there are none). */
  extra: string;
}

/** The first `<prefix>_messages` whose `<prefix>_streams` sits beside it, both with Eventuous's columns. */
function findTables(tables: Tables): EventuousTables | null {
  for (const name of tables.keys()) {
    const prefix = /^(.*)_messages$/i.exec(name)?.[1];
    if (prefix === undefined) continue;
    const messages = tableWith(tables, name, MESSAGE_COLUMNS);
    const streams = tableWith(tables, `${prefix}_streams`, STREAM_COLUMNS);
    if (messages === undefined || streams === undefined) continue;
    // The streams table describes streams, not events: its columns are not the event's.
    const others = otherColumnsObject(otherColumns(tables, messages, [...MESSAGE_COLUMNS, 'message_id'], 'm'));
    const extra = withFinerTime(others, { name: 'created', column: 'm.created' });
    return { streams, messages, id: columnOrNull(tables, messages, 'message_id', 'm'), extra };
  }
  return null;
}

/**
 * stream_position is 0-based in Eventuous; it is kept as the store numbers it. A message whose stream row is missing
 * keeps a NULL stream, which the builder reports as a finding.
 */
function select({ streams, messages, id, extra }: EventuousTables): string {
  return (
    `SELECT m.global_position AS position, s.stream_name AS stream, m.stream_position AS version, m.message_type AS type, ` +
    `m.created AS time, m.json_data AS data, m.json_metadata AS metadata, ${id} AS id, ${extra} AS extra ` +
    `FROM ${quote(messages)} AS m LEFT JOIN ${quote(streams)} AS s ON s.stream_id = m.stream_id`
  );
}

export const eventuous: SqliteLayout = selectLayout('eventuous', findTables, select, (found) => found.messages);

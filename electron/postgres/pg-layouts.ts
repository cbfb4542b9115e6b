// The PostgreSQL event stores Eventlens reads live, each as one SQL relation of events with the same columns:
// position, stream, version, type, time (timestamptz), data, metadata, id. Every query is written once against that
// relation; PostgreSQL inlines it, so a filter on `stream` reaches the store's own (stream, version) index.
// Schemas and write paths of each store are described in docs/postgresql-stores.md.

/** A table found in the database: its schema, name and columns with their types. */
export interface PgTable {
  schema: string;
  name: string;
  columns: ReadonlyMap<string, string>;
}

export interface PgLayout {
  /** The format id `eventlens info --json` reports. */
  id: string;
  /** The store's name as its users know it. */
  title: string;
  /** The schema the store's tables live in. */
  schema: string;
  /** The SELECT giving the events relation (columns as above). */
  relation: string;
  /** How `data` and `metadata` come: jsonb (json text on the wire) or bytea (bytes decoded here). */
  payloads: 'jsonb' | 'bytea';
  /** The optional parts this store has, in words ("correlation_id", "archived events", "partitions"). */
  parts: string[];
  /** The store numbers versions from 0 (Message DB, Rails Event Store) or 1. */
  firstVersion: 0 | 1;
  /** The tables holding its history (in `schema`), whose guards against UPDATE and DELETE are looked for. */
  tables: string[];
  /**
   * A cheaper SELECT of the highest position than max(position) over the relation, where the store keeps one:
   * looked at every second while the store is followed.
   */
  head?: string;
}

/** A quoted SQL identifier: names come from the catalog, and a store may sit in any schema. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const table = (found: PgTable) => `${ident(found.schema)}.${ident(found.name)}`;
const has = (found: PgTable | undefined, ...columns: string[]) => found !== undefined && columns.every((column) => found.columns.has(column));
const isJson = (type: string | undefined) => type === 'jsonb' || type === 'json';
/** A payload column as jsonb, or bytea as stored (decoded in JS). */
const payload = (found: PgTable, column: string) => (isJson(found.columns.get(column)) ? `${column}::jsonb` : column);

type Finder = (tables: readonly PgTable[]) => PgLayout | null;

function inSchema(tables: readonly PgTable[], schema: string, name: string): PgTable | undefined {
  return tables.find((t) => t.schema === schema && t.name === name);
}

const messageDb: Finder = (tables) => {
  const messages = tables.find((t) => t.name === 'messages' && has(t, 'global_position', 'position', 'stream_name', 'type', 'time', 'data', 'metadata'));
  if (messages === undefined) return null;
  return {
    id: 'message-db',
    title: 'Message DB',
    schema: messages.schema,
    // `time` is UTC wall-clock time without a zone (the writer stores now() AT TIME ZONE 'utc').
    relation: `SELECT m.global_position AS position, m.stream_name AS stream, m.position AS version, m.type AS type,
      (m.time AT TIME ZONE 'UTC') AS time, m.data AS data, m.metadata AS metadata, m.id::text AS id FROM ${table(messages)} m`,
    payloads: 'jsonb',
    parts: [],
    firstVersion: 0,
    tables: [messages.name],
  };
};

const emmett: Finder = (tables) => {
  const messages = tables.find((t) => t.name === 'emt_messages' && has(t, 'stream_id', 'stream_position', 'global_position', 'message_type', 'message_data', 'message_kind'));
  if (messages !== undefined) {
    return {
      id: 'emmett',
      title: 'Emmett (PostgreSQL)',
      schema: messages.schema,
      // Commands share the table (message_kind 'C'): the journal is its events.
      relation: `SELECT m.global_position AS position, m.stream_id AS stream, m.stream_position AS version, m.message_type AS type,
        m.created AS time, m.message_data AS data, m.message_metadata AS metadata, m.message_id AS id FROM ${table(messages)} m WHERE m.message_kind = 'E'`,
      payloads: 'jsonb',
      parts: ['partitions', 'archived events'],
      firstVersion: 1,
      tables: [messages.name, 'emt_streams'],
    };
  }
  const events = tables.find((t) => t.name === 'emt_events' && has(t, 'stream_id', 'stream_position', 'global_position', 'event_type', 'event_data'));
  if (events === undefined) return null;
  return {
    id: 'emmett',
    title: 'Emmett (PostgreSQL, before 0.38.7)',
    schema: events.schema,
    relation: `SELECT m.global_position AS position, m.stream_id AS stream, m.stream_position AS version, m.event_type AS type,
      m.created AS time, m.event_data AS data, m.event_metadata AS metadata, m.event_id AS id FROM ${table(events)} m`,
    payloads: 'jsonb',
    parts: ['partitions', 'archived events'],
    firstVersion: 1,
    tables: [events.name, 'emt_streams'],
  };
};

const marten: Finder = (tables) => {
  const events = tables.find((t) => t.name === 'mt_events' && has(t, 'seq_id', 'stream_id', 'version', 'data', 'type', 'timestamp'));
  if (events === undefined) return null;
  // Marten has no metadata document: its headers are one, with the correlation, causation and user columns beside.
  const optional = ['correlation_id', 'causation_id', 'user_name'].filter((column) => events.columns.has(column));
  const columns = optional.length === 0 ? null : `jsonb_strip_nulls(jsonb_build_object(${optional.map((c) => `'${c}', e.${ident(c)}`).join(', ')}))`;
  const headers = events.columns.has('headers') ? 'e.headers' : null;
  const metadata = headers && columns ? `NULLIF(coalesce(${headers}, '{}'::jsonb) || ${columns}, '{}'::jsonb)` : (headers ?? (columns ? `NULLIF(${columns}, '{}'::jsonb)` : 'NULL::jsonb'));
  if (headers) optional.push('headers');
  const parts = [...optional, ...(events.columns.has('tenant_id') ? ['tenant_id'] : []), ...(events.columns.has('is_archived') ? ['archived events'] : [])];
  return {
    id: 'marten',
    title: 'Marten',
    schema: events.schema,
    relation: `SELECT e.seq_id AS position, e.stream_id::text AS stream, e.version AS version, e.type::text AS type,
      e.timestamp AS time, e.data AS data, ${metadata} AS metadata, e.id::text AS id FROM ${table(events)} e`,
    payloads: 'jsonb',
    parts,
    firstVersion: 1,
    tables: [events.name, 'mt_streams'],
  };
};

const commanded: Finder = (tables) => {
  const events = tables.find((t) => t.name === 'events' && has(t, 'event_id', 'event_type', 'data', 'created_at', 'causation_id'));
  if (events === undefined) return null;
  const streamEvents = inSchema(tables, events.schema, 'stream_events');
  const streams = inSchema(tables, events.schema, 'streams');
  if (!has(streamEvents, 'stream_id', 'stream_version', 'original_stream_id', 'original_stream_version') || !has(streams, 'stream_id', 'stream_uuid', 'stream_version')) return null;
  const kinds = isJson(events.columns.get('data')) && isJson(events.columns.get('metadata'));
  // Every event has a row in stream 0 ($all) whose version is its global position; its own stream's row has
  // original_stream_id = stream_id (a linked copy in another stream does not).
  return {
    id: 'commanded',
    title: 'Commanded EventStore',
    schema: events.schema,
    relation: `SELECT a.stream_version AS position, s.stream_uuid AS stream, se.stream_version AS version, e.event_type AS type,
      e.created_at AS time, ${kinds ? 'e.data::jsonb' : 'e.data'} AS data, ${kinds ? 'e.metadata::jsonb' : 'e.metadata'} AS metadata, e.event_id::text AS id
      FROM ${table(streamEvents!)} se
      JOIN ${table(streams!)} s ON s.stream_id = se.stream_id
      JOIN ${table(events)} e ON e.event_id = se.event_id
      JOIN ${table(streamEvents!)} a ON a.event_id = se.event_id AND a.stream_id = 0
      WHERE se.stream_id <> 0 AND se.original_stream_id = se.stream_id`,
    payloads: kinds ? 'jsonb' : 'bytea',
    parts: [...(streams!.columns.has('deleted_at') ? ['soft-deleted streams'] : []), ...(streams!.columns.has('stream_origin') ? ['trimmed streams'] : [])],
    firstVersion: 1,
    tables: [events.name, streamEvents!.name, streams!.name],
    // $all's version is the count of events written, and the highest global position (gapless, from 1).
    head: `SELECT stream_version FROM ${table(streams!)} WHERE stream_id = 0`,
  };
};

const railsEventStore: Finder = (tables) => {
  const events = tables.find((t) => t.name === 'event_store_events' && has(t, 'id', 'event_id', 'event_type', 'data', 'created_at'));
  if (events === undefined) return null;
  const links = inSchema(tables, events.schema, 'event_store_events_in_streams');
  if (!has(links, 'stream', 'position', 'event_id')) return null;
  const kinds = isJson(events.columns.get('data'));
  // An event linked into several streams is in each of them; `position` is NULL where it was appended with
  // expected_version :any, and the link row's id then orders the stream (as RES reads it).
  return {
    id: 'rails-event-store',
    title: 'Rails Event Store (PostgreSQL)',
    schema: events.schema,
    relation: `SELECT e.id AS position, l.stream::text AS stream, COALESCE(l.position::bigint, l.id) AS version, e.event_type::text AS type,
      (e.created_at AT TIME ZONE 'UTC') AS time, ${kinds ? payload(events, 'data') : 'e.data'} AS data, ${kinds ? payload(events, 'metadata') : 'e.metadata'} AS metadata,
      e.event_id::text AS id FROM ${table(links!)} l JOIN ${table(events)} e ON e.event_id = l.event_id`,
    payloads: kinds ? 'jsonb' : 'bytea',
    parts: events.columns.has('valid_at') ? ['valid_at'] : [],
    firstVersion: 0,
    tables: [events.name, links!.name],
    // The events table's primary key: an event written with no stream row yet moves it, and then counts nothing.
    head: `SELECT max(id) FROM ${table(events)}`,
  };
};

const eventsourcing: Finder = (tables) => {
  const events = tables.find((t) => has(t, 'originator_id', 'originator_version', 'topic', 'state', 'notification_id'));
  if (events === undefined) return null;
  // No time column: the event's timestamp is inside its state, decoded with the payload.
  return {
    id: 'eventsourcing-python',
    title: 'Python eventsourcing (PostgreSQL)',
    schema: events.schema,
    relation: `SELECT e.notification_id AS position, e.originator_id::text AS stream, e.originator_version AS version, e.topic AS type,
      NULL::timestamptz AS time, e.state AS data, NULL::bytea AS metadata, NULL::text AS id FROM ${table(events)} e`,
    payloads: 'bytea',
    parts: [],
    firstVersion: 1,
    tables: [events.name],
  };
};

/** Most specific first: Commanded's generic table names come last but one. */
const FINDERS: Finder[] = [messageDb, emmett, marten, railsEventStore, eventsourcing, commanded];

/** The store these tables make, or null when they are none Eventlens knows. */
export function findLayout(tables: readonly PgTable[]): PgLayout | null {
  for (const find of FINDERS) {
    const layout = find(tables);
    if (layout !== null) return layout;
  }
  return null;
}

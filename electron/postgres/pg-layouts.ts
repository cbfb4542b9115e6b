// The PostgreSQL event stores Eventlens reads live, each as one SQL relation of events with the same columns:
// position, stream, version, type, time (timestamptz), data, metadata, id, and for some stores extra (jsonb: what the
// store says of an event beside those, such as Marten's tenant_id or an archived mark; NULL when nothing). Every query
// is written once against that relation; PostgreSQL inlines it, so a filter on `stream` reaches the store's own
// (stream, version) index. Schemas and write paths of each store are described in docs/postgresql-stores.md.
import { stateTimeSql } from './pg-state-time.js';
import type { Finding } from '../../shared/model.js';

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
  /** The SELECT giving the events relation (columns as above; `extra` only where the layout says so). */
  relation: string;
  /** The relation also selects `extra`: a jsonb object of what the store says of an event beside its fields, or NULL. */
  extra?: boolean;
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
  /**
   * Set where the store keys its streams by uuid (Marten's Guid identity, eventsourcing's originator_id): the relation
   * then also gives the raw column as `stream_key`, which a stream filter compares instead of the text `stream`, so
   * the store's index on that column serves one stream's reads (a cast to text would make each one a scan).
   */
  streamKey?: 'uuid';
  /**
   * Set where the store keeps times as UTC wall-clock time without a zone (Message DB, Rails Event Store): the
   * relation then also gives the raw column as `time_key`, which a time range compares with its bounds turned into
   * the same form, so an index on that column serves it (the zone added to each row's time would make it a scan).
   */
  timeKey?: 'utc-wall';
  /** What reading the store this way leaves unsaid (a mapped table's counted versions): findings from the start. */
  findings?: Finding[];
  /** Events the store marks (archived, in a soft-deleted stream…), counted when the store is opened and said as info. */
  marks?: PgMark[];
}

/** Events a store marks one way, and how the summary says so (pg-marks.ts). */
export interface PgMark {
  /** The finding's kind, the word the file readers use for the same mark ("archived-events"). */
  kind: string;
  /** A SELECT of two counts: the events marked, and the streams they are in. */
  count: string;
  /** The finding's words for those counts (said only when one of them is not 0). */
  say(events: number, streams: number): string;
}

/** A quoted SQL identifier: names come from the catalog, and a store may sit in any schema. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const table = (found: PgTable) => `${ident(found.schema)}.${ident(found.name)}`;
const has = (found: PgTable | undefined, ...columns: string[]) => found !== undefined && columns.every((column) => found.columns.has(column));
const isJson = (type: string | undefined) => type === 'jsonb' || type === 'json';
/** "1 event", "3 events". */
const counted = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/**
 * How a store's data and metadata columns are handed over. Both JSON: as jsonb, read and filtered on the server.
 * Otherwise as bytes, each column by its own type: a bytea column as stored (its serializer's bytes, decoded in
 * pg-payloads.ts), a JSON column as its UTF-8 text (Commanded lets data and metadata have different types).
 */
function payloadColumns(found: PgTable, alias: string): { data: string; metadata: string; payloads: 'jsonb' | 'bytea' } {
  // A table without a metadata column (a schema older than its DDL here) gives none, in the data column's kind.
  const type = (column: string) => found.columns.get(column) ?? found.columns.get('data');
  const present = (column: string) => found.columns.has(column);
  if (isJson(type('data')) && isJson(type('metadata'))) {
    const json = (column: string) => (present(column) ? `${alias}.${column}::jsonb` : 'NULL::jsonb');
    return { data: json('data'), metadata: json('metadata'), payloads: 'jsonb' };
  }
  const bytes = (column: string) => (!present(column) ? 'NULL::bytea' : isJson(type(column)) ? `convert_to(${alias}.${column}::text, 'UTF8')` : `${alias}.${column}`);
  return { data: bytes('data'), metadata: bytes('metadata'), payloads: 'bytea' };
}

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
      (m.time AT TIME ZONE 'UTC') AS time, m.data AS data, m.metadata AS metadata, m.id::text AS id, m.time AS time_key FROM ${table(messages)} m`,
    timeKey: 'utc-wall',
    payloads: 'jsonb',
    parts: [],
    firstVersion: 0,
    tables: [messages.name],
  };
};

/** Archived events counted: `count` selects (events, streams). The same words as the SQLite Emmett reader's finding. */
const archivedMark = (count: string): PgMark => ({
  kind: 'archived-events',
  count,
  say: (events, streams) =>
    `${counted(events, 'event')} of ${counted(streams, 'stream')} ${events === 1 ? 'is' : 'are'} archived (is_archived): shown with the rest, ` +
    'each with is_archived among its other fields. The store\'s own reads leave them out.',
});

/** An archived row's mark among the event's other fields; nothing on the others. */
const archivedExtra = (column: string) => `CASE WHEN ${column} THEN '{"is_archived": true}'::jsonb END`;

const emmett: Finder = (tables) => {
  const messages = tables.find((t) => t.name === 'emt_messages' && has(t, 'stream_id', 'stream_position', 'global_position', 'message_type', 'message_data', 'message_kind'));
  const events = messages ?? tables.find((t) => t.name === 'emt_events' && has(t, 'stream_id', 'stream_position', 'global_position', 'event_type', 'event_data'));
  if (events === undefined) return null;
  // Commands share emt_messages (message_kind 'C'): the journal is its events. The older emt_events has events only.
  const [prefix, onlyEvents] = messages !== undefined ? ['message', ` AND m.message_kind = 'E'`] : ['event', ''];
  // Archived messages sit in the _archived leaf partitions, and every Emmett read filters them out: shown here, marked.
  const archiving = events.columns.has('is_archived');
  return {
    id: 'emmett',
    title: messages !== undefined ? 'Emmett (PostgreSQL)' : 'Emmett (PostgreSQL, before 0.38.7)',
    schema: events.schema,
    relation: `SELECT m.global_position AS position, m.stream_id AS stream, m.stream_position AS version, m.${prefix}_type AS type,
      m.created AS time, m.${prefix}_data AS data, m.${prefix}_metadata AS metadata, m.${prefix}_id AS id,
      ${archiving ? archivedExtra('m.is_archived') : 'NULL::jsonb'} AS extra FROM ${table(events)} m WHERE true${onlyEvents}`,
    extra: true,
    payloads: 'jsonb',
    parts: ['partitions', 'archived events'],
    firstVersion: 1,
    tables: [events.name, 'emt_streams'],
    // The archived leaves only: partition pruning keeps this small.
    ...(archiving && { marks: [archivedMark(`SELECT count(*), count(DISTINCT m.stream_id) FROM ${table(events)} m WHERE m.is_archived${onlyEvents}`)] }),
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
  const tenant = events.columns.has('tenant_id');
  const archiving = events.columns.has('is_archived');
  // The event's tenant (every event: '*DEFAULT*' in a single-tenant store) and, on an archived stream's events, the
  // archived mark: mt_archive_stream sets is_archived on the stream's mt_streams row and on each of its events, so
  // the events say it without reading mt_streams (which a least-privilege role need not see).
  const extra = [...(tenant ? [`jsonb_strip_nulls(jsonb_build_object('tenant_id', e.tenant_id))`] : []), ...(archiving ? [`coalesce(${archivedExtra('e.is_archived')}, '{}'::jsonb)`] : [])];
  const parts = [...optional, ...(tenant ? ['tenant_id'] : []), ...(archiving ? ['archived events'] : [])];
  // Guid stream identity (Marten's default) keys streams by uuid; string identity by varchar.
  const guid = events.columns.get('stream_id') === 'uuid';
  return {
    id: 'marten',
    title: 'Marten',
    schema: events.schema,
    relation: `SELECT e.seq_id AS position, e.stream_id::text AS stream, e.version AS version, e.type::text AS type,
      e.timestamp AS time, e.data AS data, ${metadata} AS metadata, e.id::text AS id,
      ${extra.length === 0 ? 'NULL::jsonb' : `NULLIF(${extra.join(' || ')}, '{}'::jsonb)`} AS extra${guid ? ', e.stream_id AS stream_key' : ''} FROM ${table(events)} e`,
    extra: true,
    ...(guid && { streamKey: 'uuid' as const }),
    payloads: 'jsonb',
    parts,
    firstVersion: 1,
    tables: [events.name, 'mt_streams'],
    ...(archiving && { marks: [archivedMark(`SELECT count(*), count(DISTINCT stream_id) FROM ${table(events)} WHERE is_archived`)] }),
  };
};

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

const commanded: Finder = (tables) => {
  const events = tables.find((t) => t.name === 'events' && has(t, 'event_id', 'event_type', 'data', 'created_at', 'causation_id'));
  if (events === undefined) return null;
  const streamEvents = inSchema(tables, events.schema, 'stream_events');
  const streams = inSchema(tables, events.schema, 'streams');
  if (!has(streamEvents, 'stream_id', 'stream_version', 'original_stream_id', 'original_stream_version') || !has(streams, 'stream_id', 'stream_uuid', 'stream_version')) return null;
  // column_data_type and metadata_column_data_type are set apart: each column is read by its own type.
  const { data, metadata, payloads } = payloadColumns(events, 'e');
  // A soft-deleted stream (soft_delete_stream: deleted_at = now()) keeps its events, in $all too: shown, marked.
  const deleting = streams!.columns.has('deleted_at');
  const extra = deleting ? `CASE WHEN s.deleted_at IS NOT NULL THEN jsonb_build_object('streams.deleted_at', to_char(s.deleted_at AT TIME ZONE 'UTC', ${ISO_UTC})) END` : 'NULL::jsonb';
  const own = `se.stream_id <> 0 AND se.original_stream_id = se.stream_id`;
  // Every event has a row in stream 0 ($all) whose version is its global position; its own stream's row has
  // original_stream_id = stream_id (a linked copy in another stream does not).
  return {
    id: 'commanded',
    title: 'Commanded EventStore',
    schema: events.schema,
    relation: `SELECT a.stream_version AS position, s.stream_uuid AS stream, se.stream_version AS version, e.event_type AS type,
      e.created_at AS time, ${data} AS data, ${metadata} AS metadata, e.event_id::text AS id, ${extra} AS extra
      FROM ${table(streamEvents!)} se
      JOIN ${table(streams!)} s ON s.stream_id = se.stream_id
      JOIN ${table(events)} e ON e.event_id = se.event_id
      JOIN ${table(streamEvents!)} a ON a.event_id = se.event_id AND a.stream_id = 0
      WHERE ${own}`,
    extra: true,
    payloads,
    parts: [...(deleting ? ['soft-deleted streams'] : []), ...(streams!.columns.has('stream_origin') ? ['trimmed streams'] : [])],
    firstVersion: 1,
    tables: [events.name, streamEvents!.name, streams!.name],
    // $all's version is the count of events written, and the highest global position (gapless, from 1).
    head: `SELECT stream_version FROM ${table(streams!)} WHERE stream_id = 0`,
    ...(deleting && {
      marks: [
        {
          kind: 'soft-deleted-streams',
          count: `SELECT (SELECT count(*) FROM ${table(streamEvents!)} se JOIN ${table(streams!)} s ON s.stream_id = se.stream_id WHERE ${own} AND s.deleted_at IS NOT NULL),
            (SELECT count(*) FROM ${table(streams!)} WHERE stream_id <> 0 AND deleted_at IS NOT NULL)`,
          say: (count, streamCount) =>
            `${counted(streamCount, 'stream')} ${streamCount === 1 ? 'is' : 'are'} soft-deleted (streams.deleted_at), with ${counted(count, 'event')}: ` +
            'Commanded reads them no more by stream, but they are still in $all. Shown with the rest, each with streams.deleted_at among its other fields.',
        },
      ],
    }),
  };
};

const railsEventStore: Finder = (tables) => {
  const events = tables.find((t) => t.name === 'event_store_events' && has(t, 'id', 'event_id', 'event_type', 'data', 'created_at'));
  if (events === undefined) return null;
  const links = inSchema(tables, events.schema, 'event_store_events_in_streams');
  if (!has(links, 'id', 'stream', 'position', 'event_id')) return null;
  const { data, metadata, payloads } = payloadColumns(events, 'e');
  // An event linked into several streams is in each of them. `position` is NULL where the link was made with
  // expected_version :any (RES's default for publish and link): RES then keeps no number for the event in that stream
  // and reads the stream in link id order, so the link id is the version here: it orders the stream as RES does, but
  // it jumps wherever other streams' links were made between. Counting the links instead (row_number over each
  // stream by id, as the SQLite reader does) would need every link sorted before any whole-journal page: measured on
  // 200,000 links, a page in global order went from 23 ms to 750 ms. Such links say so among their other fields
  // (`<links table>.position`: null, the SQLite reader's name for a link column), and the summary counts them.
  const unnumbered = `'${JSON.stringify({ [`${links!.name}.position`]: null }).replaceAll("'", "''")}'::jsonb`;
  return {
    id: 'rails-event-store',
    title: 'Rails Event Store (PostgreSQL)',
    schema: events.schema,
    relation: `SELECT e.id AS position, l.stream::text AS stream, COALESCE(l.position::bigint, l.id) AS version, e.event_type::text AS type,
      (e.created_at AT TIME ZONE 'UTC') AS time, ${data} AS data, ${metadata} AS metadata, e.event_id::text AS id,
      CASE WHEN l.position IS NULL THEN ${unnumbered} END AS extra, e.created_at AS time_key FROM ${table(links!)} l JOIN ${table(events)} e ON e.event_id = l.event_id`,
    timeKey: 'utc-wall',
    extra: true,
    payloads,
    parts: events.columns.has('valid_at') ? ['valid_at'] : [],
    firstVersion: 0,
    tables: [events.name, links!.name],
    // The events table's primary key: an event written with no stream row yet moves it, and then counts nothing.
    head: `SELECT max(id) FROM ${table(events)}`,
    marks: [
      {
        kind: 'unnumbered-links',
        count: `SELECT count(*), count(DISTINCT stream) FROM ${table(links!)} WHERE position IS NULL`,
        say: (count, streams) =>
          `${counted(count, 'event')} in ${counted(streams, 'stream')} ${count === 1 ? 'was' : 'were'} appended or linked with expected_version :any, ` +
          `for which Rails Event Store stores no position (${links!.name}.position is NULL) and reads the stream in link order: ` +
          `their versions here are their link ids (${links!.name}.id), in that order but not one after the other, ` +
          'so version gaps and late starts in those streams are other streams\' links, not missing events.',
      },
    ],
  };
};

/** eventsourcing's table names: `<application>_events` (`stored_events` for an unnamed one), `<application>_snapshots`. */
function recorderRank(found: PgTable): number {
  if (found.name === 'stored_events') return 0;
  if (found.name.endsWith('_events')) return 1;
  return found.name.endsWith('snapshots') ? 3 : 2;
}

const eventsourcing: Finder = (tables) => {
  // Detected by column shape: one schema may hold several applications' recorders, and each aggregate recorder's
  // snapshots have the same columns but no notification_id. The events (notification log) of the table named as
  // the library names them are read; the others are said.
  const recorders = tables.filter((t) => has(t, 'originator_id', 'originator_version', 'topic', 'state'));
  const logs = recorders.filter((t) => t.columns.has('notification_id'));
  const events = logs.reduce<PgTable | undefined>((best, t) => (best === undefined || recorderRank(t) < recorderRank(best) ? t : best), undefined);
  if (events === undefined) return null;
  const named = (t: PgTable) => (t.schema === events.schema ? t.name : `${t.schema}.${t.name}`);
  const others = recorders.filter((t) => t !== events);
  const unread = others.filter((t) => t.columns.has('notification_id'));
  const kept = (t: PgTable) => (t.columns.has('notification_id') ? `other events table ${named(t)}` : `snapshots table ${named(t)}`);
  const uuidKeys = events.columns.get('originator_id') === 'uuid';
  return {
    id: 'eventsourcing-python',
    title: 'Python eventsourcing (PostgreSQL)',
    schema: events.schema,
    // No time column: the time is the state's timestamp, where the state's first bytes give it (pg-state-time.ts).
    relation: `SELECT e.notification_id AS position, e.originator_id::text AS stream, e.originator_version AS version, e.topic AS type,
      ${stateTimeSql('e.state')} AS time, e.state AS data, NULL::bytea AS metadata, NULL::text AS id${uuidKeys ? ', e.originator_id AS stream_key' : ''} FROM ${table(events)} e`,
    ...(uuidKeys && { streamKey: 'uuid' as const }),
    payloads: 'bytea',
    parts: others.map(kept),
    firstVersion: 1,
    tables: [events.name],
    ...(unread.length > 0 && {
      findings: [
        {
          severity: 'info',
          kind: 'other-tables',
          place: `schema ${events.schema}`,
          message:
            `Python eventsourcing (PostgreSQL): the events shown are those of ${named(events)}; ${unread.map(named).join(', ')} ` +
            `${unread.length === 1 ? 'holds' : 'hold'} the events of another application's recorder, not shown here.`,
        },
      ],
    }),
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

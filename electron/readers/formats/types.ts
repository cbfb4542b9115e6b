// What a journal format plugs into: SQLite layouts read rows from a database, JSON layouts map parsed records.
// The reading pipeline (containers, gzip, streaming, progress, cancel, the cache index) is not a format's concern.
import type Database from 'better-sqlite3';
import type { Json, JournalEvent } from '../../../shared/model.js';
import type { EventBuilder } from '../event-builder.js';
import type { Role } from '../field-names.js';
import type { FindingLog } from '../loaded-journal.js';

/** Table name → its column names, as the database declares them. */
export type Tables = ReadonlyMap<string, readonly string[]>;

/** A user's own mapping of roles to column or field names (`--map stream=COL,type=COL,…`). */
export type ColumnMap = Partial<Record<Role, string>> & { table?: string };

export interface ReadContext {
  /** The journal's file name, for messages: "bank.sqlite row 12: …". */
  file: string;
  findings: FindingLog;
  /** Key for stores that encrypt payloads (eventsourcing-python's AES-GCM cipher), as the user gave it. */
  cipherKey?: string;
  map?: ColumnMap;
}

/** A snapshot a store keeps of an aggregate's state at one version. */
export interface SnapshotRecord {
  stream: string;
  version: number;
  time: string | null;
  /** The aggregate type or snapshot topic, when the store records one. */
  type: string | null;
  state: Json;
}

export interface SqliteLayout {
  /** The format id `eventlens info --json` reports, e.g. "emmett". */
  id: string;
  /** Whether the database holds this store's tables. Layouts are tried in order, most specific first. */
  matches(tables: Tables): boolean;
  /**
   * Every event in global position order, normalized. A row that cannot be read becomes a finding (naming the
   * row), never an exception; an exception means the whole database cannot be read. Must never write.
   */
  events(db: Database.Database, context: ReadContext): Iterable<JournalEvent>;
  /**
   * For stores whose rows are events one to one, with JSON payloads: a SELECT giving the columns position, stream,
   * version, type, time (as stored), data and metadata (JSON text or blobs), and id (the store's event id, NULL where
   * it has none), in any order of rows. The journal is then queried in place, through the store's own indexes,
   * instead of being imported. Null when this database cannot be (e.g. versions must be counted).
   */
  inPlaceSelect?(tables: Tables, context: ReadContext): string | null;
  snapshots?(db: Database.Database, context: ReadContext): Iterable<SnapshotRecord>;
}

/** How a file holds its JSON records. */
export type Container = 'array' | 'lines' | 'object';

export interface RecordPlace {
  /** For messages: "line 12", "item 3". */
  description: string;
  /** 1-based order of the record in the file: the fallback position. */
  order: number;
}

export interface RecordContext extends ReadContext {
  /** Builds normalized events with the shared rules (missing stream/type → finding, times normalized, versions counted). */
  builder: EventBuilder;
}

export interface JsonLayout {
  /** The format id, e.g. "cloudevents". */
  id: string;
  /** Decides from the first record and its container. Layouts are tried in order, most specific first. */
  matches(first: Record<string, unknown>, container: Container): boolean;
  /** For a document that is one object: the key of the array holding the records ("entries", "events"). */
  recordsKey?: string;
  /** Maps one record to its events (usually one, none when it is not an event); problems go to context.findings. */
  toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[];
  /**
   * For a layout whose records make one event each: that event's payloads and id, read without building it (a record
   * read back from the journal, which needs nothing else). Null where toEvents makes no event.
   */
  payloadsOf?(record: Record<string, unknown>, context: RecordContext): RecordPayloads | null;
  /**
   * Whether a file whose first record is this one names no stream in its records, so that the file is one stream,
   * named after it (EventBuilder.fileStream). Layouts that find the stream elsewhere leave this out.
   */
  streamless?(first: Record<string, unknown>, map: ColumnMap | undefined): boolean;
}

/** What a record read back from the journal gives its event besides the columns the cache keeps. */
export interface RecordPayloads {
  data: Json;
  metadata: Json;
  id?: string;
  extra?: { [name: string]: Json };
}

// The normalized event model every reader produces and every screen shows.

/** JSON as it came out of the journal: data and metadata are never interpreted beyond parsing. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One event, whatever store it came from. */
export interface JournalEvent {
  /** Global order in the journal (the store's own position when it has one, else 1-based file order). */
  position: number;
  stream: string;
  /** Version within the stream, as the store numbers it. */
  version: number;
  type: string;
  /** ISO 8601 in UTC, or null when the event carries no readable time. */
  time: string | null;
  data: Json;
  metadata: Json;
  /** The store's own id of the event (event_id, message_id, a CloudEvent's id), when it has one. */
  id?: string;
  /**
   * Members of the source record that no other field holds as written, by their names in the record: fields no role
   * took (a tenant, a global position), and a role's field whose value the event could not keep exactly (a time
   * finer than milliseconds, a version that is no number). Left out when there are none. Layouts whose store has no
   * metadata of its own (CloudEvents, Temporal, Atom) keep such members in `metadata` instead.
   */
  extra?: { [name: string]: Json };
  /** SHA-256 (hex) of the event's canonical content (shared/audit.ts CanonicalEvent), where the service adds it. */
  digest?: string;
  /**
   * The exact text the event was read from, set only where `data` and `metadata` do not show it exactly: a number
   * that parsing rounded (an integer beyond 2^53 such as 9007199254740993, a decimal with more digits than a double
   * holds, 1e400), or, on event pages, payloads nested deeper than a window is sent (shared/deep-json.ts). For a JSON
   * journal it is the record (the line or array item) as written; for a SQLite store the stored data text, or
   * `{"data": DATA, "metadata": METADATA}` made of the stored texts when there is metadata. Left out for every
   * other event, so pages stay small.
   */
  raw?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** Something worth a reader's attention about the journal: a line that could not be read, a missing field. */
export interface Finding {
  severity: Severity;
  kind: string;
  /** Where in the file: "line 12", "row 40 of events". */
  place: string;
  message: string;
}

export interface JournalSummary {
  /** Absolute path of the journal file (or the sample's name). */
  path: string;
  /** File name shown in the title bar. */
  name: string;
  /** Which layout was recognised, e.g. "sqlite", "json", "ndjson". */
  format: string;
  events: number;
  streams: number;
  firstTime: string | null;
  lastTime: string | null;
  /** Event types with their counts, most frequent first. */
  types: { type: string; count: number }[];
  findings: Finding[];
  /** Findings beyond those listed (the list is capped so a broken file cannot flood the UI). */
  moreFindings: number;
  /** Set for a live store (a database queried where it is), absent for a file. */
  live?: LiveStore;
}

/** How a live store is followed: new events are counted in while `following`; `revision` moves with each change. */
export interface LiveStatus {
  following: boolean;
  revision: number;
  events: number;
  streams: number;
  lastTime: string | null;
  /** When the store was last looked at (ISO); null before the first look. */
  checked: string | null;
  /** Why the last look failed (the server gone for a moment); absent when it answered. */
  problem?: string;
  /** Set while Eventlens listens to the store's own announcements of its appends (LISTEN), besides looking every second. */
  listening?: true;
}

/** A live store as recognised: which store, where its tables are, what optional parts it has. */
export interface LiveStore {
  /** The store's name as its users know it: "Marten", "Message DB". */
  store: string;
  schema: string;
  parts: string[];
  /**
   * Set while the streams' times and the type counts are still being read: a large store's stream list is shown from
   * its counts first (one read the store's stream index can answer), the rest follows.
   */
  counting?: true;
}

/** How far opening a journal has got, while it is being read. */
export interface OpenProgress {
  path: string;
  name: string;
  /** Bytes of the file read so far, and its size: the progress bar's value and maximum. */
  bytesRead: number;
  totalBytes: number;
  events: number;
}

/** How far the long work the filters and the replay asked for has got; polled for their progress bars. */
export interface WorkProgress {
  /** The payload searches running (a text or a field condition tested against every event); null when none runs. */
  search: SearchProgress | null;
  /** A replay walking its events to the step asked for; null when none walks. */
  replay: ReplayProgress | null;
}

export interface SearchProgress {
  /** What is searched, as typed: "data.amount > 100", "text nairobi". */
  searching: string[];
  /** Events tested so far, of the events to test. */
  scanned: number;
  total: number;
}

export interface ReplayProgress {
  /** The stream (or "account-*", "filtered events") replayed. */
  subject: string;
  /** Events read (phase "reading") or folded (phase "folding") so far, of the events to read or fold. */
  phase: 'reading' | 'folding';
  done: number;
  total: number;
}

/** A live store reached and recognised (testConnection), before it is opened. */
export interface ConnectionCheck {
  /** The URL as shown and kept: no password. */
  name: string;
  /** The format id (as JournalSummary.format) and the store's name as its users know it: "marten", "Marten". */
  format: string;
  store: string;
  /** The schema its tables are in. */
  schema: string;
  /** The optional parts it has: "correlation_id", "headers", "archived events"… */
  parts: string[];
  /** The server's version, as it reports it ("PostgreSQL 15.18"). */
  server: string;
  /** The session is read-only (default_transaction_read_only on): the server says so. */
  readOnly: boolean;
}

/**
 * What the first records of a journal hold, for naming its columns by hand (the Map columns… dialog): each field (a
 * JSON record's top-level member) or column (SQLite) with an example value and how often it is there.
 */
export interface FieldSample {
  kind: 'json' | 'sqlite' | 'xml' | 'temporal-binary' | 'postgres';
  /**
   * A JSON file: one source. A SQLite database: one per table whose rows can be read (views are left out). A live
   * PostgreSQL database: one per table or view, named schema.name.
   */
  sources: SampledSource[];
  /** What was not looked at, and why: "only the first 8 MB were read", "its view \"v\" is not read". */
  notes: string[];
}

/** One place events can be read from: a JSON file's records, or a SQLite table's rows. */
export interface SampledSource {
  /** The SQLite table (a PostgreSQL one as schema.name); null for a JSON file. */
  table: string | null;
  /** Records (rows) looked at: the first ones, up to a bound. */
  records: number;
  fields: SampledField[];
  /** The field Eventlens picks for each part by its name, where one fits (stream, version, type, data, time, …). */
  guess: { [role: string]: string };
  /** The first few records, each field's value as short text (absent or null: null), to preview a choice. */
  rows: { [field: string]: string | null }[];
}

export interface SampledField {
  /** As written: the member's or column's own name. */
  name: string;
  /** How many of the records looked at hold a value there (not null). */
  count: number;
  /** One value as short text, to recognise the field by; null when none was seen. */
  example: string | null;
}

export interface StreamSummary {
  stream: string;
  events: number;
  firstVersion: number;
  lastVersion: number;
  firstTime: string | null;
  lastTime: string | null;
}

export interface StreamPage {
  /** Streams matching, before offset/limit. */
  total: number;
  offset: number;
  streams: StreamSummary[];
}

export interface EventPage {
  /** Events matching the query, before offset/limit. */
  total: number;
  offset: number;
  events: JournalEvent[];
}

export const BUCKETS = ['1s', '1m', '1h', '1d'] as const;
export type Bucket = (typeof BUCKETS)[number];

/**
 * Events per time bucket, column by column: bucket i starts at `start` + i × the bucket's size. A minute series of a
 * quarter has 130,000 buckets; as arrays of numbers it is built, sent and drawn without an object per bucket.
 */
export interface RateSeries {
  bucket: Bucket;
  /** ISO start of the first bucket; null when no event in range has a time (then every list is empty). */
  start: string | null;
  /** Events per bucket. */
  totals: number[];
  /** Each type's events per bucket (same length as totals), the type with most events first. */
  types: TypeRate[];
}

export interface TypeRate {
  type: string;
  /** Its events in the whole series. */
  count: number;
  counts: number[];
}

/** One bucket as a row (the CLI prints these): its start, its events, and its events per type. */
export interface RateRow {
  start: string;
  count: number;
  byType: Record<string, number>;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One difference between two states, addressed by an RFC 6901 JSON Pointer. */
export interface Change {
  path: string;
  kind: ChangeKind;
  before?: Json;
  after?: Json;
}

export interface ReplayStep {
  version: number;
  position: number;
  type: string;
  time: string | null;
  changes: Change[];
  /** Set when the reducer could not apply the event, e.g. its data was not an object. */
  note?: string;
}

/** Where the reducer failed: the replay is usable up to the event before. */
export interface ReplayFailure {
  /** Events applied when it failed, counting the failing one: the step to show it at. */
  count: number;
  version: number;
  /** The failing event's global position and stream (a cross-stream replay has many streams). */
  position: number;
  stream: string;
  message: string;
  /** The reducer's file and line, when known ("reducer.js:12"). */
  where: string | null;
}

/** A snapshot the store kept, compared with the replayed state at its version. */
export interface SnapshotCheck {
  version: number;
  /** Events applied to reach that version: where it sits on the replay timeline. */
  count: number;
  time: string | null;
  /** True when the replayed state equals the snapshot; null when the replay failed before reaching it. */
  matches: boolean | null;
  /** From the replayed state to the snapshot's: what the replay got different. */
  changes: Change[];
}

/** One point of a replay, as the Replay panel shows it. */
export interface ReplayPoint {
  /** Events in the subject. */
  total: number;
  /** Events applied: 0 is the initial state. */
  count: number;
  /** The last event applied; null at the start. */
  event: JournalEvent | null;
  state: Json;
  changes: Change[];
  note?: string;
  /** With compareTo: the changes from that point to this one. */
  compared?: Change[];
  /** Set when the reducer fails at or before this point; the state is then the one before the failing event. */
  failure?: ReplayFailure;
  /** The loaded reducer's revision (it goes up when its file changes on disk); null for built-in reducers. */
  revision: number | null;
  /** For one stream whose store keeps snapshots: each of them, checked against the replay. */
  snapshots?: SnapshotCheck[];
}

export interface FieldChange {
  count: number;
  version: number;
  position: number;
  stream: string;
  type: string;
  time: string | null;
  /** The value after the change; absent when the change removed it. */
  value?: Json;
}

export interface FieldHistory {
  path: string;
  entries: FieldChange[];
  failure?: ReplayFailure;
}

/** The user's reducer file, as loaded. */
export interface ReducerInfo {
  path: string;
  name: string;
  /** Goes up each time the file changes on disk and is loaded again. */
  revision: number;
  /** Set when the current version of the file does not load. */
  error?: string;
  /** A copy a page sent to the browser host: `path` is then only its name, and it is not loaded again by itself. */
  copy?: true;
}

export interface ReplayResult {
  stream: string;
  /** Version of the last event applied, or null when no event was applied. */
  version: number | null;
  state: Json;
  steps?: ReplayStep[];
  /** With a field pointer: every version that changed it. */
  field?: FieldHistory;
  failure?: ReplayFailure;
  snapshots?: SnapshotCheck[];
}

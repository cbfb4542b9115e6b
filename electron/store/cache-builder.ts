// Building a journal's cache file: its events normalized into one indexed table, with the summary tables.
// Written under a temporary name and renamed when complete, so a cancelled or failed build leaves nothing usable-looking.
// An import runs this in a thread of its own (cache-build.ts), beside the thread reading the journal.
import { openPrivate } from './cache-folder.js';
import { renameSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { jsonText } from '../../shared/deep-json.js';
import type { Finding } from '../../shared/model.js';
import type { RowBatch } from '../readers/event-rows.js';
import type { SnapshotRecord } from '../readers/formats/types.js';
import { openWritable } from '../readers/sqlite-open.js';
import { RateCounts } from './rate-counts.js';
import { CACHE_VERSION, SUMMARY_SCHEMA, writeFindings, writeMeta } from './summary-schema.js';

// Events and their payloads in two tables: filters, counts, rates and index builds scan the narrow one only. The
// event id goes with the payloads: it is read per event shown, like them, and a record read back from the journal
// file gives it again, so those rows need no copy.
const EVENTS_SCHEMA = `
  CREATE TABLE events (seq INTEGER PRIMARY KEY, position INTEGER NOT NULL, stream TEXT NOT NULL, version INTEGER NOT NULL,
    type TEXT NOT NULL, time_ms INTEGER, src_offset INTEGER, src_length INTEGER);
  CREATE TABLE payloads (seq INTEGER PRIMARY KEY, data TEXT, metadata TEXT, id TEXT, extra TEXT);
  CREATE TABLE snapshots (stream TEXT NOT NULL, version INTEGER NOT NULL, time_ms INTEGER, type TEXT, state TEXT);
`;
const EVENT_COLUMNS = 8;
/** One statement for many rows costs a third less than a statement per row: most of an import's writing time. */
const ROWS_PER_INSERT = 50;

export interface CacheMeta {
  format: string;
  /** Identity of the journal file the cache was built from. */
  source: string;
  key: string;
  /** The JSON layout that turns kept record texts back into events, and the user's column map it used. */
  layout: string | null;
  map: object | null;
}

/** Per stream, by its number: events, lowest and highest version, first and last time (NaN: none yet). */
class StreamStats {
  capacity = 1024;
  events = new Float64Array(this.capacity);
  firstVersion = new Float64Array(this.capacity);
  lastVersion = new Float64Array(this.capacity);
  firstMs = new Float64Array(this.capacity);
  lastMs = new Float64Array(this.capacity);

  ensure(size: number): void {
    if (size <= this.capacity) return;
    while (this.capacity < size) this.capacity *= 2;
    for (const column of ['events', 'firstVersion', 'lastVersion', 'firstMs', 'lastMs'] as const) {
      const next = new Float64Array(this.capacity);
      next.set(this[column]);
      this[column] = next;
    }
  }
}

const orNull = (value: number) => (Number.isNaN(value) ? null : value);

export class CacheBuilder {
  private readonly db: Database.Database;
  private readonly temporary: string;
  private readonly insertEvent: Database.Statement;
  private readonly insertEvents: Database.Statement;
  private readonly insertPayload: Database.Statement;
  private readonly manyArgs = new Array<unknown>(ROWS_PER_INSERT * EVENT_COLUMNS);
  private readonly oneArgs = new Array<unknown>(EVENT_COLUMNS);
  /** Stream ids and types by their numbers in the row batches. */
  private readonly streamNames: string[] = [];
  private readonly typeNames: string[] = [];
  private readonly streams = new StreamStats();
  private readonly typeCounts: number[] = [];
  private seq = 0;
  private lastPosition = -Infinity;
  private ordered = true;
  private firstMs = NaN;
  private lastMs = NaN;
  private readonly minutes = new RateCounts();

  constructor(private readonly file: string) {
    this.temporary = `${file}.${process.pid}.${Date.now()}.building`;
    this.db = openPrivate(this.temporary);
    // A cache can always be rebuilt from the journal: durability is traded for speed.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('temp_store = MEMORY');
    // Appending rows touches few pages: a small cache stays in the CPU's caches (finish() grows it to sort indexes).
    this.db.pragma('cache_size = -16000');
    this.db.exec(SUMMARY_SCHEMA + EVENTS_SCHEMA);
    const insert = 'INSERT INTO events (seq, position, stream, version, type, time_ms, src_offset, src_length) VALUES ';
    const row = `(${Array(EVENT_COLUMNS).fill('?').join(', ')})`;
    this.insertEvent = this.db.prepare(insert + row);
    this.insertEvents = this.db.prepare(insert + Array(ROWS_PER_INSERT).fill(row).join(', '));
    this.insertPayload = this.db.prepare('INSERT INTO payloads (seq, data, metadata, id, extra) VALUES (?, ?, ?, ?, ?)');
  }

  get events(): number {
    return this.seq;
  }

  addBatch(rows: RowBatch): void {
    this.streamNames.push(...rows.newStreams);
    this.typeNames.push(...rows.newTypes);
    this.streams.ensure(this.streamNames.length);
    for (let i = this.typeCounts.length; i < this.typeNames.length; i++) this.typeCounts.push(0);
    for (let i = 0; i < rows.count; i++) this.count(rows, i);
    const first = this.seq + 1;
    this.seq += rows.count;
    this.db.transaction(() => this.insert(rows, first))();
  }

  /** Indexes the events, writes the summary tables and moves the file into place. */
  finish(meta: CacheMeta, findings: readonly Finding[], overflow: number, snapshots: readonly SnapshotRecord[] = []): void {
    const db = this.db;
    db.pragma('cache_size = -262144');
    const snapshot = db.prepare('INSERT INTO snapshots (stream, version, time_ms, type, state) VALUES (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const s of snapshots) snapshot.run(s.stream, s.version, s.time === null ? null : Date.parse(s.time), s.type, jsonText(s.state));
    })();
    if (snapshots.length) db.exec('CREATE INDEX snapshots_stream ON snapshots (stream, version)');
    // The order index is needed by every page; the others are built after the journal is on screen (indexCache).
    if (!this.ordered) db.exec('CREATE INDEX events_position ON events (position, seq)');
    db.transaction(() => {
      const stream = db.prepare('INSERT INTO streams (stream, events, first_version, last_version, first_ms, last_ms) VALUES (?, ?, ?, ?, ?, ?)');
      const s = this.streams;
      this.streamNames.forEach((name, n) => stream.run(name, s.events[n], s.firstVersion[n], s.lastVersion[n], orNull(s.firstMs[n]!), orNull(s.lastMs[n]!)));
      const type = db.prepare('INSERT INTO types (type, count) VALUES (?, ?)');
      this.typeNames.forEach((name, n) => type.run(name, this.typeCounts[n]));
      writeFindings(db, findings);
      this.minutes.write(db);
      writeMeta(db, {
        cacheVersion: CACHE_VERSION,
        format: meta.format,
        source: meta.source,
        key: meta.key,
        layout: meta.layout,
        map: meta.map === null ? null : JSON.stringify(meta.map),
        events: this.seq,
        order: this.ordered ? 'seq' : 'position, seq',
        firstMs: orNull(this.firstMs),
        lastMs: orNull(this.lastMs),
        moreFindings: overflow,
        complete: 1,
        indexed: 0,
      });
    })();
    // WAL from now on: the background index build writes while the journal is being read.
    db.pragma('journal_mode = WAL');
    db.close();
    renameSync(this.temporary, this.file);
  }

  /** Drops the partial file (cancel, or the journal could not be read). */
  abandon(): void {
    try {
      this.db.close();
    } catch {
      // Already closed.
    }
    rmSync(this.temporary, { force: true });
  }

  private insert(rows: RowBatch, firstSeq: number): void {
    const args = this.manyArgs;
    let i = 0;
    for (; i + ROWS_PER_INSERT <= rows.count; i += ROWS_PER_INSERT) {
      for (let r = 0; r < ROWS_PER_INSERT; r++) this.eventArgs(rows, i + r, firstSeq + i + r, args, r * EVENT_COLUMNS);
      this.insertEvents.run(args);
    }
    for (; i < rows.count; i++) {
      this.eventArgs(rows, i, firstSeq + i, this.oneArgs, 0);
      this.insertEvent.run(this.oneArgs);
    }
    const { payloads } = rows;
    if (payloads === null) return;
    for (let j = 0; j < rows.count; j++) {
      // A record the journal file holds is read back from there: only the others are copied.
      if (Number.isNaN(rows.offsets[j]!)) this.insertPayload.run(firstSeq + j, payloads.data[j], payloads.metadata[j], payloads.ids[j], payloads.extras[j]);
    }
  }

  /** Row i of the batch as the events table's columns, into args from `at`. */
  private eventArgs(rows: RowBatch, i: number, seq: number, args: unknown[], at: number): void {
    const offset = rows.offsets[i]!;
    const inFile = !Number.isNaN(offset);
    args[at] = seq;
    args[at + 1] = rows.positions[i];
    args[at + 2] = this.streamNames[rows.streamIds[i]!];
    args[at + 3] = rows.versions[i];
    args[at + 4] = this.typeNames[rows.typeIds[i]!];
    args[at + 5] = orNull(rows.times[i]!);
    args[at + 6] = inFile ? offset : null;
    args[at + 7] = inFile ? rows.lengths[i] : null;
  }

  private count(rows: RowBatch, i: number): void {
    const position = rows.positions[i]!;
    if (position < this.lastPosition) this.ordered = false;
    this.lastPosition = position;
    const stream = rows.streamIds[i]!;
    const type = rows.typeIds[i]!;
    const version = rows.versions[i]!;
    const ms = rows.times[i]!;
    this.typeCounts[type]! += 1;
    if (!Number.isNaN(ms)) {
      this.minutes.add(ms, this.typeNames[type]!);
      if (!(ms >= this.firstMs)) this.firstMs = ms;
      if (!(ms <= this.lastMs)) this.lastMs = ms;
    }
    const s = this.streams;
    if (s.events[stream] === 0) {
      s.events[stream] = 1;
      s.firstVersion[stream] = s.lastVersion[stream] = version;
      s.firstMs[stream] = s.lastMs[stream] = ms;
      return;
    }
    s.events[stream]! += 1;
    if (version < s.firstVersion[stream]!) s.firstVersion[stream] = version;
    if (version > s.lastVersion[stream]!) s.lastVersion[stream] = version;
    if (!Number.isNaN(ms)) {
      if (!(ms >= s.firstMs[stream]!)) s.firstMs[stream] = ms;
      if (!(ms <= s.lastMs[stream]!)) s.lastMs[stream] = ms;
    }
  }
}

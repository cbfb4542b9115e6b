// Building a journal's cache file: its events normalized into one indexed table, with the summary tables.
// Written under a temporary name and renamed when complete, so a cancelled or failed build leaves nothing usable-looking.
import { renameSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { jsonText } from '../../shared/deep-json.js';
import type { Finding } from '../../shared/model.js';
import type { SnapshotRecord } from '../readers/formats/types.js';
import { openWritable } from '../readers/sqlite-open.js';
import { RateCounts } from './rate-counts.js';
import type { RowBatch } from './row-source.js';
import { CACHE_VERSION, SUMMARY_SCHEMA, writeFindings, writeMeta } from './summary-schema.js';

// Events and their payloads in two tables: filters, counts, rates and index builds scan the narrow one only. The
// event id goes with the payloads: it is read per event shown, like them, and a record read back from the journal
// file gives it again, so those rows need no copy.
const EVENTS_SCHEMA = `
  CREATE TABLE events (seq INTEGER PRIMARY KEY, position INTEGER NOT NULL, stream TEXT NOT NULL, version INTEGER NOT NULL,
    type TEXT NOT NULL, time_ms INTEGER, src_offset INTEGER, src_length INTEGER);
  CREATE TABLE payloads (seq INTEGER PRIMARY KEY, data TEXT, metadata TEXT, id TEXT);
  CREATE TABLE snapshots (stream TEXT NOT NULL, version INTEGER NOT NULL, time_ms INTEGER, type TEXT, state TEXT);
`;
/** Inserts are grouped into transactions of this many events. */
const BATCH = 20_000;

interface StreamStats {
  events: number;
  firstVersion: number;
  lastVersion: number;
  firstMs: number | null;
  lastMs: number | null;
}

export interface CacheMeta {
  format: string;
  /** Identity of the journal file the cache was built from. */
  source: string;
  key: string;
  /** The JSON layout that turns kept record texts back into events, and the user's column map it used. */
  layout: string | null;
  map: object | null;
}

export class CacheBuilder {
  private readonly db: Database.Database;
  private readonly temporary: string;
  private readonly insertEvent: Database.Statement;
  private readonly insertPayload: Database.Statement;
  private batch: unknown[][] = [];
  private readonly streams = new Map<string, StreamStats>();
  private readonly types = new Map<string, number>();
  private seq = 0;
  private lastPosition = -Infinity;
  private ordered = true;
  private firstMs: number | null = null;
  private readonly hours = new RateCounts();
  private lastMs: number | null = null;

  constructor(private readonly file: string) {
    this.temporary = `${file}.${process.pid}.${Date.now()}.building`;
    this.db = openWritable(this.temporary);
    // A cache can always be rebuilt from the journal: durability is traded for speed.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('cache_size = -262144');
    this.db.exec(SUMMARY_SCHEMA + EVENTS_SCHEMA);
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (seq, position, stream, version, type, time_ms, src_offset, src_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertPayload = this.db.prepare('INSERT INTO payloads (seq, data, metadata, id) VALUES (?, ?, ?, ?)');
  }

  addBatch(rows: RowBatch): void {
    for (let i = 0; i < rows.count; i++) {
      const position = rows.positions[i]!;
      const stream = rows.streams[i]!;
      const version = rows.versions[i]!;
      const type = rows.types[i]!;
      const time = rows.times[i]!;
      const ms = Number.isNaN(time) ? null : time;
      this.seq += 1;
      if (position < this.lastPosition) this.ordered = false;
      this.lastPosition = position;
      const offset = rows.offsets[i]!;
      const source = Number.isNaN(offset) ? null : [offset, rows.lengths[i]!];
      this.batch.push([this.seq, position, stream, version, type, ms, rows.data[i], rows.metadata[i], rows.ids[i], source]);
      if (this.batch.length >= BATCH) this.flush();
      this.count(stream, version, type, ms);
    }
  }

  get events(): number {
    return this.seq;
  }

  /** Indexes the events, writes the summary tables and moves the file into place. */
  finish(meta: CacheMeta, findings: readonly Finding[], overflow: number, snapshots: readonly SnapshotRecord[] = []): void {
    this.flush();
    const db = this.db;
    const snapshot = db.prepare('INSERT INTO snapshots (stream, version, time_ms, type, state) VALUES (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const s of snapshots) snapshot.run(s.stream, s.version, s.time === null ? null : Date.parse(s.time), s.type, jsonText(s.state));
    })();
    if (snapshots.length) db.exec('CREATE INDEX snapshots_stream ON snapshots (stream, version)');
    // The order index is needed by every page; the others are built after the journal is on screen (indexCache).
    if (!this.ordered) db.exec('CREATE INDEX events_position ON events (position, seq)');
    db.transaction(() => {
      const stream = db.prepare('INSERT INTO streams (stream, events, first_version, last_version, first_ms, last_ms) VALUES (?, ?, ?, ?, ?, ?)');
      for (const [name, s] of this.streams) stream.run(name, s.events, s.firstVersion, s.lastVersion, s.firstMs, s.lastMs);
      const type = db.prepare('INSERT INTO types (type, count) VALUES (?, ?)');
      for (const [name, count] of this.types) type.run(name, count);
      writeFindings(db, findings);
      this.hours.write(db);
      writeMeta(db, {
        cacheVersion: CACHE_VERSION,
        format: meta.format,
        source: meta.source,
        key: meta.key,
        layout: meta.layout,
        map: meta.map === null ? null : JSON.stringify(meta.map),
        events: this.seq,
        order: this.ordered ? 'seq' : 'position, seq',
        firstMs: this.firstMs,
        lastMs: this.lastMs,
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

  private flush(): void {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    this.db.transaction(() => {
      for (const [seq, position, stream, version, type, ms, data, metadata, id, source] of rows) {
        const span = source as [number, number] | null;
        this.insertEvent.run(seq, position, stream, version, type, ms, span?.[0] ?? null, span?.[1] ?? null);
        // A record the journal file holds is read back from there: only the others are copied.
        if (span === null) this.insertPayload.run(seq, data, metadata, id);
      }
    })();
  }

  private count(streamName: string, version: number, type: string, ms: number | null): void {
    this.types.set(type, (this.types.get(type) ?? 0) + 1);
    if (ms !== null) {
      this.hours.add(ms, type);
      if (this.firstMs === null || ms < this.firstMs) this.firstMs = ms;
      if (this.lastMs === null || ms > this.lastMs) this.lastMs = ms;
    }
    const stats = this.streams.get(streamName);
    if (stats === undefined) {
      this.streams.set(streamName, { events: 1, firstVersion: version, lastVersion: version, firstMs: ms, lastMs: ms });
      return;
    }
    stats.events += 1;
    if (version < stats.firstVersion) stats.firstVersion = version;
    if (version > stats.lastVersion) stats.lastVersion = version;
    if (ms !== null) {
      if (stats.firstMs === null || ms < stats.firstMs) stats.firstMs = ms;
      if (stats.lastMs === null || ms > stats.lastMs) stats.lastMs = ms;
    }
  }
}

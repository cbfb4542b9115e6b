// For a SQLite store read in place whose table has no useful indexes: a narrow copy of the event columns (no
// payloads) with the indexes the queries need, built once in the background into the cache folder.
import { openPrivate } from './cache-folder.js';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { normalizeTime } from '../readers/time.js';
import { openReadOnly, openWritable } from '../readers/sqlite-open.js';
import { RateCounts } from './rate-counts.js';
import { CACHE_VERSION, SUMMARY_SCHEMA, writeMeta } from './summary-schema.js';

export interface IndexRequest {
  /** The journal. */
  path: string;
  /** The layout's in-place SELECT (position, stream, version, type, time, data, metadata). */
  select: string;
  indexFile: string;
  key: string;
}

const BATCH = 50_000;

export function buildIndex(request: IndexRequest): void {
  mkdirSync(dirname(request.indexFile), { recursive: true });
  const temporary = `${request.indexFile}.${process.pid}.${Date.now()}.building`;
  const source = openReadOnly(request.path);
  const out = openPrivate(temporary);
  try {
    out.pragma('journal_mode = OFF');
    out.pragma('synchronous = OFF');
    out.exec(SUMMARY_SCHEMA + 'CREATE TABLE events (seq INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER, type TEXT NOT NULL, time_ms INTEGER);');
    const insert = out.prepare('INSERT OR IGNORE INTO events (seq, stream, version, type, time_ms) VALUES (?, ?, ?, ?, ?)');
    const rows = source
      .prepare(`SELECT position, stream, version, type, time FROM (${request.select}) WHERE stream IS NOT NULL AND type IS NOT NULL`)
      .raw(true);
    const hours = new RateCounts();
    let batch: unknown[][] = [];
    const flush = out.transaction((items: unknown[][]) => {
      for (const item of items) insert.run(...item);
    });
    for (const [position, stream, version, type, time] of rows.iterate() as Iterable<[number, unknown, number, unknown, unknown]>) {
      // Times converted by the readers' own rule, so the index agrees with what the events show.
      const iso = normalizeTime(time);
      const ms = iso === null ? null : Date.parse(iso);
      if (ms !== null) hours.add(ms, String(type));
      batch.push([position, String(stream), version, String(type), ms]);
      if (batch.length >= BATCH) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
    out.exec('CREATE INDEX events_stream ON events (stream, version); CREATE INDEX events_type ON events (type); CREATE INDEX events_time ON events (time_ms);');
    hours.write(out);
    // Statistics let the planner pick the narrower index when a query filters on both type and time.
    out.exec('ANALYZE');
    writeMeta(out, { cacheVersion: CACHE_VERSION, key: request.key, complete: 1, index: 1 });
    out.close();
    renameSync(temporary, request.indexFile);
  } catch (error) {
    out.close();
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

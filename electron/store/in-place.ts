// SQLite stores whose rows are events one to one are queried where they are, through their own indexes: a TEMP
// view (temp objects live in memory, never in the journal) maps the store's columns to the `events` relation.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { Finding, JournalSummary } from '../../shared/model.js';
import { decodePayload } from '../readers/event-builder.js';
import { normalizeTime } from '../readers/time.js';
import { openWritable } from '../readers/sqlite-open.js';
import { summaryFromCache } from './cached-summary.js';
import { queryInBackground, runIndexBuild } from './importer.js';
import { SqlJournalStore } from './sql-store.js';
import { CACHE_VERSION, isCompleteCache, readMeta, SUMMARY_SCHEMA, writeFindings, writeMeta } from './summary-schema.js';

/** Named apart from any table a store may have (a store's own table is often called "events"). */
const VIEW = 'temp.eventlens_events';

/**
 * Milliseconds since the epoch from a time as stores keep it: epoch seconds, milliseconds or microseconds (told
 * apart by size, as the readers do), numeric text, or date text SQLite understands (ISO 8601, SQL datetimes).
 */
function timeMs(column: string): string {
  const epoch = (value: string) =>
    `CAST(CASE WHEN abs(${value}) < 1e11 THEN ${value} * 1000 WHEN abs(${value}) < 1e14 THEN ${value} ELSE ${value} / 1000 END AS INTEGER)`;
  return `CASE typeof(${column})
    WHEN 'integer' THEN ${epoch(column)}
    WHEN 'real' THEN ${epoch(column)}
    WHEN 'text' THEN CASE WHEN ${column} NOT GLOB '*[^0-9.]*' AND ${column} <> '' THEN ${epoch(`CAST(${column} AS REAL)`)}
      ELSE CAST(round((julianday(${column}) - 2440587.5) * 86400000.0) AS INTEGER) END
    END`;
}

export interface InPlaceOptions {
  db: Database.Database;
  select: string;
  summaryFile: string;
  format: string;
  path: string;
  name: string;
  key: string;
}

function toMs(time: unknown): number | null {
  const iso = normalizeTime(time);
  return iso === null ? null : Date.parse(iso);
}

export async function openInPlace(options: InPlaceOptions): Promise<SqlJournalStore> {
  const { db } = options;
  db.exec(`CREATE TEMP VIEW ${VIEW} AS
    SELECT position AS seq, position, stream, version, type, ${timeMs('time')} AS time_ms, NULL AS src_offset, NULL AS src_length, data, metadata
    FROM (${options.select}) WHERE stream IS NOT NULL AND type IS NOT NULL`);
  if (!isCompleteCache(options.summaryFile, options.key)) await buildSummary(options);
  const summaryDb = openWritable(options.summaryFile);
  const summary: JournalSummary = summaryFromCache(summaryDb, readMeta(summaryDb), options.path, options.name);
  const store = new SqlJournalStore({ eventsDb: db, summaryDb, summary, relation: VIEW, payloads: VIEW, order: 'seq', decode: (data, metadata) => ({ data: decodePayload(data, true).value, metadata: decodePayload(metadata, true).value }) });
  useIndex(store, options);
  return store;
}

/**
 * The narrow index of this store: adopted at once when the cache has it, else built in a worker while the journal is
 * already answering (slower, from the store's own table); adopted when ready.
 */
function useIndex(store: SqlJournalStore, options: InPlaceOptions): void {
  const indexFile = options.summaryFile.replace(/-summary\.sqlite$/, '-index.sqlite');
  if (isCompleteCache(indexFile, options.key)) {
    store.adoptIndex(indexFile);
    return;
  }
  const controller = new AbortController();
  store.onClose(() => controller.abort());
  store.runInBackground(
    runIndexBuild({ path: options.path, select: options.select, indexFile, key: options.key }, controller.signal).then(
      () => {
        if (!controller.signal.aborted) store.adoptIndex(indexFile);
      },
      () => {
        // Without the index the journal still answers, only slower: nothing for the user to act on.
      },
    ),
  );
}


/**
 * Two passes over the store's table at once, one per core: per stream (counts, versions, times) here, per type in a
 * worker. Times are compared as stored (a store writes them in one format, so text order is time order) and only
 * the extremes are converted, which keeps each pass as cheap as a plain GROUP BY.
 */
async function buildSummary(options: InPlaceOptions): Promise<void> {
  const { db } = options;
  const typeCounts = queryInBackground(
    options.path,
    `SELECT type, count(*) FROM (${options.select}) WHERE stream IS NOT NULL AND type IS NOT NULL GROUP BY type`,
  );
  const groups = db
    .prepare(`SELECT stream, count(type), count(*), min(version), max(version), min(time), max(time) FROM (${options.select}) GROUP BY stream`)
    .raw(true)
    .all() as [string | number | null, number, number, number, number, unknown, unknown][];
  const rows: [string, number, number, number, number | null, number | null][] = [];
  let missing = 0;
  for (const [stream, typed, count, minVersion, maxVersion, minTime, maxTime] of groups) {
    if (stream === null) {
      missing += count;
      continue;
    }
    missing += count - typed;
    if (typed > 0) rows.push([String(stream), typed, minVersion, maxVersion, toMs(minTime), toMs(maxTime)]);
  }
  const types = ((await typeCounts) as [string | number, number][]).map(([type, count]) => [String(type), count] as const);
  const findings: Finding[] = [];
  if (missing > 0) {
    findings.push({
      severity: 'error',
      kind: 'missing-field',
      place: 'rows without stream or type',
      message: `${options.name}: ${missing.toLocaleString('en-US')} rows have no stream or no type, so they were left out.`,
    });
  }
  mkdirSync(dirname(options.summaryFile), { recursive: true });
  const temporary = `${options.summaryFile}.${process.pid}.building`;
  rmSync(temporary, { force: true });
  const out = openWritable(temporary);
  try {
    out.exec(SUMMARY_SCHEMA);
    let events = 0;
    let firstMs: number | null = null;
    let lastMs: number | null = null;
    for (const [, count, , , minMs, maxMs] of rows) {
      events += count;
      if (minMs !== null && (firstMs === null || minMs < firstMs)) firstMs = minMs;
      if (maxMs !== null && (lastMs === null || maxMs > lastMs)) lastMs = maxMs;
    }
    out.transaction(() => {
      const insertStream = out.prepare('INSERT INTO streams VALUES (?, ?, ?, ?, ?, ?)');
      for (const row of rows) insertStream.run(...row);
      const insertType = out.prepare('INSERT INTO types VALUES (?, ?)');
      for (const [type, count] of types) insertType.run(type, count);
      writeFindings(out, findings);
      writeMeta(out, { cacheVersion: CACHE_VERSION, format: options.format, source: options.path, key: options.key, events, firstMs, lastMs, moreFindings: 0, complete: 1, inPlace: 1 });
    })();
  } finally {
    out.close();
  }
  renameSync(temporary, options.summaryFile);
}

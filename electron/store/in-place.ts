// SQLite stores whose rows are events one to one are queried where they are, through their own indexes: a TEMP
// view (temp objects live in memory, never in the journal) maps the store's columns to the `events` relation.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { JournalError } from '../../shared/contract.js';
import type { Finding, JournalSummary } from '../../shared/model.js';
import { decodePayload } from '../readers/event-builder.js';
import { normalizeTime } from '../readers/time.js';
import { openWritable } from '../readers/sqlite-open.js';
import { summaryFromCache } from './cached-summary.js';
import { queryInBackground, runIndexBuild } from './importer.js';
import { decodedRow } from './record-decoder.js';
import type { JournalStore } from './journal-store.js';
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

export async function openInPlace(options: InPlaceOptions): Promise<JournalStore> {
  const { db } = options;
  db.exec(`CREATE TEMP VIEW ${VIEW} AS
    SELECT position AS seq, position, stream, version, type, ${timeMs('time')} AS time_ms, NULL AS src_offset, NULL AS src_length, data, metadata, id
    FROM (${options.select}) WHERE stream IS NOT NULL AND type IS NOT NULL`);
  if (!isCompleteCache(options.summaryFile, options.key)) await buildSummary(options);
  const summaryDb = openWritable(options.summaryFile);
  const summary: JournalSummary = summaryFromCache(summaryDb, readMeta(summaryDb), options.path, options.name);
  const store = new SqlJournalStore({
    eventsDb: db,
    summaryDb,
    summary,
    relation: VIEW,
    payloads: VIEW,
    order: 'seq',
    // The id column as the readers read it (eventId), so in place and imported show one id for one row.
    decode: (data, metadata, id) => decodedRow(decodePayload(data, true).value, decodePayload(metadata, true).value, id),
  });
  useIndex(store, options);
  return refusingDamage(store, options.name);
}

/** SQLite's codes for a file that is not (or no longer) a sound database: a page overwritten, cut off, unreadable. */
const DAMAGE = /^SQLITE_(CORRUPT|NOTADB|IOERR)/;

/**
 * A store read in place is queried long after it opened, and a damaged page (in a payload's overflow chain, which the
 * summary never reads) shows only when a query reaches it. That is the journal's fault: it is refused in the words an
 * open uses, as a JournalError, rather than surfacing as SQLite's own exception.
 */
function refusingDamage(store: SqlJournalStore, name: string): JournalStore {
  const refuse = (error: unknown): never => {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && DAMAGE.test(code)) throw new JournalError('bad-format', `${name} could not be read as SQLite: ${(error as Error).message}.`);
    throw error;
  };
  const guarded =
    <A extends unknown[], R>(call: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return call(...args);
      } catch (error) {
        return refuse(error);
      }
    };
  return {
    summary: store.summary,
    streams: guarded((request) => store.streams(request)),
    streamPage: guarded((query) => store.streamPage(query)),
    hasStream: guarded((stream) => store.hasStream(stream)),
    page: guarded((query) => store.page(query)),
    rates: guarded((query) => store.rates(query)),
    streamEvents: guarded((stream) => store.streamEvents(stream)),
    snapshots: guarded((stream) => store.snapshots(stream)),
    select: guarded((query) => store.select(query)),
    scan: (visit, options) => store.scan(visit, options).catch(refuse),
    settled: () => store.settled(),
    close: () => store.close(),
  };
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


type StreamGroup = [stream: string | number | null, typed: number, count: number, minVersion: number, maxVersion: number, minTime: unknown, maxTime: unknown];

/**
 * The rows split in two halves by position, one worker each (a worker per core, and this thread stays free): per
 * half, streams (counts, versions, times) and then types, merged here. Times are compared as stored (a store writes
 * them in one format, so text order is time order) and only each half's extremes are converted, which keeps a pass as
 * cheap as a plain GROUP BY. Positions are a rowid in most stores, so a half is a range scan.
 */
function summaryQueries(options: InPlaceOptions): string[][] {
  const [low, high] = options.db.prepare(`SELECT min(position), max(position) FROM (${options.select})`).raw(true).get() as [unknown, unknown];
  const halves =
    typeof low === 'number' && typeof high === 'number' && high > low
      ? [`position <= ${Math.floor((low + high) / 2)}`, `position > ${Math.floor((low + high) / 2)} OR position IS NULL`]
      : ['1'];
  return halves.map((half) => [
    `SELECT stream, count(type), count(*), min(version), max(version), min(time), max(time) FROM (${options.select}) WHERE ${half} GROUP BY stream`,
    `SELECT type, count(*) FROM (${options.select}) WHERE (${half}) AND stream IS NOT NULL AND type IS NOT NULL GROUP BY type`,
  ]);
}

async function buildSummary(options: InPlaceOptions): Promise<void> {
  const halves = await Promise.all(summaryQueries(options).map((sql) => queryInBackground(options.path, sql)));
  const streams = new Map<string, [string, number, number, number, number | null, number | null]>();
  const typeCounts = new Map<string, number>();
  let missing = 0;
  for (const [groups, types] of halves as [StreamGroup[], [string | number, number][]][]) {
    for (const [stream, typed, count, minVersion, maxVersion, minTime, maxTime] of groups) {
      if (stream === null) {
        missing += count;
        continue;
      }
      missing += count - typed;
      if (typed === 0) continue;
      const id = String(stream);
      const first = toMs(minTime);
      const last = toMs(maxTime);
      const known = streams.get(id);
      if (known === undefined) {
        streams.set(id, [id, typed, minVersion, maxVersion, first, last]);
        continue;
      }
      known[1] += typed;
      known[2] = Math.min(known[2], minVersion);
      known[3] = Math.max(known[3], maxVersion);
      if (first !== null && (known[4] === null || first < known[4])) known[4] = first;
      if (last !== null && (known[5] === null || last > known[5])) known[5] = last;
    }
    for (const [type, count] of types) typeCounts.set(String(type), (typeCounts.get(String(type)) ?? 0) + count);
  }
  const rows = [...streams.values()];
  const types = [...typeCounts.entries()];
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

// SQLite stores whose rows are events one to one are queried where they are, through their own indexes: a TEMP
// view (temp objects live in memory, never in the journal) maps the store's columns to the `events` relation.
import { openPrivate } from './cache-folder.js';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { JournalError } from '../../shared/contract.js';
import type { Finding, JournalSummary } from '../../shared/model.js';
import { decodePayload } from '../readers/event-builder.js';
import { openWritable } from '../readers/sqlite-open.js';
import { storedVersionSql } from '../readers/formats/sqlite/other-columns.js';
import { summaryFromCache } from './cached-summary.js';
import { runIndexBuild, runSummaryPassInBackground } from './importer.js';
import { cacheEvidence } from './evidence.js';
import { decodedRow } from './record-decoder.js';
import type { RowDecoder } from './record-decoder.js';
import { mergePasses } from './summary-pass.js';
import type { JournalStore } from './journal-store.js';
import { SqlJournalStore } from './sql-store.js';
import { CACHE_VERSION, isCompleteCache, readMeta, SUMMARY_SCHEMA, writeFindings, writeMeta } from './summary-schema.js';

/** Named apart from any table a store may have (a store's own table is often called "events"). */
export const VIEW = 'temp.eventlens_events';

/**
 * Milliseconds since the epoch from a time as stores keep it: epoch seconds, milliseconds or microseconds (told
 * apart by size, as the readers do), numeric text, or date text SQLite understands (ISO 8601, SQL datetimes).
 */
function timeMs(column: string): string {
  // Bounds compared both ways, not with abs(): abs() of the least 64-bit integer is an overflow error in SQLite.
  const within = (value: string, bound: string) => `(${value} > -${bound} AND ${value} < ${bound})`;
  const epoch = (value: string) =>
    `CAST(CASE WHEN ${within(value, '1e11')} THEN ${value} * 1000 WHEN ${within(value, '1e14')} THEN ${value} ELSE ${value} / 1000 END AS INTEGER)`;
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
  /** The journal's identity (evidence.ts). */
  identity: string;
  /** The file to read when it is not `path` itself: a settled private copy (sqlite-sidecars.ts). */
  readPath?: string;
}

/** Maps the store's rows (`select`) to the events relation, as VIEW, on this connection. */
export function createInPlaceView(db: Database.Database, select: string): void {
  db.exec(`CREATE TEMP VIEW ${VIEW} AS
    SELECT position AS seq, position, stream, version, type, ${timeMs('time')} AS time_ms, NULL AS src_offset, NULL AS src_length, data, metadata, id, ${storedVersionSql('version', 'extra')} AS extra
    FROM (${select}) WHERE stream IS NOT NULL AND type IS NOT NULL`);
}

/** The id column as the readers read it (eventId), so in place and imported show one id for one row. */
export const inPlaceDecode: RowDecoder = (data, metadata, id, extra) => decodedRow(decodePayload(data, true).value, decodePayload(metadata, true).value, id, extra);

export async function openInPlace(options: InPlaceOptions): Promise<JournalStore> {
  const { db } = options;
  createInPlaceView(db, options.select);
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
    decode: inPlaceDecode,
    recipe: { kind: 'in-place', journal: options.readPath ?? options.path, select: options.select },
    evidence: cacheEvidence(summaryDb, options.identity),
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
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      call(...args).catch(refuse);
  return {
    summary: store.summary,
    ...(store.evidence !== undefined && { evidence: store.evidence }),
    streams: guarded((request) => store.streams(request)),
    streamPage: guarded((query) => store.streamPage(query)),
    hasStream: guarded((stream) => store.hasStream(stream)),
    page: guarded((query) => store.page(query)),
    rates: guarded((query) => store.rates(query)),
    streamEvents: guarded((stream) => store.streamEvents(stream)),
    readStream: guarded((stream, onProgress) => store.readStream(stream, onProgress)),
    snapshots: guarded((stream) => store.snapshots(stream)),
    readSelection: guarded((query, onProgress) => store.readSelection(query, onProgress)),
    scan: guarded((visit, options) => store.scan(visit, options)),
    prepare: (query) => store.prepare(query),
    searchProgress: () => store.searchProgress(),
    cancelSearches: () => store.cancelSearches(),
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
    runIndexBuild({ path: options.readPath ?? options.path, select: options.select, indexFile, key: options.key }, controller.signal).then(
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
 * The rows split in two halves by position, one worker each (a worker per core, and this thread stays free), merged
 * here. Positions are a rowid in most stores, so a half is a range scan; min and max are asked apart, as SQLite
 * answers each alone from the b-tree's ends (together they would cost a pass of their own). Rows without a position
 * are a query of their own: `OR position IS NULL` would turn a range into a scan of the whole table.
 */
function summaryHalves(options: InPlaceOptions): string[][] {
  const [low, high] = options.db
    .prepare(`SELECT (SELECT min(position) FROM (${options.select})), (SELECT max(position) FROM (${options.select}))`)
    .raw(true)
    .get() as [unknown, unknown];
  if (typeof low !== 'number' || typeof high !== 'number' || high <= low) return [['1']];
  const middle = Math.floor((low + high) / 2);
  return [[`position <= ${middle}`, 'position IS NULL'], [`position > ${middle}`]];
}

async function buildSummary(options: InPlaceOptions): Promise<void> {
  const passes = await Promise.all(summaryHalves(options).map((where) => runSummaryPassInBackground({ path: options.readPath ?? options.path, select: options.select, where })));
  const { streams, types, missing } = mergePasses(passes);
  const rows = streams.map(([stream, events, firstVersion, lastVersion, [, firstMs], [, lastMs]]) => [stream, events, firstVersion, lastVersion, firstMs, lastMs] as const);
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
  const out = openPrivate(temporary);
  try {
    // Written under a temporary name and renamed when whole: a crash leaves only a file the next open removes, so
    // neither a rollback journal nor syncing to disk buys anything here.
    out.pragma('journal_mode = OFF');
    out.pragma('synchronous = OFF');
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

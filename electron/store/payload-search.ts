// Searches that need each event's payload (text, field conditions): their matches are noted by seq in a TEMP table
// (temp.text_hits, temp.where_hits), so they combine in SQL with every other filter and page like them. Conditions
// and file records' text are searched in worker threads, half the events each (payload-search-job.ts).
import type Database from 'better-sqlite3';
import { meetsCondition } from '../../shared/condition.js';
import { jsonText } from '../../shared/deep-json.js';
import type { Condition } from '../../shared/condition.js';
import { NO_PAYLOADS, storedPayloads } from './payload-reader.js';
import type { PayloadSources, Row } from './payload-reader.js';

/** `SQL` matching the text in payloads kept in a table; the needle is its one parameter. */
export const PAYLOAD_TEXT_MATCH = "instr(lower(coalesce(CAST(data AS TEXT), '') || char(0) || coalesce(CAST(metadata AS TEXT), '')), ?) > 0";

function resetHits(db: Database.Database, table: string): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY); DELETE FROM temp.${table};`);
}

/**
 * Notes every event whose payload holds the text: payloads kept in `payloads` are searched by SQL, records kept in
 * the journal file are read from it in file order (unless `fromFile` gives their matches, found by workers).
 */
export function noteTextMatches(sources: PayloadSources, needle: string, fromFile?: readonly number[]): void {
  const { db, payloads, source } = sources;
  resetHits(db, 'text_hits');
  db.prepare(`INSERT INTO temp.text_hits SELECT seq FROM ${payloads} WHERE ${PAYLOAD_TEXT_MATCH}`).run(needle);
  if (source) addHits(db, 'text_hits', fromFile ?? fileTextMatches(sources, needle, -Infinity, Infinity));
}

/** Payload rows tested per statement by sqlTextSearch(): tens of milliseconds of SQL between two turns. */
const SQL_TEXT_PAGE = 10_000;

/**
 * The text search over payloads kept in a table (PAYLOAD_TEXT_MATCH), a range of rows per statement in seq order:
 * yields the rows tested so far after each, returns the seqs that match in seq order. One statement over a million
 * payloads would hold the service's thread for seconds, with no progress and no way to stop it.
 */
export function* sqlTextSearch(sources: PayloadSources, needle: string): Generator<number, number[]> {
  const { db, payloads } = sources;
  // Pages are ranges only where seq order comes from an index (the usual key of a store). Without one, every page would
  // sort the whole table again: one statement then, as before, rather than a scan per page.
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT seq FROM ${payloads} WHERE seq > ? ORDER BY seq LIMIT 1`).all(0) as { detail: string }[];
  const limit = plan.some((step) => /TEMP B-TREE/.test(step.detail)) ? -1 : SQL_TEXT_PAGE;
  // Every row comes back with its verdict, so a page is bounded by rows tested, not by matches found.
  const page = db.prepare(`SELECT seq, ${PAYLOAD_TEXT_MATCH} FROM ${payloads} WHERE seq > ? ORDER BY seq LIMIT ${limit}`).raw(true);
  const hits: number[] = [];
  let scanned = 0;
  for (let from = -Infinity; ; ) {
    const rows = page.all(needle, from) as [number, number | null][];
    if (rows.length === 0) return hits;
    for (const [seq, matches] of rows) if (matches) hits.push(seq);
    from = rows[rows.length - 1]![0];
    scanned += rows.length;
    yield scanned;
  }
}

/**
 * The seqs in (after, last] whose payloads, in records read back from the journal file, hold the (lower-case) text in
 * any case, as their JSON reads once decoded. A record is decoded only when its text may hold the needle: the stream,
 * type and time written beside the payloads are not what the search is about, as in payload columns (PAYLOAD_TEXT_MATCH).
 */
export function fileTextMatches(sources: PayloadSources, needle: string, after: number, last: number): number[] {
  return finish(fileTextSearch(sources, needle, after, last));
}

/** fileTextMatches a page at a time: yields the events scanned so far after each page, returns the matches. */
export function* fileTextSearch(sources: PayloadSources, needle: string, after: number, last: number): Generator<number, number[]> {
  const { db, source, decode } = sources;
  if (!source) return [];
  const pattern = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  // Keyset pages in seq order (file order for these records), not an open iterator: the connection is needed meanwhile.
  const page = db.prepare('SELECT seq, src_offset, src_length FROM events WHERE src_offset IS NOT NULL AND seq > ? AND seq <= ? ORDER BY seq LIMIT 20000').raw(true);
  const hits: number[] = [];
  let scanned = 0;
  for (let from = after; ; ) {
    const chunk = page.all(from, last) as [number, number, number][];
    if (chunk.length === 0) return hits;
    const texts = source.read(chunk.map(([, offset, length]) => ({ offset, length })));
    for (let i = 0; i < chunk.length; i++) {
      // The record's text rules out most records at once; one holding \u escapes (Python writes every non-ASCII
      // character so) may hold the text only once they are read, so it is decoded either way.
      if (!pattern.test(texts[i]!) && !texts[i]!.includes('\\u')) continue;
      const { data, metadata } = decode(texts[i], null, null, null);
      if (`${jsonText(data)}\u0000${jsonText(metadata)}`.toLowerCase().includes(needle)) hits.push(chunk[i]![0]);
    }
    from = chunk[chunk.length - 1]![0];
    scanned += chunk.length;
    yield scanned;
  }
}

/** Runs a paged search to its end in one go. */
export function finish<T>(search: Generator<number, T>): T {
  for (;;) {
    const next = search.next();
    if (next.done) return next.value;
  }
}

/** Replaces the seqs a hits table holds (temp.where_hits). */
export function noteHits(db: Database.Database, table: string, seqs: Iterable<number>): void {
  resetHits(db, table);
  addHits(db, table, seqs);
}

function addHits(db: Database.Database, table: string, seqs: Iterable<number>): void {
  const insert = db.prepare(`INSERT OR IGNORE INTO temp.${table} VALUES (?)`);
  db.transaction(() => {
    for (const seq of seqs) insert.run(seq);
  })();
}

/**
 * The seqs in (after, last] of `relation` whose payload meets the condition, in seq order. Only the payloads are
 * decoded and tested: no event is built around them.
 */
export function conditionMatches(sources: PayloadSources, relation: string, condition: Condition, after: number, last: number): number[] {
  return finish(conditionSearch(sources, relation, condition, after, last));
}

/** conditionMatches a page at a time: yields the events scanned so far after each page, returns the matches. */
export function* conditionSearch(sources: PayloadSources, relation: string, condition: Condition, after: number, last: number): Generator<number, number[]> {
  const page = sources.db
    .prepare(`SELECT seq, NULL, NULL, NULL, NULL, NULL, src_offset, src_length FROM ${relation} WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT 5000`)
    .raw(true);
  const hits: number[] = [];
  let scanned = 0;
  // Keyset pages, not an open iterator: the connection cannot run other statements while it iterates.
  for (let from = after; ; ) {
    const rows = page.all(from, last) as Row[];
    if (rows.length === 0) return hits;
    const stored = storedPayloads(sources, rows);
    for (const row of rows) {
      const [data, metadata, id, extra] = stored.get(row[0]) ?? NO_PAYLOADS;
      if (meetsCondition(sources.decode(data, metadata, id, extra), condition)) hits.push(row[0]);
    }
    from = rows[rows.length - 1]![0];
    scanned += rows.length;
    yield scanned;
  }
}

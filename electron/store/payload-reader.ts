// Where events' payloads are read from: records read back from the journal file by their byte spans, or a relation of
// payload columns (the cache's payloads table, a store's own table). Used by the store for pages and scans, and by
// payload searches run in worker threads.
import type Database from 'better-sqlite3';
import type { RowDecoder } from './record-decoder.js';
import type { SourceRecords } from './source-records.js';

/** Columns every events relation provides. */
export const COLUMNS = 'seq, position, stream, version, type, time_ms, src_offset, src_length';

/** An events row: seq, position, stream, version, type, time_ms, src_offset, src_length. */
export type Row = [number, number, string | number, number, string | number, number | null, number | null, number | null];

/** A row's data, metadata, event id and other fields (JournalEvent.extra as JSON text) as stored. */
export type StoredRow = [data: unknown, metadata: unknown, id: unknown, extra: unknown];
export const NO_PAYLOADS: StoredRow = [null, null, null, null];

/** Payloads are fetched this many rows at a time. */
const PAYLOAD_CHUNK = 5000;

export interface PayloadSources {
  db: Database.Database;
  /** The relation holding payloads, event ids and other fields (seq, data, metadata, id, extra). */
  payloads: string;
  /** The journal file, for rows whose record is read back from it (src_offset set). */
  source?: SourceRecords | undefined;
  /** Turns a row's stored data and metadata back into JSON. */
  decode: RowDecoder;
}

/** The payloads (and event ids) of these rows as stored, by seq. */
export function storedPayloads(sources: PayloadSources, rows: readonly Row[]): Map<number, StoredRow> {
  const payloads = new Map<number, StoredRow>();
  const fromFile = rows.filter((row) => row[6] !== null);
  if (fromFile.length && sources.source) {
    const texts = sources.source.read(fromFile.map((row) => ({ offset: row[6]!, length: row[7]! })));
    // The record read back gives its id again, as it gives its payloads.
    fromFile.forEach((row, i) => payloads.set(row[0], [texts[i], null, null, null]));
  }
  const inCache = fromFile.length ? rows.filter((row) => row[6] === null) : rows;
  for (let at = 0; at < inCache.length; at += PAYLOAD_CHUNK) {
    const seqs = inCache.slice(at, at + PAYLOAD_CHUNK).map((row) => row[0]);
    const found = sources.db
      .prepare(`SELECT seq, data, metadata, id, extra FROM ${sources.payloads} WHERE seq IN (${seqs.map(() => '?').join(',')})`)
      .raw(true)
      .all(...seqs) as [number, unknown, unknown, unknown, unknown][];
    for (const [seq, data, metadata, id, extra] of found) payloads.set(seq, [data, metadata, id, extra]);
  }
  return payloads;
}

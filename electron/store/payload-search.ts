// Searches that need each event's payload (text, field conditions): their matches are noted by seq in a TEMP table
// (temp.text_hits, temp.where_hits), so they combine in SQL with every other filter and page like them.
import type Database from 'better-sqlite3';
import { meetsCondition } from '../../shared/condition.js';
import type { Condition } from '../../shared/condition.js';
import type { JournalEvent } from '../../shared/model.js';
import type { SourceRecords } from './source-records.js';

/** `SQL` matching the text in payloads kept in a table; the needle is its one parameter. */
export const PAYLOAD_TEXT_MATCH = "instr(lower(coalesce(CAST(data AS TEXT), '') || char(0) || coalesce(CAST(metadata AS TEXT), '')), ?) > 0";

function resetHits(db: Database.Database, table: string): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY); DELETE FROM temp.${table};`);
}

/**
 * Notes every event whose payload holds the text: payloads kept in `payloads` are searched by SQL, records kept in
 * the journal file are read from it in file order.
 */
export function noteTextMatches(db: Database.Database, payloads: string, source: SourceRecords | undefined, needle: string): void {
  resetHits(db, 'text_hits');
  db.prepare(`INSERT INTO temp.text_hits SELECT seq FROM ${payloads} WHERE ${PAYLOAD_TEXT_MATCH}`).run(needle);
  if (!source) return;
  const pattern = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  const insert = db.prepare('INSERT OR IGNORE INTO temp.text_hits VALUES (?)');
  // Keyset pages in seq order (file order for these records), not an open iterator: the connection is needed meanwhile.
  const page = db.prepare('SELECT seq, src_offset, src_length FROM events WHERE src_offset IS NOT NULL AND seq > ? ORDER BY seq LIMIT 20000').raw(true);
  db.transaction(() => {
    for (let after = -Infinity; ; ) {
      const chunk = page.all(after) as [number, number, number][];
      if (chunk.length === 0) break;
      const texts = source.read(chunk.map(([, offset, length]) => ({ offset, length })));
      for (let i = 0; i < chunk.length; i++) if (pattern.test(texts[i]!)) insert.run(chunk[i]![0]);
      after = chunk[chunk.length - 1]![0];
    }
  })();
}

/**
 * Notes every event whose payload meets the condition: each event is decoded and tested here, in the service,
 * `events(after)` giving the next page of events (by seq) and their seqs.
 */
export function noteConditionMatches(db: Database.Database, condition: Condition, events: (after: number) => { seqs: number[]; events: JournalEvent[] }): void {
  resetHits(db, 'where_hits');
  const insert = db.prepare('INSERT INTO temp.where_hits VALUES (?)');
  db.transaction(() => {
    for (let after = -Infinity; ; ) {
      const page = events(after);
      if (page.seqs.length === 0) break;
      for (let i = 0; i < page.seqs.length; i++) if (meetsCondition(page.events[i]!, condition)) insert.run(page.seqs[i]!);
      after = page.seqs[page.seqs.length - 1]!;
    }
  })();
}

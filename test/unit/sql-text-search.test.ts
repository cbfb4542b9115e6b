// The text search over payload columns, read a range of rows per statement (sqlTextSearch), finds what one statement
// over every payload finds, in the same order, and tells the rows tested after each range.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { finish, PAYLOAD_TEXT_MATCH, sqlTextSearch } from '../../electron/store/payload-search.js';
import type { PayloadSources } from '../../electron/store/payload-reader.js';

const ROWS = 25_000;

describe('sqlTextSearch', () => {
  let db: Database.Database | null = null;
  afterEach(() => db?.close());

  function payloads(): PayloadSources {
    db = new Database(':memory:');
    db.exec('CREATE TABLE payloads (seq INTEGER PRIMARY KEY, data TEXT, metadata TEXT, id TEXT, extra TEXT)');
    const insert = db.prepare('INSERT INTO payloads (seq, data, metadata) VALUES (?, ?, ?)');
    db.transaction(() => {
      // Gaps in seq, NULL columns, blobs, mixed case and the needle in metadata only: what the single statement handles.
      for (let i = 0; i < ROWS; i++) {
        const seq = i * 3 + 7;
        const data = i % 11 === 0 ? null : i % 13 === 0 ? Buffer.from(`{"note":"Blob ${i}"}`) : JSON.stringify({ note: `Note ${i}` });
        insert.run(seq, data, i % 5 === 0 ? JSON.stringify({ by: `NOTE-${i}` }) : null);
      }
    })();
    return { db, payloads: 'payloads', decode: () => ({ data: null, metadata: null }) } as unknown as PayloadSources;
  }

  it('matches the single statement over every payload, in seq order, across ranges', () => {
    const sources = payloads();
    for (const needle of ['note 12', 'blob 1', 'note-2', '"note"']) {
      const once = sources.db.prepare(`SELECT seq FROM payloads WHERE ${PAYLOAD_TEXT_MATCH} ORDER BY seq`).pluck().all(needle);
      const ranged = finish(sqlTextSearch(sources, needle));
      expect(ranged.length, needle).toBeGreaterThan(0);
      expect(ranged, needle).toEqual(once);
    }
  });

  it('yields the rows tested after each range, up to every row', () => {
    const sources = payloads();
    const search = sqlTextSearch(sources, 'note 1');
    const counts: number[] = [];
    for (let next = search.next(); !next.done; next = search.next()) counts.push(next.value);
    expect(counts.length).toBeGreaterThan(1);
    expect(counts.every((count, i) => count > (counts[i - 1] ?? 0))).toBe(true);
    expect(counts.at(-1)).toBe(ROWS);
  });

  it('reads a table without an index on seq in one statement, not one sort of the whole table per range', () => {
    const sources = payloads();
    sources.db.exec('CREATE TABLE loose AS SELECT seq AS position, data, metadata FROM payloads ORDER BY random()');
    sources.db.exec('CREATE VIEW loose_payloads AS SELECT position AS seq, data, metadata FROM loose');
    const loose = { ...sources, payloads: 'loose_payloads' } as PayloadSources;
    const search = sqlTextSearch(loose, 'note 1');
    const counts: number[] = [];
    let next = search.next();
    for (; !next.done; next = search.next()) counts.push(next.value);
    expect(counts).toEqual([ROWS]);
    const once = sources.db.prepare(`SELECT seq FROM payloads WHERE ${PAYLOAD_TEXT_MATCH} ORDER BY seq`).pluck().all('note 1');
    expect(next.value).toEqual(once);
  });
});

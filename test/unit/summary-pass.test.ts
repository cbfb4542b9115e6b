// The summary of a SQLite store read in place is folded in JavaScript, in two halves: it must say what SQL's own
// GROUP BY says of the same rows, whatever kinds of value the columns hold.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { normalizeTime } from '../../electron/readers/time.js';
import { sqlBefore } from '../../electron/store/summary-pass.js';
import { tempFolder } from '../support/fixtures.js';

const folder = tempFolder('eventlens-summary-pass-');
afterAll(() => folder.remove());

type Row = [stream: string | number | null, version: number | string | null, type: string | null, time: string | number | null];

// Integer ids and text ids never spell the same number here, so SQL's groups and the listed ids match one to one.
const row: fc.Arbitrary<Row> = fc.tuple(
  fc.oneof(fc.constantFrom('order-1', 'order-2', 'user-α', ''), fc.constantFrom(7, 42), fc.constant(null)),
  fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constant(null), fc.constantFrom('v2', '10')),
  fc.oneof(fc.constantFrom('placed', 'paid', 'shipped'), fc.constant(null)),
  fc.oneof(
    fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString()),
    fc.integer({ min: 1_500_000_000, max: 1_900_000_000 }),
    fc.constantFrom('2024-05-06 07:08:09', 'not a time'),
    fc.constant(null),
  ),
);

const msOf = (time: unknown) => {
  const iso = normalizeTime(time);
  return iso === null ? null : new Date(Date.parse(iso)).toISOString();
};

/** Versions as the summary's INTEGER column keeps them: integer text becomes a number (SQLite's column affinity). */
const asStored = (version: unknown) => (typeof version === 'string' && /^-?\d+$/.test(version) ? Number(version) : version);

let files = 0;
/**
 * With `positions`, the store numbers its events in a column of its own, which may be empty (NULL) or repeat: the
 * summary splits the rows by it, and must still count every row once.
 */
function writeStore(rows: Row[], positions?: (number | null)[]): string {
  const path = join(folder.path, `store-${++files}.sqlite`);
  const db = new Database(path);
  // Columns without a declared type keep each value's own kind (integer, text), as loosely written stores do.
  db.exec(`CREATE TABLE events (id INTEGER PRIMARY KEY, ${positions ? 'global_position INTEGER, ' : ''}stream_id, version, event_type, data TEXT, created_at)`);
  const insert = positions
    ? db.prepare('INSERT INTO events (global_position, stream_id, version, event_type, data, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    : db.prepare('INSERT INTO events (stream_id, version, event_type, data, created_at) VALUES (?, ?, ?, ?, ?)');
  rows.forEach(([stream, version, type, time], i) => (positions ? insert.run(positions[i % positions.length], stream, version, type, '{}', time) : insert.run(stream, version, type, '{}', time)));
  db.close();
  return path;
}

/** The same questions asked of SQL directly: per stream, per type, and the rows left out. */
function expected(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const kept = 'FROM events WHERE stream_id IS NOT NULL AND event_type IS NOT NULL';
    const streams = (db.prepare(`SELECT stream_id, count(*), min(version), max(version), min(created_at), max(created_at) ${kept} GROUP BY stream_id`).raw(true).all() as unknown[][])
      .map(([stream, events, firstVersion, lastVersion, firstTime, lastTime]) => ({ stream: String(stream), events, firstVersion: asStored(firstVersion), lastVersion: asStored(lastVersion), firstTime: msOf(firstTime), lastTime: msOf(lastTime) }))
      .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
    const types = Object.fromEntries(db.prepare(`SELECT event_type, count(*) ${kept} GROUP BY event_type`).raw(true).all() as [string, number][]);
    const missing = db.prepare('SELECT count(*) FROM events WHERE stream_id IS NULL OR event_type IS NULL').pluck().get() as number;
    return { streams, types, missing };
  } finally {
    db.close();
  }
}

describe('the summary of a SQLite store read in place', () => {
  it('lists the streams, versions, times, types and left-out rows that SQL GROUP BY finds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 300, size: 'max' }), fc.option(fc.array(fc.option(fc.integer({ min: -5, max: 400 })), { minLength: 1 })), async (rows, positions) => {
        const path = writeStore(rows, positions ?? undefined);
        const service = new JournalService({ samplePath: path, cacheDir: join(folder.path, 'cache') });
        try {
          const want = expected(path);
          const summary = await service.openJournal({ path });
          expect(summary.format).toBe('sqlite');
          const streams = (await service.streams({})).sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
          expect(streams).toEqual(want.streams);
          expect(Object.fromEntries(summary.types.map((t) => [t.type, t.count]))).toEqual(want.types);
          expect(summary.events).toBe(rows.length - want.missing);
          expect(summary.streams).toBe(want.streams.length);
          const leftOut = summary.findings.find((f) => f.kind === 'missing-field');
          if (want.missing === 0) expect(leftOut).toBeUndefined();
          else expect(leftOut?.message).toContain(`${want.missing.toLocaleString('en-US')} rows have no stream or no type`);
        } finally {
          service.close();
        }
      }),
      { numRuns: 60 },
    );
    // Sixty stores opened one after another: ~7 s on an idle machine, past 20 s in CI beside other test files and a
    // loaded core.
  }, 90_000);
});

describe('sqlBefore', () => {
  it('orders values as SQLite does: numbers, then text, then blobs', () => {
    const db = new Database(':memory:');
    const values: unknown[] = [3, -1.5, 10, 'a', 'B', '10', '', Buffer.from([1, 2]), Buffer.from([0]), 2n];
    for (const a of values) {
      for (const b of values) {
        const sql = db.prepare('SELECT ? < ?').pluck().get(a, b) === 1;
        expect(sqlBefore(a, b), `${String(a)} < ${String(b)}`).toBe(sql);
      }
    }
    db.close();
  });
});

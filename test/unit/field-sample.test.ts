// The fields a journal's first records hold (the Map columns… dialog's choices), sampled from real exports of the
// conformance corpus (../shared/corpus, read-only) and from files built to stress the bounds: never writing beside the
// file, never reading past the first records or megabytes, never running the file's own SQL.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fitCutSqliteCopy } from '../../electron/readers/sample/cut-sqlite.js';
import { sampleFields } from '../../electron/readers/sample/field-sample.js';
import { SAMPLE_BYTES } from '../../electron/readers/sample/json-sample.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';

const corpus = (file: string) => fileURLToPath(new URL(`../../../shared/corpus/${file}`, import.meta.url));
const scratch = tempFolder('eventlens-sample-');
afterAll(() => scratch.remove());

const names = (sample: Awaited<ReturnType<typeof sampleFields>>, index = 0) => sample.sources[index]!.fields.map((field) => field.name);

describe('real exports', () => {
  it("the seed article's NDJSON and JSON array: name and data, the type found by its name", async () => {
    for (const file of ['seed/seed.ndjson', 'seed/seed.json']) {
      const sample = await sampleFields(corpus(file), file);
      expect(sample, file).toMatchObject({ kind: 'json', notes: [] });
      expect(sample.sources[0], file).toMatchObject({ table: null, records: 2, guess: { type: 'name', data: 'data' } });
      expect(sample.sources[0]!.fields, file).toEqual([
        { name: 'name', count: 2, example: 'user_created' },
        { name: 'data', count: 2, example: '{"id":1,"name":"John Doe"}' },
      ]);
      expect(sample.sources[0]!.rows[1], file).toEqual({ name: 'user_updated', data: '{"id":1,"name":"Jane Doe"}' });
    }
  });

  it('an EventSourcingDB backup: its lines\' own fields, the payload found as the data', async () => {
    const sample = await sampleFields(corpus('eventsourcingdb/merkle-test-backup.ndjson'), 'merkle-test-backup.ndjson');
    expect(names(sample)).toEqual(['type', 'payload']);
    expect(sample.sources[0]).toMatchObject({ records: 4, guess: { type: 'type', data: 'payload' } });
  });

  it('EventStoreDB and Rails Event Store pages: the records they wrap, with a note saying where', async () => {
    const goro = await sampleFields(corpus('eventstoredb/goro-embed-body-metadata.json'), 'goro.json');
    expect(goro.notes).toEqual(['The records of goro.json are listed from its "entries" array.']);
    expect(goro.sources[0]!.guess).toEqual({ stream: 'streamId', version: 'eventNumber', type: 'eventType', data: 'data', metadata: 'metaData' });
    const res = await sampleFields(corpus('rails-event-store/dres-body1.json'), 'dres-body1.json');
    expect(names(res)).toEqual(['event_id', 'data', 'metadata', 'event_type', 'valid_at', 'timestamp']);
    expect(res.sources[0]).toMatchObject({ records: 2, guess: { type: 'event_type', data: 'data', metadata: 'metadata', time: 'timestamp' } });
  });

  it('a Temporal history: its events, every attribute kind with how often it occurs', async () => {
    const sample = await sampleFields(corpus('temporal/sampleHistory.json'), 'sampleHistory.json');
    const fields = sample.sources[0]!.fields;
    expect(sample.sources[0]!.records).toBe(11);
    expect(fields.find((field) => field.name === 'eventType')).toMatchObject({ count: 11 });
    expect(fields.find((field) => field.name === 'workflowExecutionStartedEventAttributes')).toMatchObject({ count: 1 });
  });

  it("an Emmett SQLite store with no rows: both tables' columns, in the table's order, found by their names", async () => {
    const folder = tempFolder('eventlens-sample-emmett-');
    try {
      const copy = join(folder.path, 'db.sqlite');
      copyFileSync(corpus('emmett/emmett-sqlite-db.sqlite'), copy);
      const before = folderFingerprint(folder.path);
      const sample = await sampleFields(copy, 'db.sqlite');
      expect(sample.sources.map((source) => [source.table, source.records])).toEqual([
        ['emt_events', 0],
        ['emt_streams', 0],
      ]);
      expect(names(sample).slice(0, 4)).toEqual(['stream_id', 'stream_position', 'partition', 'event_data']);
      expect(sample.sources[0]!.guess).toEqual({ stream: 'stream_id', version: 'stream_position', position: 'global_position', type: 'event_type', data: 'event_data', time: 'created' });
      expect(folderFingerprint(folder.path)).toEqual(before);
    } finally {
      folder.remove();
    }
  });

  it('one CloudEvent, an Atom feed and a binary history have no fields to name: said in a note', async () => {
    const event = await sampleFields(corpus('cloudevents/sdkjs-v1-structured-event-0.json'), 'event.json');
    expect(event.sources).toEqual([]);
    expect(event.notes[0]).toMatch(/one JSON object with no list of records/);
    expect(await sampleFields(corpus('eventstoredb/eventstore-atom-feed.xml'), 'feed.xml')).toMatchObject({ kind: 'xml', sources: [] });
    expect(await sampleFields(corpus('unsupported/temporal-cancel_fake_progress_history.bin'), 'h.bin')).toMatchObject({ kind: 'temporal-binary', sources: [] });
  });
});

describe('bounds', () => {
  it('looks at the first 200 records of a long journal, and keeps 5 for the preview', async () => {
    const path = join(scratch.path, 'long.ndjson');
    writeFileSync(path, Array.from({ length: 1000 }, (_, i) => JSON.stringify({ stream: `s-${i}`, type: 't', data: { i } })).join('\n'));
    const sample = await sampleFields(path, 'long.ndjson');
    expect(sample.sources[0]!.records).toBe(200);
    expect(sample.sources[0]!.rows.map((row) => row['stream'])).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4']);
    expect(sample.notes).toEqual([]);
  });

  it('reads no further than its byte bound, and says so', async () => {
    const path = join(scratch.path, 'wide.ndjson');
    const filler = 'x'.repeat(200_000);
    writeFileSync(path, Array.from({ length: 60 }, (_, i) => JSON.stringify({ stream: `s-${i}`, type: 't', note: filler })).join('\n'));
    const sample = await sampleFields(path, 'wide.ndjson');
    expect(sample.sources[0]!.records).toBe(Math.floor(SAMPLE_BYTES / 200_040));
    expect(sample.notes).toEqual([`Only the first ${SAMPLE_BYTES / 1024 ** 2} MB of wide.ndjson were read.`]);
    // Examples are short: a 200,000-character value is cut.
    expect([...sample.sources[0]!.fields[2]!.example!].length).toBe(80);
  });

  it('reads the start of a file cut anywhere (what a browser sends): gzip, NDJSON and arrays alike', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ stream: `s-${i}`, type: 't' })).join('\n');
    const cutLines = join(scratch.path, 'cut.ndjson');
    writeFileSync(cutLines, lines.slice(0, 100));
    expect((await sampleFields(cutLines, 'cut.ndjson')).sources[0]!.records).toBe(3);
    const cutArray = join(scratch.path, 'cut.json');
    writeFileSync(cutArray, `[${lines.split('\n').join(',')}]`.slice(0, 101));
    expect((await sampleFields(cutArray, 'cut.json')).sources[0]!.records).toBe(3);
    const cutGzip = join(scratch.path, 'cut.ndjson.gz');
    const gzip = gzipSync(Buffer.from(lines));
    writeFileSync(cutGzip, gzip.subarray(0, Math.floor(gzip.length * 0.7)));
    expect((await sampleFields(cutGzip, 'cut.ndjson.gz')).sources[0]!.records).toBeGreaterThan(0);
  });

  it('reads the schema of a SQLite file cut short, and says which rows it could not read', async () => {
    const whole = join(scratch.path, 'whole.db');
    const db = new Database(whole);
    db.exec('CREATE TABLE events (stream_id TEXT, event_type TEXT, data TEXT); CREATE TABLE filler (body TEXT)');
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?)');
    const fill = db.prepare('INSERT INTO filler VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 50; i++) insert.run(`s-${i}`, 'placed', JSON.stringify({ i }));
      for (let i = 0; i < 20_000; i++) fill.run('y'.repeat(100));
    })();
    db.close();
    const cut = join(scratch.path, 'cut.db');
    writeFileSync(cut, readFileSync(whole).subarray(0, 64 * 1024 + 100));
    // As it arrives, SQLite refuses it whole: its header counts the pages of the whole file.
    expect((await sampleFields(cut, 'cut.db')).notes).toEqual(['The tables of cut.db could not be read: database disk image is malformed.']);
    // The host's copy, fitted to what it holds: the schema and the first rows read.
    expect(await fitCutSqliteCopy(cut)).toBe(true);
    expect(await fitCutSqliteCopy(cut)).toBe(false);
    const sample = await sampleFields(cut, 'cut.db', true);
    expect(names(sample)).toEqual(['stream_id', 'event_type', 'data']);
    expect(sample.sources[0]!.guess).toEqual({ stream: 'stream_id', type: 'event_type', data: 'data' });
    expect(sample.sources[0]!.records).toBe(50);
    // A big table's first rows may lie past the cut: its columns are listed, and the note says why its rows are not.
    expect(sample.sources[1]).toMatchObject({ table: 'filler', records: 0, fields: [{ name: 'body', count: 0, example: null }] });
    expect(sample.notes).toEqual(['The first rows of "filler" lie past the part of cut.db that was read: only its columns are listed.']);
    // A whole file is left as it is.
    expect(await fitCutSqliteCopy(whole)).toBe(false);
  });

  it('lists 200 fields at most, names as data (even "__proto__"), with a note', async () => {
    const path = join(scratch.path, 'many.ndjson');
    const record: Record<string, number> = {};
    for (let i = 0; i < 300; i++) record[`f${i}`] = i;
    writeFileSync(path, `{"__proto__":"x",${JSON.stringify(record).slice(1)}\n`);
    const sample = await sampleFields(path, 'many.ndjson');
    expect(sample.sources[0]!.fields).toHaveLength(200);
    expect(sample.sources[0]!.fields[0]).toEqual({ name: '__proto__', count: 1, example: 'x' });
    expect(Object.hasOwn(sample.sources[0]!.rows[0]!, '__proto__')).toBe(true);
    expect(sample.notes).toEqual(['Its records have more fields than the 200 listed.']);
  });
});

describe('safety', () => {
  it('never writes beside a WAL database, and never reads a view or a virtual table', async () => {
    const folder = tempFolder('eventlens-sample-wal-');
    try {
      const path = join(folder.path, 'store.db');
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.exec(`CREATE TABLE events (stream_id TEXT, type TEXT, payload TEXT, total INTEGER GENERATED ALWAYS AS (length(payload)) VIRTUAL);
        INSERT INTO events (stream_id, type, payload) VALUES ('a-1', 'opened', '{}');
        CREATE VIEW endless AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n;
        CREATE VIRTUAL TABLE words USING fts5(body);`);
      db.close();
      const before = folderFingerprint(folder.path);
      const sample = await sampleFields(path, 'store.db');
      expect(sample.sources.map((source) => source.table)).not.toContain('words');
      expect(sample.sources.map((source) => source.table)).not.toContain('endless');
      const events = sample.sources.find((source) => source.table === 'events')!;
      // The generated column is not offered (nor computed): only what the file stores.
      expect(events.fields.map((field) => field.name)).toEqual(['stream_id', 'type', 'payload']);
      expect(sample.notes.join(' ')).toMatch(/"words".*not read here/);
      expect(folderFingerprint(folder.path)).toEqual(before);
    } finally {
      folder.remove();
    }
  });

  it('through the service: by path, leaving the journal open as it is; a missing file is "not-found"', async () => {
    const service = new JournalService({ samplePath: corpus('seed/seed.ndjson') });
    try {
      await service.openSample();
      const sample = await service.sampleFields({ path: corpus('seed/seed.json') });
      expect(sample.sources[0]!.records).toBe(2);
      expect((await service.summary())?.name).toBe('Sample journal');
      await expect(service.sampleFields({ path: join(scratch.path, 'none.ndjson') })).rejects.toMatchObject({ code: 'not-found' });
    } finally {
      await service.close();
    }
  });
});

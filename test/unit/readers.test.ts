import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalError } from '../../shared/contract.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { normalizeTime } from '../../electron/readers/time.js';
import { BANK_EVENTS, folderFingerprint, tempFolder, writeJsonArray, writeNdjson, writeSqlite } from '../support/fixtures.js';

const folder = tempFolder();
let before: Record<string, string>;
const paths = {
  ndjson: join(folder.path, 'bank.ndjson'),
  json: join(folder.path, 'bank.json'),
  sqlite: join(folder.path, 'bank.sqlite'),
};

beforeAll(() => {
  writeNdjson(paths.ndjson, BANK_EVENTS);
  writeJsonArray(paths.json, BANK_EVENTS);
  writeSqlite(paths.sqlite, BANK_EVENTS);
  before = folderFingerprint(folder.path);
});
afterAll(() => {
  // Every reader ran on these files: none may have changed, and no -wal/-shm/-journal file may have appeared.
  expect(folderFingerprint(folder.path)).toEqual(before);
  folder.remove();
});

async function failure(path: string): Promise<JournalError> {
  return readJournal(path).then(
    () => expect.fail(`expected ${path} to be refused`),
    (error: JournalError) => error,
  );
}

describe.each(Object.entries(paths))('reading the %s journal', (format, path) => {
  it('normalizes every event to the model', async () => {
    const journal = await readJournal(path);
    expect(journal.format).toBe(format);
    expect(journal.findings.total).toBe(0);
    expect(journal.events.map(({ stream, version, type, time, data }) => ({ stream, version, type, time, data }))).toEqual(
      BANK_EVENTS.map(({ stream, version, type, time, data }) => ({ stream, version, type, time, data })),
    );
    expect(journal.events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(journal.events[6]!.metadata).toEqual({ actor: 'admin' });
  });
});

describe('bad input', () => {
  it('names a missing file', async () => {
    const error = await failure(join(folder.path, 'absent.ndjson'));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('absent.ndjson does not exist');
  });

  it('refuses a folder, an empty file and a file that is no journal, saying why', async () => {
    const sub = tempFolder();
    try {
      mkdirSync(join(sub.path, 'dir'));
      writeFileSync(join(sub.path, 'empty.json'), '');
      writeFileSync(join(sub.path, 'notes.txt'), 'hello, this is text');
      writeFileSync(join(sub.path, 'config.json'), '{\n  "name": "x"\n}\n');
      expect((await failure(join(sub.path, 'dir'))).message).toMatch(/is a folder/);
      expect((await failure(join(sub.path, 'empty.json'))).message).toMatch(/empty\.json is empty/);
      expect((await failure(join(sub.path, 'notes.txt'))).message).toMatch(/notes\.txt is not a journal.*starts with "hello/);
      expect((await failure(join(sub.path, 'config.json'))).message).toMatch(/config\.json holds one JSON object \(keys "name"\)/);
    } finally {
      sub.remove();
    }
  });

  it('keeps the readable lines of an NDJSON file and lists each bad one with its line', async () => {
    const sub = tempFolder();
    try {
      const good = JSON.stringify({ stream: 's-1', type: 'created', data: { a: 1 }, time: '2026-01-01T00:00:00Z' });
      const lines = [good, '{"stream": "s-1", "type": "upd', '', JSON.stringify({ type: 'orphan', data: {} }), '[1,2]', good.replace('created', 'again').replace('"a":1', '"a":2'), JSON.stringify({ stream: 's-1', type: 'x', time: 'yesterday-ish' })];
      const path = join(sub.path, 'mixed.ndjson');
      writeFileSync(path, lines.join('\n'));
      const journal = await readJournal(path);
      expect(journal.events.map((e) => [e.type, e.version, e.time])).toEqual([
        ['created', 1, '2026-01-01T00:00:00.000Z'],
        ['again', 2, '2026-01-01T00:00:00.000Z'],
        ['x', 3, null],
      ]);
      expect(journal.findings.list.map((f) => [f.kind, f.place])).toEqual([
        ['not-json', 'line 2'],
        ['missing-field', 'line 4'],
        ['not-an-event', 'line 5'],
        ['bad-time', 'line 7'],
      ]);
      expect(journal.findings.list[0]!.message).toMatch(/^mixed\.ndjson line 2: not valid JSON/);
      expect(journal.findings.list[1]!.message).toMatch(/has no stream/);
    } finally {
      sub.remove();
    }
  });

  it('keeps the items before the cut in a truncated JSON array, and says where it ends', async () => {
    const sub = tempFolder();
    try {
      writeFileSync(join(sub.path, 'cut.json'), '[{"stream":"a","type":"b","data":{}},\n {"stream":');
      const journal = await readJournal(join(sub.path, 'cut.json'));
      expect(journal.events.map((e) => [e.stream, e.type])).toEqual([['a', 'b']]);
      expect(journal.findings.list).toEqual([
        expect.objectContaining({ kind: 'truncated', message: 'cut.json is cut off: the file ends inside item 2 (line 2) before the array closes; the items before it were read.' }),
      ]);
      writeFileSync(join(sub.path, 'nothing.json'), '[{"stream":');
      expect((await failure(join(sub.path, 'nothing.json'))).message).toMatch(/No events could be read\. nothing\.json is cut off/);
    } finally {
      sub.remove();
    }
  });

  it('names the tables of a SQLite file that holds no events table', async () => {
    const sub = tempFolder();
    try {
      const path = join(sub.path, 'other.db');
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(path);
      db.exec('CREATE TABLE people (id INTEGER, name TEXT)');
      db.close();
      const error = await failure(path);
      expect(error.code).toBe('bad-format');
      expect(error.message).toMatch(/other\.db is a SQLite database but holds no events table.*people\(id, name\)/);
    } finally {
      sub.remove();
    }
  });

  it('reports a corrupt SQLite file instead of crashing', async () => {
    const sub = tempFolder();
    try {
      const path = join(sub.path, 'broken.sqlite');
      writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(200, 0x41)]));
      expect((await failure(path)).message).toMatch(/broken\.sqlite could not be (opened|read) as SQLite/);
    } finally {
      sub.remove();
    }
  });

  it('shows binary payloads as a placeholder and lists them', async () => {
    const sub = tempFolder();
    try {
      const path = join(sub.path, 'binary.sqlite');
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(path);
      db.exec('CREATE TABLE events (stream_id TEXT, version INT, type TEXT, payload BLOB)');
      db.prepare('INSERT INTO events VALUES (?, ?, ?, ?)').run('s', 1, 't', Buffer.from([0xff, 0xfe, 0x00, 0x81]));
      db.close();
      const journal = await readJournal(path);
      expect(journal.events[0]!.data).toBe('<4 bytes of binary data>');
      expect(journal.findings.list[0]).toMatchObject({ kind: 'undecodable-payload', place: 'row 1 of events' });
    } finally {
      sub.remove();
    }
  });
});

describe('normalizeTime', () => {
  it.each([
    ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T04:04:05+01:00', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02 03:04:05.123456', '2026-01-02T03:04:05.123Z'],
    [1767323045, '2026-01-02T03:04:05.000Z'],
    [1767323045000, '2026-01-02T03:04:05.000Z'],
    [1767323045000000, '2026-01-02T03:04:05.000Z'],
    ['1767323045', '2026-01-02T03:04:05.000Z'],
    ['not a time', null],
    [null, null],
    [{}, null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeTime(input)).toBe(expected);
  });
});

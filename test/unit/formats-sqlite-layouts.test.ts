import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericSqlite } from '../../electron/readers/formats/generic-sqlite.js';
import { FindingLog } from '../../electron/readers/loaded-journal.js';
import { SQLITE_LAYOUTS } from '../../electron/readers/formats/sqlite-layouts.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { listTables, openReadOnly } from '../../electron/readers/sqlite-open.js';
import { BANK_EVENTS, folderFingerprint, tempFolder, writeSqlite } from '../support/fixtures.js';
import { writeEmmett } from '../support/stores/emmett.js';
import { writeEventsourcingPython } from '../support/stores/eventsourcing-python.js';
import { writeEventuous } from '../support/stores/eventuous.js';
import { writeHallgren } from '../support/stores/hallgren-eventsourcing.js';
import { writeNEventStore } from '../support/stores/neventstore.js';
import { writeRailsEventStore } from '../support/stores/rails-event-store.js';
import { writeSqlStreamStore } from '../support/stores/sql-stream-store.js';
import { identities, inPlaceRows, readStore } from '../support/stores/read.js';

const folder = tempFolder();
const fixtures: Record<string, string> = {
  'eventsourcing-python': join(folder.path, 'python.sqlite'),
  'rails-event-store': join(folder.path, 'res.sqlite'),
  emmett: join(folder.path, 'emmett.sqlite'),
  eventuous: join(folder.path, 'eventuous.sqlite'),
  'sql-stream-store': join(folder.path, 'sss.sqlite'),
  neventstore: join(folder.path, 'nes.sqlite'),
  'hallgren-eventsourcing': join(folder.path, 'hallgren.sqlite'),
  sqlite: join(folder.path, 'generic.sqlite'),
};
let before: Record<string, string>;

beforeAll(async () => {
  writeEventsourcingPython(fixtures['eventsourcing-python']!);
  writeRailsEventStore(fixtures['rails-event-store']!, 'yaml');
  await writeEmmett(fixtures.emmett!);
  writeEventuous(fixtures.eventuous!);
  writeSqlStreamStore(fixtures['sql-stream-store']!);
  writeNEventStore(fixtures.neventstore!);
  writeHallgren(fixtures['hallgren-eventsourcing']!);
  writeSqlite(fixtures.sqlite!, BANK_EVENTS);
  before = folderFingerprint(folder.path);
});
afterAll(() => {
  expect(folderFingerprint(folder.path)).toEqual(before);
  folder.remove();
});

describe('the SQLite layout registry', () => {
  it('keeps the generic layout last', () => {
    expect(SQLITE_LAYOUTS.map((l) => l.id)).toEqual([
      'eventsourcing-python',
      'rails-event-store',
      'emmett',
      'eventuous',
      'sql-stream-store',
      'neventstore',
      'hallgren-eventsourcing',
      'sqlite',
    ]);
  });

  it.each(Object.keys(fixtures))('recognises a %s database by its own layout only', (id) => {
    const db = openReadOnly(fixtures[id]!);
    try {
      const tables = listTables(db);
      const stores = SQLITE_LAYOUTS.filter((l) => l.id !== 'sqlite' && l.matches(tables)).map((l) => l.id);
      expect(stores).toEqual(id === 'sqlite' ? [] : [id]);
    } finally {
      db.close();
    }
  });
});

describe('event ids in a table the generic layout reads', () => {
  const tables = tempFolder();
  const paths = {
    rowKey: join(tables.path, 'row-key.sqlite'),
    named: join(tables.path, 'named.sqlite'),
    mapped: join(tables.path, 'mapped.sqlite'),
  };
  let written: Record<string, string>;

  beforeAll(() => {
    // The common hand-made table: an integer key named id beside stream_id, which must stay the stream.
    const rowKey = new Database(paths.rowKey);
    rowKey.exec('CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT, version INTEGER, type TEXT, data TEXT)');
    const insertKeyed = rowKey.prepare('INSERT INTO events (stream_id, version, type, data) VALUES (?, ?, ?, ?)');
    insertKeyed.run('account-1', 1, 'opened', '{}');
    insertKeyed.run('account-2', 1, 'opened', '{}');
    insertKeyed.run('account-1', 2, 'closed', '{}');
    rowKey.close();
    // An event_id beside the row key names the event better; a UUID kept as 16 bytes reads as their hex.
    const named = new Database(paths.named);
    named.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, event_id BLOB, aggregate_id TEXT, version INTEGER, type TEXT, data TEXT)');
    const insertNamed = named.prepare('INSERT INTO events (id, event_id, aggregate_id, version, type, data) VALUES (?, ?, ?, ?, ?, ?)');
    insertNamed.run(10, Buffer.from('00112233445566778899aabbccddeeff', 'hex'), 'cart-1', 1, 'opened', '{}');
    insertNamed.run(11, null, 'cart-1', 2, 'closed', '{}');
    named.close();
    // Names no layout guesses, opened with a map; its id column is the aggregate's.
    const mapped = new Database(paths.mapped);
    mapped.exec('CREATE TABLE ledger (id TEXT, n INTEGER, kind TEXT, body TEXT)');
    const insertMapped = mapped.prepare('INSERT INTO ledger VALUES (?, ?, ?, ?)');
    insertMapped.run('acct-1', 1, 'opened', '{}');
    insertMapped.run('acct-1', 2, 'closed', '{}');
    mapped.close();
    written = folderFingerprint(tables.path);
  });
  afterAll(() => {
    expect(folderFingerprint(tables.path)).toEqual(written);
    tables.remove();
  });

  it('takes an integer id key as the event id, while stream_id stays the stream and the key the position', async () => {
    const journal = await readStore(paths.rowKey);
    expect(journal.format).toBe('sqlite');
    expect(identities(journal.events)).toEqual([
      { position: 1, stream: 'account-1', version: 1, type: 'opened' },
      { position: 2, stream: 'account-2', version: 1, type: 'opened' },
      { position: 3, stream: 'account-1', version: 2, type: 'closed' },
    ]);
    expect(journal.events.map((e) => e.id)).toEqual(['1', '2', '3']);
    // Read in place, the same column is the id (the store turns it into text as the reader does).
    expect(inPlaceRows(paths.rowKey, genericSqlite).map((row) => row.id)).toEqual([1, 2, 3]);
  });

  it('prefers event_id to a row key named id; a BLOB id reads as hex, and a NULL one as no id', async () => {
    const { events } = await readStore(paths.named);
    expect(identities(events)).toEqual([
      { position: 10, stream: 'cart-1', version: 1, type: 'opened' },
      { position: 11, stream: 'cart-1', version: 2, type: 'closed' },
    ]);
    expect(events[0]!.id).toBe('00112233445566778899aabbccddeeff');
    expect(events[1]).not.toHaveProperty('id');
  });

  it('takes no id from a column the map gives to another role (stream=id names the stream, not each event)', async () => {
    const map = { stream: 'id', version: 'n', type: 'kind', data: 'body' };
    const { events } = await readJournal(paths.mapped, { map });
    expect(events.map((e) => [e.stream, e.version])).toEqual([['acct-1', 1], ['acct-1', 2]]);
    for (const event of events) expect(event).not.toHaveProperty('id');
    const db = openReadOnly(paths.mapped);
    try {
      expect(genericSqlite.inPlaceSelect!(listTables(db), { file: 'mapped.sqlite', findings: new FindingLog(), map })).toMatch(/NULL AS id, /);
    } finally {
      db.close();
    }
  });

  it('gives no id where the table has no column for one', async () => {
    const { events } = await readStore(fixtures.sqlite!);
    expect(events).toHaveLength(BANK_EVENTS.length);
    for (const event of events) expect(event).not.toHaveProperty('id');
    expect(inPlaceRows(fixtures.sqlite!, genericSqlite).map((row) => row.id)).toEqual(BANK_EVENTS.map(() => null));
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_LAYOUTS } from '../../electron/readers/formats/sqlite-layouts.js';
import { listTables, openReadOnly } from '../../electron/readers/sqlite-open.js';
import { BANK_EVENTS, folderFingerprint, tempFolder, writeSqlite } from '../support/fixtures.js';
import { writeEmmett } from '../support/stores/emmett.js';
import { writeEventsourcingPython } from '../support/stores/eventsourcing-python.js';
import { writeEventuous } from '../support/stores/eventuous.js';
import { writeHallgren } from '../support/stores/hallgren-eventsourcing.js';
import { writeNEventStore } from '../support/stores/neventstore.js';
import { writeRailsEventStore } from '../support/stores/rails-event-store.js';
import { writeSqlStreamStore } from '../support/stores/sql-stream-store.js';

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

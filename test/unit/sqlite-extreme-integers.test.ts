// SQLite integers at the ends of their range (-2^63, 2^63-1) in a store's time column and in a column the layout does
// not name: the store answers, keeping each value's digits. abs() of -2^63 is an overflow error in SQLite, so no
// query may take it (a fuzz run found one that did: "SqliteError: integer overflow" from a page of events).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { tempFolder } from '../support/fixtures.js';

const folder = tempFolder('eventlens-extreme-integers-');
afterAll(() => folder.remove());

it('opens, pages and audits a store whose times and other columns hold -2^63 and 2^63-1', async () => {
  const path = join(folder.path, 'extremes.sqlite');
  const db = new Database(path);
  db.exec('CREATE TABLE events (stream_id TEXT, version INTEGER, type TEXT, data TEXT, created INTEGER, tenant INTEGER)');
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)');
  insert.run('account-1', 1, 'opened', '{"owner":"ada"}', -9223372036854775808n, -9223372036854775808n);
  insert.run('account-1', 2, 'deposited', '{"amount":5}', 9223372036854775807n, 9223372036854775807n);
  insert.run('account-1', 3, 'deposited', '{"amount":7}', 1767225600000, 1);
  db.close();

  const service = new JournalService({ samplePath: path, cacheDir: join(folder.path, 'cache') });
  try {
    expect(await service.openJournal({ path })).toMatchObject({ events: 3, streams: 1 });
    const page = await service.events({ stream: 'account-1' });
    expect(page.events.map((event) => event.version)).toEqual([1, 2, 3]);
    expect(page.events[0]!.extra).toMatchObject({ tenant: '-9223372036854775808' });
    expect(page.events[1]!.extra).toMatchObject({ tenant: '9223372036854775807' });
    expect(page.events[2]!.time).toBe('2026-01-01T00:00:00.000Z');
    expect((await service.audit()).journal.events).toBe(3);
  } finally {
    await service.close();
  }
});

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalError } from '../../shared/contract.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { hallgrenEventsourcing } from '../../electron/readers/formats/sqlite/hallgren-eventsourcing.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';
import { writeHallgren } from '../support/stores/hallgren-eventsourcing.js';
import { identities, inPlaceRows, readStore } from '../support/stores/read.js';

const folder = tempFolder();
const paths = {
  store: join(folder.path, 'people.db'),
  broken: join(folder.path, 'broken.db'),
};
let before: Record<string, string>;

beforeAll(() => {
  writeHallgren(paths.store);
  writeHallgren(paths.broken, { badRow: true });
  before = folderFingerprint(folder.path);
});
afterAll(() => {
  expect(folderFingerprint(folder.path)).toEqual(before);
  folder.remove();
});

// The aggregate type prefixes the id: Person 7 and Order 7 are different streams.
const EXPECTED = [
  { position: 1, stream: 'Person/7', version: 1, type: 'Born' },
  { position: 2, stream: 'Order/7', version: 1, type: 'Created' },
  { position: 3, stream: 'Person/7', version: 2, type: 'AgedOneYear' },
];

describe('hallgren-eventsourcing', () => {
  it('reads events with reason as the type and RFC 3339 times in UTC', async () => {
    const journal = await readStore(paths.store);
    expect(journal.format).toBe('hallgren-eventsourcing');
    expect(journal.findings.list).toEqual([]);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.events.map((e) => e.time)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-05T09:30:00.000Z', '2026-01-06T14:00:00.000Z']);
    expect(journal.events.map((e) => e.data)).toEqual([{ name: 'Ada' }, { lines: 1 }, {}]);
    expect(journal.events.map((e) => e.metadata)).toEqual([{ source: 'import' }, null, {}]);
  });

  it('gives events no id: the id column names the aggregate, not the event', async () => {
    const { events } = await readStore(paths.store);
    for (const event of events) expect(event).not.toHaveProperty('id');
  });

  it('keeps an event whose data does not parse, with a finding naming its row', async () => {
    const journal = await readStore(paths.broken);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.findings.list).toHaveLength(1);
    expect(journal.findings.list[0]!.message).toMatch(/^broken\.db row 2 of events: the data looks like JSON but does not parse/);
  });

  it('offers an in-place SELECT giving the same events as the import', async () => {
    const { events } = await readStore(paths.store);
    const rows = inPlaceRows(paths.store, hallgrenEventsourcing).sort((a, b) => Number(a.position) - Number(b.position));
    expect(rows.map(({ position, stream, version, type }) => ({ position, stream, version, type }))).toEqual(identities(events));
    expect(rows.map((r) => r.id)).toEqual([null, null, null]);
  });

  // Found by readers-fuzz-formats: read in place, the store opens (its summary reads no payloads), and a page of a
  // payload's overflow chain damaged since is met only when events are asked for; that rejected with a SqliteError.
  it('refuses a query that meets a damaged payload page with a JournalError naming the file', async () => {
    const damaged = tempFolder();
    const service = new JournalService({ samplePath: join(damaged.path, 'none'), cacheDir: join(damaged.path, 'cache') });
    try {
      const path = join(damaged.path, 'damaged.db');
      copyFileSync(paths.store, path);
      const db = new Database(path);
      // A payload larger than a page lives in a chain of overflow pages, written at the end of the file.
      db.prepare('UPDATE events SET data = ? WHERE seq = 1').run(Buffer.from(JSON.stringify({ name: 'Ada', notes: 'x'.repeat(100_000) })));
      const size = db.pragma('page_size', { simple: true }) as number;
      db.close();
      const bytes = readFileSync(path);
      // Zeroed, an overflow page says the chain ends there, before the payload does.
      bytes.fill(0, bytes.length - 4 * size, bytes.length - 3 * size);
      writeFileSync(path, bytes);
      const summary = await service.openJournal({ path });
      expect(summary).toMatchObject({ format: 'hallgren-eventsourcing', events: 3 });
      const refused = await service.events({ limit: 10 }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(JournalError);
      expect(refused).toMatchObject({ code: 'bad-format', message: 'damaged.db could not be read as SQLite: database disk image is malformed.' });
      // What reads no payloads still answers.
      expect((await service.streams()).map((s) => s.stream)).toEqual(['Order/7', 'Person/7']);
    } finally {
      await service.close();
      damaged.remove();
    }
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});

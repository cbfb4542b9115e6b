import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emmett } from '../../electron/readers/formats/sqlite/emmett.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';
import { writeEmmett } from '../support/stores/emmett.js';
import { identities, inPlaceRows, readStore } from '../support/stores/read.js';

const folder = tempFolder();
const paths = {
  store: join(folder.path, 'emmett.db'),
  archived: join(folder.path, 'archived.db'),
  broken: join(folder.path, 'broken.db'),
};
let before: Record<string, string>;
let writtenFrom: number;
let writtenTo: number;

beforeAll(async () => {
  // CURRENT_TIMESTAMP has whole seconds.
  writtenFrom = Math.floor(Date.now() / 1000) * 1000;
  await writeEmmett(paths.store);
  await writeEmmett(paths.archived, { archiveCart: true });
  await writeEmmett(paths.broken, { badRow: true });
  writtenTo = Date.now();
  before = folderFingerprint(folder.path);
});
afterAll(() => {
  expect(folderFingerprint(folder.path)).toEqual(before);
  folder.remove();
});

const EXPECTED = [
  { position: 1, stream: 'account-1', version: 1, type: 'AccountOpened' },
  { position: 2, stream: 'account-1', version: 2, type: 'MoneyDeposited' },
  { position: 3, stream: 'user-1', version: 1, type: 'UserRegistered' },
  // Global position 4 is the command, left out.
  { position: 5, stream: 'account-1', version: 4, type: 'MoneyWithdrawn' },
  { position: 6, stream: 'cart-9', version: 1, type: 'CartOpened' },
];

describe('emmett', () => {
  it('reads the events the real client wrote, leaving commands out', async () => {
    const journal = await readStore(paths.store);
    expect(journal.format).toBe('emmett');
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.findings.list.map((f) => f.message)).toEqual([
      "emmett.db: 1 command (message_kind 'C') left out: commands are not events; they still count in their stream's positions.",
    ]);
    for (const event of journal.events) {
      expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      const written = Date.parse(event.time!);
      expect(written).toBeGreaterThanOrEqual(writtenFrom);
      expect(written).toBeLessThanOrEqual(writtenTo);
    }
  });

  it('keeps data as appended and the metadata Emmett adds', async () => {
    const { events } = await readStore(paths.store);
    expect(events.map((e) => e.data)).toEqual([{ owner: 'ada', balance: 0 }, { amount: 100 }, { name: 'Ada', tags: ['vip'] }, { amount: 60 }, {}]);
    expect(events[0]!.metadata).toMatchObject({ streamName: 'account-1', streamPosition: '1', correlationId: 'c-1' });
    expect((events[0]!.metadata as { messageId: string }).messageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes message_id, the id Emmett also writes into the metadata as messageId, as the event id', async () => {
    const { events } = await readStore(paths.store);
    expect(events.map((e) => e.id)).toEqual(events.map((e) => (e.metadata as { messageId: string }).messageId));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('keeps events of archived streams and says so', async () => {
    const journal = await readStore(paths.archived);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.findings.list.map((f) => f.message)).toContain('archived.db: 1 event belongs to archived streams (is_archived); shown with the rest.');
  });

  it('keeps an event whose data does not parse, with a finding naming its row', async () => {
    const journal = await readStore(paths.broken);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.events[2]!.data).toBe('{"name": "Ada", ');
    expect(journal.findings.list[0]!.message).toMatch(/^broken\.db row 3 of emt_messages: the data looks like JSON but does not parse/);
  });

  it('offers an in-place SELECT giving the same events as the import', async () => {
    const { events } = await readStore(paths.store);
    const rows = inPlaceRows(paths.store, emmett).sort((a, b) => Number(a.position) - Number(b.position));
    expect(rows.map(({ position, stream, version, type }) => ({ position, stream, version, type }))).toEqual(identities(events));
    expect(rows.map((r) => JSON.parse(String(r.data)))).toEqual(events.map((e) => e.data));
    expect(rows.map((r) => r.id)).toEqual(events.map((e) => e.id));
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlStreamStore } from '../../electron/readers/formats/sqlite/sql-stream-store.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';
import { ORDER_GUID, writeSqlStreamStore } from '../support/stores/sql-stream-store.js';
import { identities, inPlaceRows, readStore } from '../support/stores/read.js';

const folder = tempFolder();
const paths = {
  store: join(folder.path, 'streams.sqlite'),
  broken: join(folder.path, 'broken.sqlite'),
};
let before: Record<string, string>;

beforeAll(() => {
  writeSqlStreamStore(paths.store);
  writeSqlStreamStore(paths.broken, { badRow: true });
  before = folderFingerprint(folder.path);
});
afterAll(() => {
  expect(folderFingerprint(folder.path)).toEqual(before);
  folder.remove();
});

// Streams by their original ids (not the SHA-1 in streams.id); positions and versions from 0 as the store keeps them.
const EXPECTED = [
  { position: 0, stream: 'account-1', version: 0, type: 'AccountOpened' },
  { position: 1, stream: '$$account-1', version: 0, type: '$stream-metadata' },
  { position: 2, stream: ORDER_GUID, version: 0, type: 'OrderPlaced' },
  { position: 3, stream: 'account-1', version: 1, type: 'MoneyDeposited' },
];

describe('sql-stream-store', () => {
  it('reads messages under the original stream ids, metadata streams included', async () => {
    const journal = await readStore(paths.store);
    expect(journal.format).toBe('sql-stream-store');
    expect(journal.findings.list).toEqual([]);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.events.map((e) => e.time)).toEqual(['2026-01-05T09:00:00.250Z', '2026-01-05T09:00:01.000Z', '2026-01-05T09:10:00.000Z', '2026-01-06T12:00:00.123Z']);
    expect(journal.events[0]!.data).toEqual({ owner: 'ada' });
    expect(journal.events[0]!.metadata).toEqual({ user: 'clerk' });
    expect(journal.events[1]!.data).toEqual({ StreamId: 'account-1', MaxAge: null, MaxCount: 100, MetaJson: null });
  });

  it('takes the message event_id as the event id', async () => {
    const { events } = await readStore(paths.store);
    expect(events.map((e) => e.id)).toEqual([0, 1, 2, 3].map((n) => `9b7a6c50-0000-4000-8000-00000000000${n}`));
  });

  it('keeps a message whose data does not parse, with a finding naming its row', async () => {
    const journal = await readStore(paths.broken);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.findings.list).toHaveLength(1);
    expect(journal.findings.list[0]!.message).toMatch(/^broken\.sqlite row 2 of messages: the data looks like JSON but does not parse/);
  });

  it('offers an in-place SELECT giving the same events as the import', async () => {
    const { events } = await readStore(paths.store);
    const rows = inPlaceRows(paths.store, sqlStreamStore).sort((a, b) => Number(a.position) - Number(b.position));
    expect(rows.map(({ position, stream, version, type }) => ({ position, stream, version, type }))).toEqual(identities(events));
    expect(rows.map((r) => r.id)).toEqual(events.map((e) => e.id));
  });
});

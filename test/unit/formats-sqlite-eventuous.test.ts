import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventuous } from '../../electron/readers/formats/sqlite/eventuous.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';
import { writeEventuous } from '../support/stores/eventuous.js';
import { identities, inPlaceRows, readStore } from '../support/stores/read.js';

const folder = tempFolder();
const paths = {
  store: join(folder.path, 'bookings.db'),
  schema: join(folder.path, 'hotel.db'),
  broken: join(folder.path, 'broken.db'),
};
let before: Record<string, string>;

beforeAll(() => {
  writeEventuous(paths.store);
  writeEventuous(paths.schema, { prefix: 'hotel' });
  writeEventuous(paths.broken, { badRow: true });
  before = folderFingerprint(folder.path);
});
afterAll(() => {
  expect(folderFingerprint(folder.path)).toEqual(before);
  folder.remove();
});

// Eventuous numbers stream positions from 0; they are kept.
const EXPECTED = [
  { position: 1, stream: 'Booking-1', version: 0, type: 'V1.RoomBooked' },
  { position: 2, stream: 'Booking-2', version: 0, type: 'V1.RoomBooked' },
  { position: 3, stream: 'Booking-1', version: 1, type: 'V1.PaymentRecorded' },
  { position: 4, stream: 'Booking-1', version: 2, type: 'V1.BookingFullyPaid' },
];

describe('eventuous', () => {
  it.each([
    ['the default schema', paths.store],
    ['a schema of its own name', paths.schema],
  ])('reads events with stream names joined from the streams table, under %s', async (_, path) => {
    const journal = await readStore(path);
    expect(journal.format).toBe('eventuous');
    expect(journal.findings.list).toEqual([]);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.events.map((e) => e.time)).toEqual(['2026-01-05T09:00:00.123Z', '2026-01-05T09:05:00.000Z', '2026-01-06T10:00:00.500Z', '2026-01-06T10:00:01.000Z']);
    expect(journal.events.map((e) => e.data)).toEqual([{ roomId: '101', price: 90.5 }, { roomId: '102', price: 120 }, { amount: 90.5 }, {}]);
    expect(journal.events.map((e) => e.metadata)).toEqual([{ $correlationId: 'c-1' }, null, { $correlationId: 'c-1', $causationId: 'm-1' }, {}]);
  });

  it('takes message_id as the event id', async () => {
    const { events } = await readStore(paths.store);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4].map((n) => `00000000-0000-0000-0000-00000000000${n}`));
  });

  it('keeps an event whose data does not parse, with a finding naming its row', async () => {
    const journal = await readStore(paths.broken);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.findings.list).toHaveLength(1);
    expect(journal.findings.list[0]!.message).toMatch(/^broken\.db row 2 of eventuous_messages: the data looks like JSON but does not parse/);
  });

  it('offers an in-place SELECT, with the join, giving the same events as the import', async () => {
    const { events } = await readStore(paths.store);
    const rows = inPlaceRows(paths.store, eventuous).sort((a, b) => Number(a.position) - Number(b.position));
    expect(rows.map(({ position, stream, version, type }) => ({ position, stream, version, type }))).toEqual(identities(events));
    expect(rows.map((r) => r.id)).toEqual(events.map((e) => e.id));
  });
});

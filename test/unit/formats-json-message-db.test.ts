import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageDb } from '../../electron/readers/formats/json/message-db.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { BANK_EVENTS, folderFingerprint, tempFolder } from '../support/fixtures.js';
import { axonRows } from '../support/exports/axon.js';
import { commandedRows } from '../support/exports/commanded.js';
import type { ContainerFiles } from '../support/exports/containers.js';
import { writeRowFiles } from '../support/exports/containers.js';
import { martenRows } from '../support/exports/marten.js';
import { messageDbRows } from '../support/exports/message-db.js';
import { essentials, readRecords, recordContext } from '../support/exports/record-context.js';

const rows = messageDbRows(BANK_EVENTS);
// Message DB numbers a stream's messages from 0.
const expected = BANK_EVENTS.map(({ stream, version, type, time, data }) => ({ stream, version: version - 1, type, time, data }));

describe('the message-db layout', () => {
  it('recognises messages rows by stream_name, position and global_position, and no other store', () => {
    expect(messageDb.matches(rows[0]!, 'lines')).toBe(true);
    expect(messageDb.matches({ streamName: 'a-1', position: 0, globalPosition: 1, type: 't', data: {} }, 'array')).toBe(true);
    for (const other of [martenRows(BANK_EVENTS)[0]!, commandedRows(BANK_EVENTS)[0]!, axonRows(BANK_EVENTS)[0]!, { stream: 'a', position: 1, type: 't' }]) {
      expect(messageDb.matches(other, 'lines')).toBe(false);
    }
  });

  it('maps stream_name, position (from 0), global_position and the zone-less UTC time', () => {
    const context = recordContext();
    const events = readRecords(messageDb, rows, context);
    expect(essentials(events)).toEqual(expected);
    expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The metadata is the store's metadata column, as the live store reads it; global_position, the store's
    // position, is among the other fields under the live store's name: the digest leaves positions out, extra does not.
    expect(events.map((e) => e.metadata)).toEqual(BANK_EVENTS.map((e) => e.metadata ?? null));
    expect(events.map((e) => e.extra)).toEqual(rows.map((row) => ({ position: row.global_position })));
    expect(context.findings.total).toBe(0);
  });

  it('keeps a time finer than the millisecond among the other fields, written as the live store writes it', () => {
    const [event] = readRecords(messageDb, [{ ...rows[0]!, time: '2026-01-05T09:00:00.1234' }]);
    expect(event!.time).toBe('2026-01-05T09:00:00.123Z');
    expect(event!.extra).toEqual({ position: 1, time: '2026-01-05T09:00:00.123400Z' });
    // Milliseconds say all there is; another writing is kept as written.
    expect(readRecords(messageDb, [{ ...rows[0]!, time: '2026-01-05T09:00:00.123' }])[0]!.extra).toEqual({ position: 1 });
    expect(readRecords(messageDb, [{ ...rows[0]!, time: '2026-01-05 09:00:00.123456+00' }])[0]!.extra).toEqual({ position: 1, time: '2026-01-05 09:00:00.123456+00' });
  });

  it('keeps what no field holds among the other fields: a version that is no number, a column of its own', () => {
    const [event] = readRecords(messageDb, [{ ...rows[6]!, position: 'six', tenant: 't-1' }]);
    expect(event!.metadata).toEqual({ actor: 'admin' });
    expect(event!.extra).toEqual({ position: 7, version: 'six', tenant: 't-1' });
    // A column named as an object's prototype is a member like any other.
    const [odd] = readRecords(messageDb, [JSON.parse(JSON.stringify(rows[0]!).replace('{', '{"__proto__":{"x":1},')) as Record<string, unknown>]);
    expect(Object.getPrototypeOf(odd!.extra)).toBe(Object.prototype);
    expect(Object.hasOwn(odd!.extra!, '__proto__')).toBe(true);
  });

  it('takes the id column (the message uuid) as the event id', () => {
    expect(readRecords(messageDb, rows).map((e) => e.id)).toEqual(rows.map((row) => row.id));
  });

  it('parses data and metadata exported as JSON text', () => {
    const context = recordContext();
    const events = readRecords(messageDb, messageDbRows(BANK_EVENTS, { jsonAsText: true }), context);
    expect(essentials(events)).toEqual(expected);
    expect(events[6]!.metadata).toEqual({ actor: 'admin' });
    expect(context.findings.total).toBe(0);
  });

  it('takes global positions and versions printed as strings (bigint)', () => {
    const events = readRecords(messageDb, [{ ...rows[0]!, global_position: '9007199254740', position: '3' }]);
    expect([events[0]!.position, events[0]!.version]).toEqual([9007199254740, 3]);
    // The number, as the live store gives it.
    expect(events[0]!.extra).toEqual({ position: 9007199254740 });
  });
});

describe('reading Message DB exports end to end', () => {
  const folder = tempFolder('eventlens-message-db-');
  let files: ContainerFiles = {};
  let before: Record<string, string>;
  beforeAll(() => {
    files = writeRowFiles(folder.path, 'messages', rows);
    before = folderFingerprint(folder.path);
  });
  afterAll(() => {
    expect(folderFingerprint(folder.path)).toEqual(before);
    folder.remove();
  });

  for (const container of ['array', 'array .gz', 'array gzip unnamed', 'lines', 'lines .gz', 'lines gzip unnamed', 'object', 'object .gz', 'object gzip unnamed']) {
    it(`reads messages rows (${container})`, async () => {
      const journal = await readJournal(files[container]!);
      expect(journal.format).toBe('message-db');
      const count = container.startsWith('object') ? 1 : 7;
      expect(essentials(journal.events)).toEqual(expected.slice(0, count));
      expect(journal.findings.total).toBe(0);
    });
  }
});

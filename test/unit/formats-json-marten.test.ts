import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marten } from '../../electron/readers/formats/json/marten.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { BANK_EVENTS, folderFingerprint, tempFolder } from '../support/fixtures.js';
import { axonRows } from '../support/exports/axon.js';
import { commandedRows } from '../support/exports/commanded.js';
import type { ContainerFiles } from '../support/exports/containers.js';
import { writeRowFiles } from '../support/exports/containers.js';
import { martenRows } from '../support/exports/marten.js';
import { messageDbRows } from '../support/exports/message-db.js';
import { essentials, readRecords, recordContext } from '../support/exports/record-context.js';

const rows = martenRows(BANK_EVENTS);
const expected = BANK_EVENTS.map(({ stream, version, type, time, data }) => ({ stream, version, type, time, data }));

describe('the marten layout', () => {
  it('recognises mt_events rows by their columns, in SQL or ORM spelling, and no other store', () => {
    expect(marten.matches(rows[0]!, 'array')).toBe(true);
    expect(marten.matches({ SeqId: 1, StreamId: 'a', Version: 1, Data: {}, Type: 't', TenantId: '*DEFAULT*' }, 'lines')).toBe(true);
    for (const other of [messageDbRows(BANK_EVENTS)[0]!, commandedRows(BANK_EVENTS)[0]!, axonRows(BANK_EVENTS)[0]!, { stream_id: 'a', version: 1, type: 't', data: {} }]) {
      expect(marten.matches(other, 'array')).toBe(false);
    }
  });

  it('maps stream_id, version, seq_id, type and timestamp; the other columns are metadata', () => {
    const context = recordContext();
    const events = readRecords(marten, rows, context);
    expect(essentials(events)).toEqual(expected);
    expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[6]!.metadata).toEqual({
      id: rows[6]!.id,
      tenant_id: '*DEFAULT*',
      mt_dotnet_type: 'Bank.Events.UserUpdated, Bank',
      correlation_id: null,
      causation_id: null,
      headers: { actor: 'admin' },
      is_archived: false,
      // The global position, kept as written: the digest leaves positions out, the record does not.
      seq_id: rows[6]!.seq_id,
    });
    expect(context.findings.total).toBe(0);
  });

  it('takes the id column (the event Guid) as the event id, in SQL or ORM spelling', () => {
    expect(readRecords(marten, rows).map((e) => e.id)).toEqual(rows.map((row) => row.id));
    const orm = rows.map(({ seq_id, id, stream_id, version, data, type, timestamp, tenant_id }) => ({
      SeqId: seq_id, Id: id, StreamId: stream_id, Version: version, Data: data, Type: type, Timestamp: timestamp, TenantId: tenant_id,
    }));
    expect(readRecords(marten, orm).map((e) => e.id)).toEqual(rows.map((row) => row.id));
  });

  it('parses jsonb columns exported as text, string payloads included', () => {
    const context = recordContext();
    const events = readRecords(marten, martenRows(BANK_EVENTS, { jsonAsText: true }), context);
    expect(essentials(events)).toEqual(expected);
    expect((events[6]!.metadata as Record<string, unknown>).headers).toEqual({ actor: 'admin' });
    expect(context.findings.total).toBe(0);
  });

  it('reports broken JSON text naming the column', () => {
    const context = recordContext('mt_events.json');
    const events = readRecords(marten, [{ ...rows[0]!, data: '{"owner":', headers: '[1,' }], context);
    expect(events[0]!.data).toBe('{"owner":');
    expect(context.findings.list.map((f) => f.message)).toEqual([
      expect.stringMatching(/^mt_events\.json item 1: the data looks like JSON but does not parse/),
      expect.stringMatching(/^mt_events\.json item 1: the headers looks like JSON but does not parse/),
    ]);
  });
});

describe('reading Marten exports end to end', () => {
  const folder = tempFolder('eventlens-marten-');
  let files: ContainerFiles = {};
  let before: Record<string, string>;
  beforeAll(() => {
    files = writeRowFiles(folder.path, 'mt_events', rows);
    before = folderFingerprint(folder.path);
  });
  afterAll(() => {
    expect(folderFingerprint(folder.path)).toEqual(before);
    folder.remove();
  });

  for (const container of ['array', 'array .gz', 'array gzip unnamed', 'lines', 'lines .gz', 'lines gzip unnamed', 'object', 'object .gz', 'object gzip unnamed']) {
    it(`reads mt_events rows (${container})`, async () => {
      const journal = await readJournal(files[container]!);
      expect(journal.format).toBe('marten');
      const count = container.startsWith('object') ? 1 : 7;
      expect(essentials(journal.events)).toEqual(expected.slice(0, count));
      expect(journal.events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7].slice(0, count));
      expect(journal.findings.total).toBe(0);
    });
  }
});

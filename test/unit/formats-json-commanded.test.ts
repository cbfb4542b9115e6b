import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commanded } from '../../electron/readers/formats/json/commanded.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { BANK_EVENTS, folderFingerprint, tempFolder } from '../support/fixtures.js';
import { axonRows } from '../support/exports/axon.js';
import { commandedJoinRows, commandedRows } from '../support/exports/commanded.js';
import type { ContainerFiles } from '../support/exports/containers.js';
import { writeRowFiles } from '../support/exports/containers.js';
import { martenRows } from '../support/exports/marten.js';
import { messageDbRows } from '../support/exports/message-db.js';
import { essentials, readRecords, recordContext } from '../support/exports/record-context.js';

const rows = commandedRows(BANK_EVENTS);
const expected = BANK_EVENTS.map(({ stream, version, type, time, data }) => ({ stream, version, type, time, data }));

describe('the commanded layout', () => {
  it('recognises events joined to their streams, and no other store', () => {
    expect(commanded.matches(rows[0]!, 'array')).toBe(true);
    expect(commanded.matches(commandedJoinRows(BANK_EVENTS, new Map([['account-1', 1]]))[0]!, 'array')).toBe(true);
    for (const other of [martenRows(BANK_EVENTS)[0]!, messageDbRows(BANK_EVENTS)[0]!, axonRows(BANK_EVENTS)[0]!, { event_id: 'x', event_type: 't', stream_id: 's', data: {} }]) {
      expect(commanded.matches(other, 'array')).toBe(false);
    }
  });

  it('reads a $all export: stream_uuid, original_stream_version as version, stream_version as position, bytea decoded', () => {
    const context = recordContext();
    const events = readRecords(commanded, rows, context);
    expect(essentials(events)).toEqual(expected);
    expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[6]!.metadata).toEqual({ event_id: rows[6]!.event_id, correlation_id: null, causation_id: null, metadata: { actor: 'admin' }, stream_version: rows[6]!.stream_version });
    expect(context.findings.total).toBe(0);
  });

  it('takes event_id as the event id, in a $all export and in a bare join', () => {
    expect(readRecords(commanded, rows).map((e) => e.id)).toEqual(rows.map((row) => row.event_id));
    const join = commandedJoinRows(BANK_EVENTS, new Map([['account-1', 1], ['user-1', 2], ['account-2', 3]]));
    expect(readRecords(commanded, join).map((e) => e.id)).toEqual(join.map((row) => row.event_id));
  });

  it('reads jsonb data and metadata as they are', () => {
    const context = recordContext();
    expect(essentials(readRecords(commanded, commandedRows(BANK_EVENTS, { jsonb: true }), context))).toEqual(expected);
    expect(context.findings.total).toBe(0);
  });

  it('reads a bare join without the streams table: the integer stream id, stream_version as version', () => {
    const ids = new Map([['account-1', 1], ['user-1', 2], ['account-2', 3]]);
    const events = readRecords(commanded, commandedJoinRows(BANK_EVENTS, ids));
    expect(essentials(events)).toEqual(expected.map((e) => ({ ...e, stream: String(ids.get(e.stream)) })));
    expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('shows bytea that is not UTF-8 as a placeholder, with a finding', () => {
    const context = recordContext('events.json');
    const events = readRecords(commanded, [{ ...rows[0]!, data: '\\x83680264000b' }], context);
    expect(events[0]!.data).toBe('<6 bytes of binary data>');
    expect(context.findings.list).toEqual([expect.objectContaining({ kind: 'undecodable-payload', message: expect.stringContaining('events.json item 1: the data is binary') })]);
  });
});

describe('reading Commanded exports end to end', () => {
  const folder = tempFolder('eventlens-commanded-');
  let files: ContainerFiles = {};
  let before: Record<string, string>;
  beforeAll(() => {
    files = writeRowFiles(folder.path, 'events', rows);
    before = folderFingerprint(folder.path);
  });
  afterAll(() => {
    expect(folderFingerprint(folder.path)).toEqual(before);
    folder.remove();
  });

  for (const container of ['array', 'array .gz', 'array gzip unnamed', 'lines', 'lines .gz', 'lines gzip unnamed', 'object', 'object .gz', 'object gzip unnamed']) {
    it(`reads events rows (${container})`, async () => {
      const journal = await readJournal(files[container]!);
      expect(journal.format).toBe('commanded');
      const count = container.startsWith('object') ? 1 : 7;
      expect(essentials(journal.events)).toEqual(expected.slice(0, count));
      expect(journal.findings.total).toBe(0);
    });
  }
});

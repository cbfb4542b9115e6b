import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudEvents, cloudEventStream } from '../../electron/readers/formats/json/cloudevents.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { BANK_EVENTS, folderFingerprint, tempFolder } from '../support/fixtures.js';
import { binaryCloudEventBody, cloudEventBatch, cloudEventBodies, LEDGER_SOURCE } from '../support/exports/cloudevents.js';
import type { ContainerFiles } from '../support/exports/containers.js';
import { writeObjectFiles, writeRecordFiles } from '../support/exports/containers.js';
import { essentials, readRecords, recordContext } from '../support/exports/record-context.js';

const bodies = cloudEventBodies(BANK_EVENTS);
const batch = cloudEventBatch(bodies) as Record<string, unknown>[];
const expected = BANK_EVENTS.map(({ stream, version, type, time, data }) => ({ stream: `${LEDGER_SOURCE}#${stream}`, version, type, time, data }));

function event(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { specversion: '1.0', id: 'e-1', source: '/bank', subject: 'account-9', type: 'opened', time: '2026-01-05T09:00:00Z', data: { owner: 'ada' }, ...extra };
}

describe('the cloudevents layout', () => {
  it('recognises CloudEvents 1.0 and 0.3 in every container, and nothing else', () => {
    for (const container of ['array', 'lines', 'object'] as const) {
      expect(cloudEvents.matches(batch[0]!, container)).toBe(true);
      expect(cloudEvents.matches(event({ specversion: '0.3' }), container)).toBe(true);
      expect(cloudEvents.matches(event({ specversion: '0.2' }), container)).toBe(false);
      expect(cloudEvents.matches({ stream: 'a', type: 't', data: {} }, container)).toBe(false);
    }
    const { id: _id, ...withoutId } = event();
    expect(cloudEvents.matches(withoutId, 'lines')).toBe(false);
  });

  it('maps SDK-made events: source#subject, sequence as version, other attributes as metadata', () => {
    const context = recordContext();
    const events = readRecords(cloudEvents, batch, context);
    expect(essentials(events)).toEqual(expected);
    expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[0]!.metadata).toEqual({ id: 'evt-1', specversion: '1.0', sequence: '1' });
    expect(events[6]!.metadata).toEqual({ id: 'evt-7', specversion: '1.0', sequence: '2', actor: 'admin' });
    expect(context.findings.total).toBe(0);
  });

  it('takes the id attribute as the event id', () => {
    const events = readRecords(cloudEvents, batch);
    expect(events.map((e) => e.id)).toEqual(['evt-1', 'evt-2', 'evt-3', 'evt-4', 'evt-5', 'evt-6', 'evt-7']);
    // An id written as a number (against the spec, which asks for a string) still reads as its digits.
    expect(readRecords(cloudEvents, [event({ id: 42 })]).map((e) => e.id)).toEqual(['42']);
  });

  it('joins source and subject so that different pairs never read alike', () => {
    expect(cloudEventStream('https://library.example', '/books/42')).toBe('https://library.example#/books/42');
    expect(cloudEventStream('/bank', undefined)).toBe('/bank');
    expect(cloudEventStream('/bank/a', 'b')).not.toBe(cloudEventStream('/bank', 'a/b'));
  });

  it('reads digit sequences as numbers, zero-padded or not', () => {
    const events = readRecords(cloudEvents, [event({ sequence: '0009' }), event({ sequence: '10' })]);
    expect(events.map((e) => e.version)).toEqual([9, 10]);
  });

  it('counts versions in file order when there is no sequence, or one that is not digits (noted once per file)', () => {
    const context = recordContext('feed.ndjson');
    const records = [event({ sequence: 'b-1' }), event({ subject: 'other' }), event({ sequence: 'b-2' }), event()];
    expect(readRecords(cloudEvents, records, context).map((e) => [e.stream, e.version])).toEqual([
      ['/bank#account-9', 1],
      ['/bank#other', 1],
      ['/bank#account-9', 2],
      ['/bank#account-9', 3],
    ]);
    expect(context.findings.list).toEqual([
      expect.objectContaining({ severity: 'info', kind: 'sequence-not-a-number', place: 'item 1', message: expect.stringContaining('feed.ndjson item 1: the sequence "b-1" is not a number') }),
    ]);
  });

  it('decodes data_base64: JSON content as JSON, text as text, bytes kept as their base64 with a finding', () => {
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const context = recordContext();
    const records = [
      event({ data: undefined, data_base64: base64('{"amount":5}'), datacontenttype: 'application/json' }),
      event({ data: undefined, data_base64: base64('{"amount":6}') }),
      event({ data: undefined, data_base64: base64('hello, ledger'), datacontenttype: 'text/plain' }),
      JSON.parse(binaryCloudEventBody(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]), 'application/pdf')) as Record<string, unknown>,
    ];
    const events = readRecords(cloudEvents, records, context);
    expect(events.map((e) => e.data)).toEqual([{ amount: 5 }, { amount: 6 }, 'hello, ledger', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]).toString('base64')]);
    // The bytes as written stay in metadata: data carried as data_base64 is not the same record as data written out.
    expect(events[3]!.metadata).toEqual({ id: 'blob-1', specversion: '1.0', datacontenttype: 'application/pdf', data_base64: (records[3] as { data_base64: string }).data_base64 });
    expect(events[0]!.metadata).toMatchObject({ data_base64: base64('{"amount":5}') });
    expect(context.findings.list).toEqual([
      expect.objectContaining({ severity: 'info', kind: 'binary-payload', place: 'item 4', message: expect.stringContaining('6 bytes of application/pdf') }),
    ]);
  });

  it('reports data_base64 that is not base64, or not the JSON its content type promises', () => {
    const context = recordContext();
    const records = [
      event({ data: undefined, data_base64: 'not base64!', datacontenttype: 'application/json' }),
      event({ data: undefined, data_base64: Buffer.from('{broken').toString('base64'), datacontenttype: 'application/cloudevents-payload+json; charset=utf-8' }),
    ];
    expect(readRecords(cloudEvents, records, context).map((e) => e.data)).toEqual(['not base64!', '{broken']);
    expect(context.findings.list.map((f) => [f.kind, f.place, f.severity])).toEqual([
      ['undecodable-payload', 'item 1', 'warning'],
      ['undecodable-payload', 'item 2', 'warning'],
    ]);
    expect(context.findings.list[0]!.message).toContain('export.json item 1: the data in data_base64 is not base64; shown as written.');
  });

  // Found by readers-fuzz-formats: String() on this content type threw a TypeError, which stopped the reading of the
  // file at that record ("could not be read to the end").
  it('names a content type that is no string as JSON, even one with a "toString" member of its own', () => {
    const context = recordContext();
    const datacontenttype = JSON.parse('{"toString": 1}') as unknown;
    const events = readRecords(cloudEvents, [event({ data: undefined, data_base64: 'AAEC', datacontenttype }), event({ id: 'e-2' })], context);
    expect(events.map((e) => e.data)).toEqual(['AAEC', { owner: 'ada' }]);
    expect(context.findings.list.map((f) => f.message)).toEqual(['export.json item 1: the data in data_base64 is 3 bytes of {"toString":1}, not text; kept as the base64 text it is.']);
  });

  it('reads CloudEvents 0.3: data flagged base64 by datacontentencoding is decoded, the flag kept', () => {
    const context = recordContext();
    const encoded = Buffer.from('{"much":"wow"}').toString('base64');
    const [read] = readRecords(cloudEvents, [event({ specversion: '0.3', data: encoded, datacontentencoding: 'base64', schemaurl: 'https://schema' })], context);
    expect(read!.data).toEqual({ much: 'wow' });
    expect(read!.metadata).toEqual({ specversion: '0.3', id: 'e-1', datacontentencoding: 'base64', schemaurl: 'https://schema' });
    expect(context.findings.total).toBe(0);
  });

  it('keeps a time finer than the millisecond as written, in metadata', () => {
    const [read] = readRecords(cloudEvents, [event({ time: '2026-01-05T09:00:00.123456Z' })]);
    expect(read!.time).toBe('2026-01-05T09:00:00.123Z');
    expect(read!.metadata).toEqual({ specversion: '1.0', id: 'e-1', time: '2026-01-05T09:00:00.123456Z' });
  });

  it('keeps data of non-JSON content types exactly as written', () => {
    const context = recordContext();
    const events = readRecords(cloudEvents, [event({ data: '[INFO] {started', datacontenttype: 'text/plain' }), event({ data: '<a/>', datacontenttype: 'application/xml' })], context);
    expect(events.map((e) => e.data)).toEqual(['[INFO] {started', '<a/>']);
    expect(context.findings.total).toBe(0);
  });

  it('keeps EventSourcingDB hash-chain members, with every attribute the hash covers, and leaves out events without a source', () => {
    const context = recordContext();
    const records = [event({ hash: 'ab12', predecessorhash: '0000', time: '2026-01-05T09:00:00.123456789Z' }), event({ source: '' })];
    const events = readRecords(cloudEvents, records, context);
    expect(events).toHaveLength(1);
    // The raw time string stays in metadata (the hash covers it as written); the event's time is normalized.
    expect(events[0]!.metadata).toEqual({
      specversion: '1.0',
      id: 'e-1',
      source: '/bank',
      subject: 'account-9',
      type: 'opened',
      time: '2026-01-05T09:00:00.123456789Z',
      hash: 'ab12',
      predecessorhash: '0000',
    });
    expect(events[0]!.data).toEqual({ owner: 'ada' });
    expect(context.findings.list).toEqual([expect.objectContaining({ kind: 'missing-field', place: 'item 2' })]);
  });
});

describe('reading CloudEvents exports end to end', () => {
  const folder = tempFolder('eventlens-cloudevents-');
  let files: ContainerFiles = {};
  let before: Record<string, string>;
  beforeAll(() => {
    files = { ...writeObjectFiles(folder.path, 'single', batch[0]), ...writeRecordFiles(folder.path, 'bank', batch) };
    before = folderFingerprint(folder.path);
  });
  afterAll(() => {
    expect(folderFingerprint(folder.path)).toEqual(before);
    folder.remove();
  });

  it('writes every container', () => {
    expect(Object.keys(files).sort()).toEqual(
      ['array', 'array .gz', 'array gzip unnamed', 'lines', 'lines .gz', 'lines gzip unnamed', 'object', 'object .gz', 'object gzip unnamed'].sort(),
    );
  });

  for (const container of ['object', 'object .gz', 'object gzip unnamed']) {
    it(`reads a single event (${container})`, async () => {
      const journal = await readJournal(files[container]!);
      expect(journal.format).toBe('cloudevents');
      expect(essentials(journal.events)).toEqual(expected.slice(0, 1));
      expect(journal.findings.total).toBe(0);
    });
  }

  for (const container of ['array', 'array .gz', 'array gzip unnamed', 'lines', 'lines .gz', 'lines gzip unnamed']) {
    it(`reads a batch (${container})`, async () => {
      const journal = await readJournal(files[container]!);
      expect(journal.format).toBe('cloudevents');
      expect(essentials(journal.events)).toEqual(expected);
      expect(journal.events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(journal.events[6]!.metadata).toEqual({ id: 'evt-7', specversion: '1.0', sequence: '2', actor: 'admin' });
      expect(journal.findings.total).toBe(0);
    });
  }
});

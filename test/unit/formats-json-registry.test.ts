import { describe, expect, it } from 'vitest';
import { genericJson } from '../../electron/readers/formats/generic-json.js';
import { JSON_LAYOUTS } from '../../electron/readers/formats/json-layouts.js';
import type { Container } from '../../electron/readers/formats/types.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import { axonRows } from '../support/exports/axon.js';
import { binaryCloudEventBody, cloudEventBatch, cloudEventBodies } from '../support/exports/cloudevents.js';
import { commandedJoinRows, commandedRows } from '../support/exports/commanded.js';
import { atomEventReadEntries, atomEventReads, atomFeedPage } from '../support/exports/eventstoredb-atom.js';
import { martenRows } from '../support/exports/marten.js';
import { messageDbRows } from '../support/exports/message-db.js';
import { readRecords, recordContext } from '../support/exports/record-context.js';
import { historyEvents } from '../support/exports/temporal-history.js';

const FIRST_RECORDS: [string, Record<string, unknown>][] = [
  ['cloudevents', cloudEventBatch(cloudEventBodies(BANK_EVENTS))[0] as Record<string, unknown>],
  ['eventstoredb-atom', atomFeedPage(BANK_EVENTS).entries[0]!],
  ['eventstoredb-atom', atomEventReads(BANK_EVENTS)[0]!],
  ['eventstoredb-atom', atomEventReadEntries(BANK_EVENTS)[0]!],
  ['temporal-history', historyEvents()[0]!],
  ['marten', martenRows(BANK_EVENTS)[0]!],
  ['message-db', messageDbRows(BANK_EVENTS)[0]!],
  ['commanded', commandedRows(BANK_EVENTS)[0]!],
  ['commanded', commandedJoinRows(BANK_EVENTS, new Map([['account-1', 1]]))[0]!],
  ['axon', axonRows(BANK_EVENTS)[0]!],
  ['axon', axonRows(BANK_EVENTS, { snakeCase: true })[0]!],
  // The generic fixtures' own shapes stay generic.
  ['json', { streamId: 'a', streamVersion: 1, eventType: 't', timestamp: '2026-01-05T09:00:00Z', payload: {}, metadata: null }],
  ['json', { stream: 'a', version: 1, type: 't', time: '2026-01-05T09:00:00Z', data: {} }],
];

describe('the JSON layout registry', () => {
  it('lists the store layouts before the generic one, which is last', () => {
    expect(JSON_LAYOUTS.map((layout) => layout.id)).toEqual(['eventsourcingdb', 'cloudevents', 'eventstoredb-atom', 'temporal-history', 'rails-event-store', 'marten', 'message-db', 'commanded', 'axon', 'json']);
  });

  it.each(FIRST_RECORDS)('gives a %s record to its own layout, in every container', (id, record) => {
    for (const container of ['array', 'lines', 'object'] as Container[]) {
      expect(JSON_LAYOUTS.find((layout) => layout.matches(record, container))?.id).toBe(id);
    }
  });

  it('matches no store layout on an empty record (an empty page falls to the generic reading)', () => {
    expect(JSON_LAYOUTS.filter((layout) => layout.matches({}, 'object')).map((layout) => layout.id)).toEqual(['json']);
  });
});

const EXPORTS: [string, Record<string, unknown>[]][] = [
  ['cloudevents', [...cloudEventBatch(cloudEventBodies(BANK_EVENTS)), JSON.parse(binaryCloudEventBody(new Uint8Array([0, 255]), 'image/png'))] as Record<string, unknown>[]],
  ['eventstoredb-atom', atomFeedPage(BANK_EVENTS).entries],
  ['eventstoredb-atom', atomEventReadEntries(BANK_EVENTS)],
  ['temporal-history', historyEvents({ workflowId: 'w-1', rawPayloads: true })],
  ['marten', martenRows(BANK_EVENTS, { jsonAsText: true })],
  ['message-db', messageDbRows(BANK_EVENTS)],
  ['commanded', commandedRows(BANK_EVENTS)],
  ['axon', axonRows(BANK_EVENTS, { serializer: 'xstream' })],
  ['json', BANK_EVENTS.map((event, i) => ({ eventId: `e-${i + 1}`, ...event }))],
];

describe('record payloads', () => {
  // The cache keeps a record's text and reads its data and metadata back later, one record alone: they must not
  // depend on the records before it.
  it.each(EXPORTS)('%s: data, metadata and the event id come from the record alone', (id, records) => {
    const layout = JSON_LAYOUTS.find((candidate) => candidate.id === id)!;
    const inSequence = readRecords(layout, records, recordContext('export.json'));
    const alone = records.map((record) => layout.toEvents(record, { description: 'record', order: 0 }, recordContext('export.json'))[0]);
    expect(alone.map((event) => [event?.data, event?.metadata, event?.id])).toEqual(inSequence.map((event) => [event.data, event.metadata, event.id]));
    // Every one of these exports names its events, so an id missing here would be lost, not absent.
    expect(inSequence.every((event) => typeof event.id === 'string' && event.id !== '')).toBe(true);
  });
});

describe('event ids of generic JSON events', () => {
  const read = (record: Record<string, unknown>) => readRecords(genericJson, [{ stream: 'account-1', type: 'opened', data: {}, ...record }])[0]!;

  it.each([
    ['event_id', { event_id: 'a-1' }, 'a-1'],
    ['eventId', { eventId: 'a-1' }, 'a-1'],
    ['messageId', { messageId: 'm-1' }, 'm-1'],
    ['EventIdentifier', { EventIdentifier: 'x-1' }, 'x-1'],
    ['uuid', { uuid: '6f1c2e3a-0000-4000-8000-000000000001' }, '6f1c2e3a-0000-4000-8000-000000000001'],
    ['a bare id', { id: 'e-9' }, 'e-9'],
    ['a numeric id, as its decimal text', { id: 12 }, '12'],
    ['event_id before a bare id', { id: 3, event_id: 'a-1' }, 'a-1'],
  ])('reads %s', (_, fields, id) => {
    expect(read(fields).id).toBe(id);
  });

  it.each([
    ['no id field', {}],
    ['an empty id', { id: '' }],
    ['an id that is an object', { id: { value: 1 } }],
    ['a null id', { event_id: null }],
  ])('gives no id for %s', (_, fields) => {
    expect(read(fields)).not.toHaveProperty('id');
  });

  it('takes no id from a field the map gives to another role (stream=id names the stream, not each event)', () => {
    const records = [{ id: 'acct-1', kind: 'opened', body: {} }, { id: 'acct-1', kind: 'closed', body: {} }];
    const events = readRecords(genericJson, records, recordContext('ledger.ndjson', { stream: 'id', type: 'kind', data: 'body' }));
    expect(events.map((e) => e.stream)).toEqual(['acct-1', 'acct-1']);
    for (const event of events) expect(event).not.toHaveProperty('id');
    // A map naming other fields leaves the id found by name.
    const named = readRecords(genericJson, [{ id: 'e-1', acct: 'acct-1', kind: 'opened' }], recordContext('ledger.ndjson', { stream: 'acct', type: 'kind' }));
    expect(named[0]!.id).toBe('e-1');
  });

  it('never lets the id take the stream: aggregate_id and stream_id stay streams beside an id', () => {
    expect(readRecords(genericJson, [{ id: 7, aggregate_id: 'cart-1', type: 't' }])[0]).toMatchObject({ stream: 'cart-1', id: '7' });
    expect(readRecords(genericJson, [{ id: 'e-1', stream_id: 's-1', type: 't' }])[0]).toMatchObject({ stream: 's-1', id: 'e-1' });
  });
});

describe('values a journal gives members named like methods', () => {
  // Found by readers-fuzz-formats: the bad-time finding wrote the time with String(), which threw a TypeError on this
  // object; the reading of the file stopped there ("could not be read to the end"), every later record lost.
  it('are data: a time {"toString": 1} is no date, said in a finding, and the events after it are read', () => {
    const context = recordContext('hostile.ndjson');
    const time = JSON.parse('{"toString": 1, "valueOf": 2}') as unknown;
    const events = readRecords(genericJson, [{ stream: 'a', type: 'opened', time }, { stream: 'a', type: 'closed', time: '2026-01-05T09:00:00Z' }], context);
    expect(events.map((e) => [e.type, e.time])).toEqual([
      ['opened', null],
      ['closed', '2026-01-05T09:00:00.000Z'],
    ]);
    expect(context.findings.list.map((f) => f.message)).toEqual(['hostile.ndjson item 1: the time "{\\"toString\\":1,\\"valueOf\\":2}" is not a date; shown without a time.']);
  });
});

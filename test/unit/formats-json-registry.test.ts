import { describe, expect, it } from 'vitest';
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
    expect(JSON_LAYOUTS.map((layout) => layout.id)).toEqual(['cloudevents', 'eventstoredb-atom', 'temporal-history', 'marten', 'message-db', 'commanded', 'axon', 'json']);
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
];

describe('record payloads', () => {
  // The cache keeps a record's text and reads its data and metadata back later, one record alone: they must not
  // depend on the records before it.
  it.each(EXPORTS)('%s: data and metadata come from the record alone', (id, records) => {
    const layout = JSON_LAYOUTS.find((candidate) => candidate.id === id)!;
    const inSequence = readRecords(layout, records, recordContext('export.json'));
    const alone = records.map((record) => layout.toEvents(record, { description: 'record', order: 0 }, recordContext('export.json'))[0]);
    expect(alone.map((event) => [event?.data, event?.metadata])).toEqual(inSequence.map((event) => [event.data, event.metadata]));
  });
});

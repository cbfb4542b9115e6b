import { describe, expect, it } from 'vitest';
import { JSON_LAYOUTS } from '../../electron/readers/formats/json-layouts.js';
import type { Container } from '../../electron/readers/formats/types.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import { axonRows } from '../support/exports/axon.js';
import { cloudEventBatch, cloudEventBodies } from '../support/exports/cloudevents.js';
import { commandedJoinRows, commandedRows } from '../support/exports/commanded.js';
import { atomEventReadEntries, atomEventReads, atomFeedPage } from '../support/exports/eventstoredb-atom.js';
import { martenRows } from '../support/exports/marten.js';
import { messageDbRows } from '../support/exports/message-db.js';
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

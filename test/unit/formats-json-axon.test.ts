import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axon } from '../../electron/readers/formats/json/axon.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { BANK_EVENTS, folderFingerprint, tempFolder } from '../support/fixtures.js';
import { axonPayloadType, axonRows } from '../support/exports/axon.js';
import { commandedRows } from '../support/exports/commanded.js';
import type { ContainerFiles } from '../support/exports/containers.js';
import { writeRowFiles } from '../support/exports/containers.js';
import { martenRows } from '../support/exports/marten.js';
import { messageDbRows } from '../support/exports/message-db.js';
import { essentials, readRecords, recordContext } from '../support/exports/record-context.js';

const rows = axonRows(BANK_EVENTS);
// Axon numbers an aggregate's events from 0 and types them by the payload's class.
const expected = BANK_EVENTS.map(({ stream, version, type, time, data }) => ({ stream, version: version - 1, type: axonPayloadType(type), time, data }));

describe('the axon layout', () => {
  it('recognises DomainEventEntry rows in JPA or Spring naming, and no other store', () => {
    expect(axon.matches(rows[0]!, 'array')).toBe(true);
    expect(axon.matches(axonRows(BANK_EVENTS, { snakeCase: true })[0]!, 'lines')).toBe(true);
    for (const other of [martenRows(BANK_EVENTS)[0]!, messageDbRows(BANK_EVENTS)[0]!, commandedRows(BANK_EVENTS)[0]!, { aggregate_id: 'a', sequence_number: 1, type: 't', payload: '{}' }]) {
      expect(axon.matches(other, 'array')).toBe(false);
    }
  });

  it('maps aggregateIdentifier, sequenceNumber, globalIndex, payloadType and timeStamp; Jackson JSON parsed', () => {
    const context = recordContext();
    const events = readRecords(axon, rows, context);
    expect(essentials(events)).toEqual(expected);
    expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[6]!.metadata).toEqual({ type: 'User', eventIdentifier: rows[6]!.eventIdentifier, metaData: { actor: 'admin' }, payloadRevision: null, globalIndex: rows[6]!.globalIndex });
    expect(context.findings.total).toBe(0);
  });

  it('takes eventIdentifier (event_identifier in Spring naming) as the event id', () => {
    expect(readRecords(axon, rows).map((e) => e.id)).toEqual(rows.map((row) => row.eventIdentifier));
    const snake = axonRows(BANK_EVENTS, { snakeCase: true });
    expect(readRecords(axon, snake).map((e) => e.id)).toEqual(snake.map((row) => row.event_identifier));
  });

  it('reads the snake_case columns and bytea payloads alike', () => {
    const context = recordContext();
    const events = readRecords(axon, axonRows(BANK_EVENTS, { snakeCase: true, asBytea: true }), context);
    expect(essentials(events)).toEqual(expected);
    expect((events[6]!.metadata as Record<string, unknown>).meta_data).toEqual({ actor: 'admin' });
    expect(context.findings.total).toBe(0);
  });

  it('keeps XStream XML as text, with one notice for the file', () => {
    for (const asBytea of [false, true]) {
      const context = recordContext('domain_event_entry.json');
      const events = readRecords(axon, axonRows(BANK_EVENTS, { serializer: 'xstream', asBytea }), context);
      expect(events[0]!.data).toBe('<com.example.bank.AccountOpened><owner>ada</owner><balance>0</balance><flags><vip>false</vip></flags></com.example.bank.AccountOpened>');
      expect((events[0]!.metadata as Record<string, unknown>).metaData).toBe('<meta-data/>');
      expect(context.findings.list).toEqual([
        expect.objectContaining({
          severity: 'info',
          kind: 'xml-payload',
          place: 'item 1',
          message: 'domain_event_entry.json item 1: the payload is XML (Axon\'s XStream serializer), not JSON; XML payloads are shown as text.',
        }),
      ]);
    }
  });
});

describe('reading Axon exports end to end', () => {
  const folder = tempFolder('eventlens-axon-');
  let jpa: ContainerFiles = {};
  let spring: ContainerFiles = {};
  let before: Record<string, string>;
  beforeAll(() => {
    jpa = writeRowFiles(folder.path, 'DomainEventEntry', rows);
    spring = writeRowFiles(folder.path, 'domain_event_entry', axonRows(BANK_EVENTS, { snakeCase: true, serializer: 'xstream' }));
    before = folderFingerprint(folder.path);
  });
  afterAll(() => {
    expect(folderFingerprint(folder.path)).toEqual(before);
    folder.remove();
  });

  for (const container of ['array', 'array .gz', 'array gzip unnamed', 'lines', 'lines .gz', 'lines gzip unnamed', 'object', 'object .gz', 'object gzip unnamed']) {
    it(`reads DomainEventEntry rows (${container})`, async () => {
      const count = container.startsWith('object') ? 1 : 7;
      const journal = await readJournal(jpa[container]!);
      expect(journal.format).toBe('axon');
      expect(essentials(journal.events)).toEqual(expected.slice(0, count));
      expect(journal.findings.total).toBe(0);
      const xml = await readJournal(spring[container]!);
      expect(xml.format).toBe('axon');
      expect(xml.events.map((e) => [e.stream, e.version, e.type])).toEqual(expected.slice(0, count).map((e) => [e.stream, e.version, e.type]));
      expect(xml.events.every((e) => typeof e.data === 'string' && e.data.startsWith('<'))).toBe(true);
      expect(xml.findings.list.map((f) => f.kind)).toEqual(['xml-payload']);
    });
  }
});

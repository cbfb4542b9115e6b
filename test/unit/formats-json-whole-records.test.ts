// Records read whole: a file whose records name no stream is one stream; a record's `name` is its type where it has
// no type field; every member no event field holds is kept in `extra`; RES pages and Atom pages without bodies.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventDigest } from '../../electron/audit/digest.js';
import { genericJson } from '../../electron/readers/formats/generic-json.js';
import { eventStoreAtom } from '../../electron/readers/formats/json/eventstoredb-atom.js';
import { railsEventStoreJson } from '../../electron/readers/formats/json/rails-event-store.js';
import { openStore } from '../../electron/store/open-store.js';
import type { JournalStore } from '../../electron/store/journal-store.js';
import { tempFolder } from '../support/fixtures.js';
import { readRecords, recordContext } from '../support/exports/record-context.js';

const folder = tempFolder('eventlens-records-');
const caches = tempFolder('eventlens-records-cache-');
const opened: JournalStore[] = [];
afterAll(() => {
  for (const store of opened) store.close();
  folder.remove();
  caches.remove();
});

async function open(name: string, text: string | Uint8Array): Promise<JournalStore> {
  writeFileSync(join(folder.path, name), text);
  const store = await openStore(join(folder.path, name), { cacheDir: caches.path, signal: new AbortController().signal, onProgress: () => {} });
  opened.push(store);
  return store;
}

function allEvents(store: JournalStore) {
  return store.readSelection({}, () => {});
}

describe('records read whole', () => {
  it('keeps every member no event field holds in extra, and counts it in the digest', () => {
    const record = { stream_id: 'a', version: 1, type: 't', data: { x: 1 }, metadata: { m: 1 }, tenant: 'acme', global_position: 7, created_at: '2026-01-05T09:00:00.000Z' };
    const [event] = readRecords(genericJson, [record]);
    expect(event!.extra).toEqual({ tenant: 'acme', global_position: 7 });
    const [other] = readRecords(genericJson, [{ ...record, tenant: 'acme2' }]);
    expect(eventDigest(other!)).not.toBe(eventDigest(event!));
    // A time finer than the millisecond, a version that is no number: kept as written, beside what the event shows.
    const [fine] = readRecords(genericJson, [{ ...record, created_at: '2026-01-05T09:00:00.000001Z', version: 'v1' }]);
    expect(fine!.extra).toEqual({ tenant: 'acme', global_position: 7, created_at: '2026-01-05T09:00:00.000001Z', version: 'v1' });
    // Nothing to keep: no extra member at all, so such events keep the digest they always had.
    const [plain] = readRecords(genericJson, [{ stream: 'a', type: 't', data: {} }]);
    expect(plain).not.toHaveProperty('extra');
  });

  it('reads a file whose records name no stream as one stream named after the file, name as the type', async () => {
    const store = await open('seed.ndjson', '{"name": "user_created", "data": {"id": 1, "name": "John Doe"}}\n{"name": "user_updated", "data": {"id": 1, "name": "Jane Doe"}}\n');
    expect(store.summary.format).toBe('ndjson');
    expect((await store.streams({})).map((s) => [s.stream, s.events, s.firstVersion, s.lastVersion])).toEqual([['seed', 2, 1, 2]]);
    const events = await allEvents(store);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['user_created', { id: 1, name: 'John Doe' }],
      ['user_updated', { id: 1, name: 'Jane Doe' }],
    ]);
    expect(store.summary.findings).toEqual([expect.objectContaining({ severity: 'info', kind: 'one-stream' })]);
  });

  it('still leaves out a record without a stream in a file whose records name theirs', async () => {
    const store = await open('mixed.ndjson', '{"stream":"a","type":"t","data":{}}\n{"type":"t","data":{}}\n');
    expect(store.summary.events).toBe(1);
    expect(store.summary.findings).toEqual([expect.objectContaining({ severity: 'error', kind: 'missing-field', place: 'line 2' })]);
  });

  it('reads Rails Event Store pages: YAML payloads, versions from 0, valid_at as the time, the rest kept', () => {
    const context = recordContext('page.json');
    context.builder.fileStream = 'page';
    const record = { event_id: 'e1', data: '---\n:one: 1\n', metadata: '---\n:correlation_id: c1\n', event_type: 'MyEvent', valid_at: '2018-04-07T12:30:00.000Z', timestamp: '2018-04-07T12:30:01.000Z' };
    expect(railsEventStoreJson.matches(record, 'object')).toBe(true);
    expect(railsEventStoreJson.matches({ event_id: 'e1', event_type: 'T', data: {}, stream_id: 's' }, 'lines')).toBe(false);
    const events = readRecords(railsEventStoreJson, [record, { ...record, event_id: 'e2' }], context);
    expect(events.map((e) => [e.stream, e.version, e.id, e.time, e.data, e.metadata, e.extra])).toEqual([
      ['page', 0, 'e1', '2018-04-07T12:30:00.000Z', { one: 1 }, { correlation_id: 'c1' }, { timestamp: '2018-04-07T12:30:01.000Z' }],
      ['page', 1, 'e2', '2018-04-07T12:30:00.000Z', { one: 1 }, { correlation_id: 'c1' }, { timestamp: '2018-04-07T12:30:01.000Z' }],
    ]);
  });

  it('reads an Atom page without bodies from its titles, with one notice saying how to get the bodies', () => {
    const context = recordContext('page.json');
    const entry = (n: number) => ({ title: `${n}@alphabet`, id: `http://h/streams/alphabet/${n}`, updated: `2018-08-21T09:53:46.86981${n}Z`, author: { name: 'Kurrent' }, summary: 'event-type', links: [] });
    const events = readRecords(eventStoreAtom, [entry(8), entry(7)], context);
    expect(events.map((e) => [e.stream, e.version, e.position, e.type, e.data])).toEqual([
      ['alphabet', 8, 8, 'event-type', null],
      ['alphabet', 7, 7, 'event-type', null],
    ]);
    expect(events[0]!.metadata).toEqual({ title: '8@alphabet', id: 'http://h/streams/alphabet/8', updated: '2018-08-21T09:53:46.869818Z', author: { name: 'Kurrent' }, summary: 'event-type', links: [] });
    expect(context.findings.list).toEqual([expect.objectContaining({ severity: 'info', kind: 'bodies-not-included', message: expect.stringContaining('?embed=body') })]);
  });
});

describe('a damaged record in a one-object document', () => {
  it('leaves the layout of the rest recognised: one finding, the other events read', async () => {
    const entry = (n: number, title = `${n}@alphabet`) => ({ title, id: `http://h/streams/alphabet/${n}`, updated: '2018-08-21T09:53:46.869Z', summary: 'event-type', links: [] });
    const store = await open('page.json', JSON.stringify({ streamId: 'alphabet', entries: [entry(9, '9?alphabet'), entry(8), entry(7)] }));
    expect(store.summary.format).toBe('eventstoredb-atom');
    expect(store.summary.events).toBe(2);
    expect(store.summary.findings.map((f) => [f.severity, f.kind, f.place])).toEqual([
      ['error', 'missing-field', 'item 1'],
      ['info', 'bodies-not-included', 'item 2'],
    ]);
  });
});

describe('a document read whole that is cut off', () => {
  // Found by readers-fuzz: a gzip cut after its first byte, "<", made opening fail with "Unexpected error".
  it('is refused with a message naming the file, for XML and for a binary history', async () => {
    const cutXml = gzipSync(Buffer.from('<feed xmlns="http://www.w3.org/2005/Atom"><entry>')).subarray(0, 12);
    await expect(open('cut.xml.gz', cutXml)).rejects.toMatchObject({ code: 'bad-format', message: expect.stringMatching(/^cut\.xml\.gz could not be read to its end/) });
    const binary = readFileSync(new URL('../../../shared/corpus/unsupported/temporal-cancel_fake_progress_history.bin', import.meta.url));
    await expect(open('cut.bin.gz', gzipSync(binary).subarray(0, 40))).rejects.toMatchObject({ code: 'bad-format', message: expect.stringContaining('cut.bin.gz') });
  });
});

describe('an array item behind a character JSON does not take as space', () => {
  // Found by readers-fuzz-formats: a vertical tab before the first item was cut as space when the item was read, but
  // not from the span the page reads back, so showing the events failed with "Unexpected token".
  it('is left out as not JSON, and the other items read and show', async () => {
    const rows = [
      { specversion: '1.0', id: 'a', source: '/s', subject: 'x', type: 't', data: { a: 1 } },
      { specversion: '1.0', id: 'b', source: '/s', subject: 'x', type: 't', data: { a: 2 } },
    ];
    const text = Buffer.from(JSON.stringify(rows, null, 2));
    text[1] = 0x0b;
    const store = await open('batch.json', text);
    expect((await allEvents(store)).map((e) => e.data)).toEqual([{ a: 2 }]);
    expect(store.summary.findings.map((f) => [f.kind, f.place])).toEqual([['not-json', 'item 1 (line 1)']]);
  });
});

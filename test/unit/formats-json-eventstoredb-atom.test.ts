import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/model.js';
import { eventStoreAtom } from '../../electron/readers/formats/json/eventstoredb-atom.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { BANK_EVENTS, folderFingerprint, tempFolder } from '../support/fixtures.js';
import type { ContainerFiles } from '../support/exports/containers.js';
import { writeObjectFiles, writeRecordFiles } from '../support/exports/containers.js';
import { atomEventReadEntries, atomEventReads, atomFeedPage, eventId } from '../support/exports/eventstoredb-atom.js';
import { essentials, readRecords, recordContext } from '../support/exports/record-context.js';

const page = atomFeedPage(BANK_EVENTS);
const expected = BANK_EVENTS.map(({ stream, version, type, time, data }) => ({ stream, version: version - 1, type, time, data }));

function byPosition(events: JournalEvent[]): JournalEvent[] {
  return [...events].sort((a, b) => a.position - b.position);
}

describe('the eventstoredb-atom layout', () => {
  it('recognises feed entries and single-event reads, bare or wrapped, and nothing else', () => {
    expect(eventStoreAtom.recordsKey).toBe('entries');
    expect(eventStoreAtom.matches(page.entries[0]!, 'object')).toBe(true);
    expect(eventStoreAtom.matches(atomEventReads(BANK_EVENTS)[0]!, 'lines')).toBe(true);
    expect(eventStoreAtom.matches(atomEventReadEntries(BANK_EVENTS)[0]!, 'array')).toBe(true);
    expect(eventStoreAtom.matches({ streamId: 's', eventType: 't', data: {} }, 'array')).toBe(false);
    expect(eventStoreAtom.matches({ specversion: '1.0', id: '1', source: '/s', type: 't' }, 'lines')).toBe(false);
  });

  it('puts a newest-first page oldest first by position, with data and metaData parsed from their strings', () => {
    const context = recordContext();
    const events = readRecords(eventStoreAtom, page.entries, context);
    expect(events.map((e) => e.position)).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(essentials(byPosition(events))).toEqual(expected);
    // Every member the event's fields do not hold, the Atom entry's own included (its time is the event's).
    const entry = page.entries.find((candidate) => candidate.positionEventNumber === 6)!;
    expect(byPosition(events)[6]!.metadata).toEqual({
      eventId: eventId(6),
      metaData: { actor: 'admin' },
      isJson: true,
      isMetaData: true,
      isLinkMetaData: false,
      positionEventNumber: 6,
      positionStreamId: 'bank-ledger',
      title: entry.title,
      id: entry.id,
      author: entry.author,
      summary: entry.summary,
      links: entry.links,
    });
    expect(context.findings.total).toBe(0);
  });

  it('takes eventId as the event id, not the Atom entry id (a URL)', () => {
    const ids = BANK_EVENTS.map((_, i) => eventId(i));
    expect(byPosition(readRecords(eventStoreAtom, page.entries)).map((e) => e.id)).toEqual(ids);
    expect(readRecords(eventStoreAtom, atomEventReads(BANK_EVENTS)).map((e) => e.id)).toEqual(ids);
    expect(readRecords(eventStoreAtom, atomEventReadEntries(BANK_EVENTS)).map((e) => e.id)).toEqual(ids);
  });

  it('reports a body marked as JSON that is not, and shows non-JSON bodies as text', () => {
    const [entry] = page.entries;
    const context = recordContext('page.json');
    const records = [
      { ...entry, data: 'not json', metaData: '{"broken":' },
      { ...entry, data: 'plain text body', isJson: false },
      { ...entry, data: '', metaData: '' },
    ];
    const events = readRecords(eventStoreAtom, records, context);
    expect(events.map((e) => e.data)).toEqual(['not json', 'plain text body', null]);
    expect((events[0]!.metadata as Record<string, unknown>).metaData).toBe('{"broken":');
    expect((events[2]!.metadata as Record<string, unknown>).metaData).toBeNull();
    expect(context.findings.list.map((f) => [f.kind, f.place])).toEqual([
      ['undecodable-payload', 'item 1'],
      ['undecodable-payload', 'item 1'],
    ]);
    expect(context.findings.list[0]!.message).toMatch(/^page\.json item 1: the data is marked as JSON but is not \(.*\); shown as text\.$/);
    expect(context.findings.list[1]!.message).toContain('the metaData is marked as JSON');
  });

  it('reads single-event reads in file order, wrapped ones with the entry time', () => {
    const context = recordContext();
    const bare = readRecords(eventStoreAtom, atomEventReads(BANK_EVENTS), context);
    expect(bare.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(essentials(bare)).toEqual(expected.map((e) => ({ ...e, time: null })));
    expect(bare[0]!.metadata).toEqual({ eventId: eventId(0), metadata: null });
    expect(bare[6]!.metadata).toEqual({ eventId: eventId(6), metadata: { actor: 'admin' } });
    const wrapped = readRecords(eventStoreAtom, atomEventReadEntries(BANK_EVENTS), context);
    expect(essentials(wrapped)).toEqual(expected);
    expect(context.findings.total).toBe(0);
  });
});

describe('reading EventStoreDB exports end to end', () => {
  const folder = tempFolder('eventlens-atom-');
  let feed: ContainerFiles = {};
  let reads: ContainerFiles = {};
  let wrapped: ContainerFiles = {};
  let before: Record<string, string>;
  beforeAll(() => {
    feed = writeObjectFiles(folder.path, 'feed-page', page);
    reads = writeRecordFiles(folder.path, 'reads', atomEventReads(BANK_EVENTS));
    wrapped = writeRecordFiles(folder.path, 'entries', atomEventReadEntries(BANK_EVENTS));
    writeFileSync(join(folder.path, 'feed-page-compact.json'), JSON.stringify(page));
    before = folderFingerprint(folder.path);
  });
  afterAll(() => {
    expect(folderFingerprint(folder.path)).toEqual(before);
    folder.remove();
  });

  for (const container of ['object', 'object .gz', 'object gzip unnamed']) {
    it(`reads a feed page (${container})`, async () => {
      const journal = await readJournal(feed[container]!);
      expect(journal.format).toBe('eventstoredb-atom');
      expect(essentials(byPosition(journal.events))).toEqual(expected);
      expect(journal.findings.total).toBe(0);
    });
  }

  it('reads a feed page written on one line (jq -c)', async () => {
    const journal = await readJournal(join(folder.path, 'feed-page-compact.json'));
    expect(journal.format).toBe('eventstoredb-atom');
    expect(essentials(byPosition(journal.events))).toEqual(expected);
  });

  for (const container of ['array', 'array .gz', 'array gzip unnamed', 'lines', 'lines .gz', 'lines gzip unnamed']) {
    it(`reads single-event reads (${container})`, async () => {
      const bare = await readJournal(reads[container]!);
      expect(bare.format).toBe('eventstoredb-atom');
      expect(essentials(bare.events)).toEqual(expected.map((e) => ({ ...e, time: null })));
      const entries = await readJournal(wrapped[container]!);
      expect(entries.format).toBe('eventstoredb-atom');
      expect(essentials(entries.events)).toEqual(expected);
      expect(bare.findings.total + entries.findings.total).toBe(0);
    });
  }
});

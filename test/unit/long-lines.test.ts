// A journal whose first record is long opens like any other: detection reads the first line (or array item) to its
// end, however long, instead of judging the file by a fixed prefix (a first line of 64 KiB or more was refused as
// "not valid JSON … position 65564"). Plain and gzip, NDJSON and arrays, first records of 64 KiB, 1 MB and 50 MB.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/model.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { tempFolder, writeText } from '../support/fixtures.js';

const journals = tempFolder('eventlens-long-lines-');
const caches = tempFolder('eventlens-long-lines-cache-');
const services: JournalService[] = [];
afterAll(async () => {
  for (const service of services) await service.close();
  journals.remove();
  caches.remove();
});

const KIB = 1024;
const MB = 1024 * 1024;

/** Text of `length` characters that shows where it was cut: "0123456789" over and over. */
const filler = (length: number) => '0123456789'.repeat(Math.ceil(length / 10)).slice(0, length);

/** A record whose whole text is `size` bytes: its note fills what the other fields leave. */
function record(version: number, type: string, size = 0): string {
  const bare = (note: string) =>
    `{"stream":"ledger-1","version":${version},"type":"${type}","time":"2026-02-01T10:00:0${version}.000Z","data":{"note":"${note}","after":"end"}}`;
  return bare(filler(Math.max(0, size - bare('').length)));
}

const write = (name: string, text: string, gzip: boolean) => writeText(journals.path, name, text, gzip);

async function open(path: string) {
  const service = new JournalService({ samplePath: join(journals.path, 'none.ndjson'), cacheDir: caches.path });
  services.push(service);
  const summary = await service.openJournal({ path });
  const { events } = await service.events({});
  return { summary, events };
}

function expectLongFirst(events: JournalEvent[], size: number): void {
  expect(events.map((event) => [event.stream, event.version, event.type])).toEqual([
    ['ledger-1', 1, 'opened'],
    ['ledger-1', 2, 'noted'],
    ['ledger-1', 3, 'closed'],
  ]);
  const data = events[0]!.data as { note: string; after: string };
  // The whole record was read: its note has every character, and the field after it is there.
  expect(data.note.length).toBe(size - record(1, 'opened').length);
  expect(data.note.slice(0, 12)).toBe('012345678901');
  expect(data.note).toBe(filler(data.note.length));
  expect(data.after).toBe('end');
  expect(events[1]!.data).toEqual({ note: '', after: 'end' });
}

const SIZES: [string, number][] = [
  ['64 KiB', 64 * KIB],
  ['64 KiB and a byte', 64 * KIB + 1],
  ['1 MB', MB],
  ['50 MB', 50 * MB],
];

describe.each([false, true])('a first record that is long (gzip: %s)', (gzip) => {
  it.each(SIZES)('opens as NDJSON when the first line is %s', async (_label, size) => {
    const text = [record(1, 'opened', size), record(2, 'noted'), record(3, 'closed')].join('\n') + '\n';
    const { summary, events } = await open(write(`first-line-${size}.ndjson`, text, gzip));
    expect(summary.format).toBe('ndjson');
    expect(summary.events).toBe(3);
    expect(summary.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    expectLongFirst(events, size);
  }, 180_000);

  it.each(SIZES)('opens as a JSON array when the first item is %s', async (_label, size) => {
    const text = `[\n${[record(1, 'opened', size), record(2, 'noted'), record(3, 'closed')].join(',\n')}\n]\n`;
    const { summary, events } = await open(write(`first-item-${size}.json`, text, gzip));
    expect(summary.format).toBe('json');
    expect(summary.events).toBe(3);
    expect(summary.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    expectLongFirst(events, size);
  }, 180_000);
});

describe('where a journal starts', () => {
  it('is found past any amount of blank space, not only within a fixed prefix', async () => {
    const text = `${' \n'.repeat(40 * KIB)}${record(1, 'opened')}\n${record(2, 'noted')}\n`;
    for (const gzip of [false, true]) {
      const { summary, events } = await open(write('blank-start.ndjson', text, gzip));
      expect(summary.format).toBe('ndjson');
      expect(events.map((event) => event.type)).toEqual(['opened', 'noted']);
    }
  }, 60_000);

  it('still reads a pretty-printed object whole, deciding from its short first line', async () => {
    const text = JSON.stringify({ events: [JSON.parse(record(1, 'opened', 200 * KIB)), JSON.parse(record(2, 'noted'))] }, null, 2);
    const { summary, events } = await open(write('envelope.json', text, false));
    expect(summary.format).toBe('json');
    expect(events.map((event) => event.type)).toEqual(['opened', 'noted']);
  }, 60_000);
});

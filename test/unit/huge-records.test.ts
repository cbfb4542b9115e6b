// One record past the record limit (record-limit.ts: 256 MB unless EVENTLENS_MAX_RECORD_BYTES says otherwise) is a
// finding naming the file and its line or item, and the journal around it stays readable: the events before and
// after it, read back from the file by their spans or from the cache. Its bytes are skipped, never held, so memory
// stays bounded however long the line is. Here the limit is 1 MB, so no test writes gigabytes.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, JournalEvent } from '../../shared/model.js';
import { arrayItems } from '../../electron/readers/json/array-items.js';
import type { ArrayItem } from '../../electron/readers/json/array-items.js';
import { splitLines } from '../../electron/readers/json/lines.js';
import type { Line } from '../../electron/readers/json/lines.js';
import { DEFAULT_MAX_RECORD_BYTES, maxRecordBytes, MAX_RECORD_BYTES_VARIABLE } from '../../electron/readers/json/record-limit.js';
import { readScannedArray } from '../../electron/readers/json/scanned-array.js';
import { readScannedLines } from '../../electron/readers/json/scanned-lines.js';
import { EventBuilder } from '../../electron/readers/event-builder.js';
import { FindingLog } from '../../electron/readers/loaded-journal.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { tempFolder, writeText } from '../support/fixtures.js';

const MB = 1024 * 1024;
const LIMIT = MB;

const journals = tempFolder('eventlens-huge-records-');
const caches = tempFolder('eventlens-huge-records-cache-');
const services: JournalService[] = [];
const given = process.env[MAX_RECORD_BYTES_VARIABLE];
beforeAll(() => {
  process.env[MAX_RECORD_BYTES_VARIABLE] = String(LIMIT);
});
afterAll(async () => {
  for (const service of services) await service.close();
  journals.remove();
  caches.remove();
  if (given === undefined) delete process.env[MAX_RECORD_BYTES_VARIABLE];
  else process.env[MAX_RECORD_BYTES_VARIABLE] = given;
});

/** A record whose whole text is `size` bytes (at least its bare fields): its note fills the rest. */
function record(version: number, size = 0, stream: string | null = 'ledger-1'): string {
  const streamField = stream === null ? '' : `"stream":"${stream}",`;
  const bare = (note: string) => `{${streamField}"version":${version},"type":"step-${version}","time":"2026-02-01T10:00:0${version}.000Z","data":{"n":${version},"note":"${note}"}}`;
  return bare('x'.repeat(Math.max(0, size - bare('').length)));
}

const write = (name: string, text: string, gzip: boolean) => writeText(journals.path, name, text, gzip);

async function open(path: string) {
  const service = new JournalService({ samplePath: join(journals.path, 'none.ndjson'), cacheDir: caches.path });
  services.push(service);
  const summary = await service.openJournal({ path });
  const { events } = await service.events({ limit: 1000 });
  return { service, summary, events };
}

const errors = (findings: Finding[]) => findings.filter((finding) => finding.severity === 'error');
const steps = (events: JournalEvent[]) => events.map((event) => (event.data as { n: number }).n);

describe('the record limit', () => {
  it('is 256 MB unless the environment sets a whole number of bytes', () => {
    expect(DEFAULT_MAX_RECORD_BYTES).toBe(256 * MB);
    expect(maxRecordBytes()).toBe(LIMIT);
    const set = (value: string) => {
      process.env[MAX_RECORD_BYTES_VARIABLE] = value;
      return maxRecordBytes();
    };
    try {
      expect(set('2048')).toBe(2048);
      expect(set('')).toBe(DEFAULT_MAX_RECORD_BYTES);
      expect(set('lots')).toBe(DEFAULT_MAX_RECORD_BYTES);
      expect(set('-1')).toBe(DEFAULT_MAX_RECORD_BYTES);
      expect(set('1.5')).toBe(DEFAULT_MAX_RECORD_BYTES);
      // Never past the longest string V8 makes: a record that long could not be parsed.
      expect(set(String(8 * 1024 ** 3))).toBeLessThan(1024 ** 3);
    } finally {
      process.env[MAX_RECORD_BYTES_VARIABLE] = String(LIMIT);
    }
  });
});

describe.each([false, true])('a record past the limit (gzip: %s)', (gzip) => {
  it('in NDJSON is a finding naming the file and line; the events before and after it are read', async () => {
    const lines = [record(1), record(2, LIMIT), record(3, LIMIT + 512 * 1024), record(4), record(5)];
    const path = write('middle.ndjson', lines.join('\n') + '\n', gzip);
    const name = path.split('/').pop()!;
    const { service, summary, events } = await open(path);
    expect(summary.events).toBe(4);
    expect(errors(summary.findings)).toEqual([
      {
        severity: 'error',
        kind: 'record-too-large',
        place: 'line 3',
        message: `${name} line 3: 1.5 MB (1572864 bytes), more than the 1 MB (1048576 bytes) one record may be, so it was left out (EVENTLENS_MAX_RECORD_BYTES sets the limit in bytes).`,
      },
    ]);
    expect(steps(events)).toEqual([1, 2, 4, 5]);
    // A record of exactly the limit is no finding, and reads back whole (from the file by its span, when plain).
    expect((events[1]!.data as { note: string }).note.length).toBe(LIMIT - record(2).length);
    expect(events.map((event) => event.version)).toEqual([1, 2, 4, 5]);
    // The auditor's pass reads every event back too, and reports the record with the rest.
    const audit = await service.audit();
    expect(audit.findings.some((finding) => finding.kind === 'record-too-large' && finding.message.includes(`${name} line 3`))).toBe(true);
  }, 60_000);

  it('in a JSON array is a finding naming the item and its line; the items around it are read', async () => {
    const items = [record(1), record(2), record(3, 3 * LIMIT), record(4)];
    const path = write('middle.json', `[\n${items.join(',\n')}\n]\n`, gzip);
    const name = path.split('/').pop()!;
    const { summary, events } = await open(path);
    expect(summary.events).toBe(3);
    expect(errors(summary.findings)).toEqual([expect.objectContaining({ kind: 'record-too-large', place: 'item 3 (line 4)' })]);
    expect(errors(summary.findings)[0]!.message).toMatch(new RegExp(`^${name.replace('.', '\\.')} item 3 \\(line 4\\): 3 MB`));
    expect(steps(events)).toEqual([1, 2, 4]);
  }, 60_000);

  it('as the first line leaves the layout to the next line, which decides it', async () => {
    // No record names a stream: the file is one stream, which only the second line can tell (the first is skipped).
    const lines = [record(1, 2 * LIMIT, null), record(2, 0, null), record(3, 0, null)];
    const path = write('first-huge.ndjson', lines.join('\n'), gzip);
    const { summary, events } = await open(path);
    expect(summary.format).toBe('ndjson');
    expect(errors(summary.findings)).toEqual([expect.objectContaining({ kind: 'record-too-large', place: 'line 1' })]);
    expect(summary.findings).toContainEqual(expect.objectContaining({ kind: 'one-stream' }));
    expect(steps(events)).toEqual([2, 3]);
    expect(events.map((event) => event.stream)).toEqual(['first-huge', 'first-huge']);
  }, 60_000);

  it('as the first array item leaves the layout to the next items', async () => {
    const items = [record(1, 2 * LIMIT), record(2), record(3)];
    const { summary, events } = await open(write('first-huge.json', `[${items.join(',')}]`, gzip));
    expect(summary.format).toBe('json');
    expect(errors(summary.findings)).toEqual([expect.objectContaining({ kind: 'record-too-large', place: 'item 1 (line 1)' })]);
    expect(steps(events)).toEqual([2, 3]);
  }, 60_000);

  it('as the last line, without a newline after it, is a finding too', async () => {
    const path = write('last-huge.ndjson', [record(1), record(2), record(3, 2 * LIMIT)].join('\r\n'), gzip);
    const { summary, events } = await open(path);
    expect(errors(summary.findings)).toEqual([expect.objectContaining({ kind: 'record-too-large', place: 'line 3' })]);
    expect(steps(events)).toEqual([1, 2]);
  }, 60_000);

  it('as the only line refuses the journal, with the finding as the reason', async () => {
    const path = write('only-huge.ndjson', record(1, 2 * LIMIT) + '\n', gzip);
    const name = path.split('/').pop()!;
    const service = new JournalService({ samplePath: join(journals.path, 'none.ndjson'), cacheDir: caches.path });
    services.push(service);
    // Nothing readable at all: the finding is the reason the journal is refused, naming its file and line.
    await expect(service.openJournal({ path })).rejects.toThrow(`No events could be read. ${name} line 1: 2 MB (2097152 bytes), more than the 1 MB`);
  }, 60_000);
});

describe('a long line in a gzip journal', () => {
  it('of 64 MB, 64 times the limit, is skipped as a finding between readable events', async () => {
    const huge = `{"stream":"ledger-1","version":2,"type":"step-2","data":{"n":2,"blob":"${'z'.repeat(64 * MB)}"}}`;
    const path = join(journals.path, 'long.ndjson.gz');
    writeFileSync(path, gzipSync(Buffer.from([record(1), huge, record(3)].join('\n')), { level: 1 }));
    const { summary, events } = await open(path);
    expect(errors(summary.findings)).toEqual([expect.objectContaining({ kind: 'record-too-large', place: 'line 2' })]);
    expect(errors(summary.findings)[0]!.message).toContain('long.ndjson.gz line 2: 64.0 MB');
    expect(steps(events)).toEqual([1, 3]);
  }, 120_000);
});

// The readers hold no more of a line than the limit: fed the same 1 MB chunk over and over (which costs the source no
// memory), a 128 MB line leaves the memory held by buffers where it was, give or take a few chunks.
const LONG = 128;

/** A stream of `head`, then LONG times the same chunk of `filler`, then `tail`; reports the most buffer memory seen. */
function longSource(head: string, filler: string, tail: string) {
  const chunk = Buffer.alloc(MB, filler);
  const start = process.memoryUsage().arrayBuffers;
  let peak = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    yield Buffer.from(head);
    for (let i = 0; i < LONG; i++) {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - start);
      yield chunk;
    }
    yield Buffer.from(tail);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - start);
  }
  return { chunks: chunks(), grew: () => peak };
}

const BOUND = 16 * MB;

describe('memory while skipping a line past the limit', () => {
  it('stays bounded when splitting lines', async () => {
    const source = longSource(`${record(1)}\n{"blob":"`, 'a', `"}\n${record(3)}\n`);
    const lines: Line[] = [];
    for await (const batch of splitLines(source.chunks, LIMIT)) lines.push(...batch);
    expect(lines.map((line) => [line.number, line.tooLarge ?? false])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(lines[1]!.length).toBe(LONG * MB + '{"blob":"'.length + 2);
    expect(lines[2]!.text).toBe(record(3));
    expect(lines[2]!.offset).toBe(record(1).length + 1 + lines[1]!.length + 1);
    expect(source.grew()).toBeLessThan(BOUND);
  }, 60_000);

  it('stays bounded when reading array items', async () => {
    const source = longSource(`[${record(1)},{"blob":"`, 'a', `"},${record(3)}]`);
    const items: ArrayItem[] = [];
    const reading = arrayItems(source.chunks, undefined, LIMIT);
    for (let next = await reading.next(); !next.done; next = await reading.next()) items.push(next.value);
    expect(items.map((item) => [item.index, item.tooLarge ?? false])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(items[2]!.text).toBe(record(3));
    expect(source.grew()).toBeLessThan(BOUND);
  }, 60_000);

  it('stays bounded when scanning NDJSON lines for an import', async () => {
    const source = longSource(`${record(1)}\n{"blob":"`, 'a', `"}\n${record(3)}\n`);
    const builder = new EventBuilder('long.ndjson', new FindingLog());
    const usual: Line[] = [];
    let rows = 0;
    const readLine = (line: Line, order: number) => (usual.push(line), order);
    for await (const batch of readScannedLines(source.chunks, builder, readLine, () => 0, LIMIT)) rows += batch.count;
    // Lines 1 and 3 are scanned in place; the long one is handed on as too large, without its bytes.
    expect(rows).toBe(2);
    expect(usual.map((line) => [line.number, line.tooLarge, line.text])).toEqual([[2, true, '']]);
    expect(source.grew()).toBeLessThan(BOUND);
  }, 60_000);

  it('stays bounded when scanning array items for an import', async () => {
    const source = longSource(`[${record(1)},{"blob":"`, 'a', `"},${record(3)}]`);
    const findings = new FindingLog();
    const context = { file: 'long.json', findings, builder: new EventBuilder('long.json', findings) };
    const usual: ArrayItem[] = [];
    let rows = 0;
    const reading = {
      readItem: (item: ArrayItem) => void usual.push(item),
      async *readRest(items: ReturnType<typeof arrayItems>) {
        for (let next = await items.next(); !next.done; next = await items.next()) usual.push(next.value);
        yield { events: [], records: [], spans: [] };
      },
    };
    for await (const batch of readScannedArray(source.chunks, context, reading, 4096, () => 0, LIMIT)) rows += batch.count;
    // Item 1 is scanned in place; from the long item on the rest is handed to the usual reader.
    expect(rows).toBe(1);
    expect(usual.map((item) => [item.index, item.tooLarge ?? false])).toEqual([
      [2, true],
      [3, false],
    ]);
    expect(source.grew()).toBeLessThan(BOUND);
  }, 60_000);
});

// As users run it (the built CLI, whose import runs in a worker thread): the limit set in the environment reaches
// the reader, and a long line ends in a finding and an exit code, never a native stack trace.
const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

describe('the CLI on a gzip journal with a line past the limit', () => {
  it('lists the events around it and names the line, with no crash', () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
    const path = join(journals.path, 'cli-long.ndjson.gz');
    writeFileSync(path, gzipSync(Buffer.from([record(1), record(2, 8 * LIMIT), record(3)].join('\n') + '\n'), { level: 1 }));
    const env = { ...process.env, [MAX_RECORD_BYTES_VARIABLE]: String(LIMIT), XDG_CACHE_HOME: join(caches.path, 'cli') };
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
    const events = run('events', path);
    expect(events.stderr).not.toMatch(/FATAL|node::|Native stack trace|Cannot create a string/);
    expect(events.status).toBe(0);
    expect(events.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { version: number }).version)).toEqual([1, 3]);
    const info = run('info', path);
    expect(info.status).toBe(0);
    expect(info.stdout).toContain('cli-long.ndjson.gz line 2: 8 MB');
  }, 120_000);
});

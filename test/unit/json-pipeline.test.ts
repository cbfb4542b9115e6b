import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { arrayItems } from '../../electron/readers/json/array-items.js';
import { splitLines } from '../../electron/readers/json/lines.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { BANK_EVENTS, tempFolder } from '../support/fixtures.js';

async function* chunked(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const size = Math.max(1, sizes[i++ % Math.max(1, sizes.length)] ?? 7);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const folder = tempFolder();
afterAll(() => folder.remove());

describe('arrayItems', () => {
  it('finds every item of any array, however the bytes are chunked and spaced', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.boolean(), async (values, sizes, pretty) => {
        const text = JSON.stringify(values, null, pretty ? 2 : undefined);
        const bytes = Buffer.from('  \n' + text);
        const items = await collect(arrayItems(chunked(bytes, sizes)));
        expect(items.map((item) => JSON.parse(item.text))).toEqual(JSON.parse(text));
        // Each item's bytes can be read back from its offset, as the cache does.
        for (const item of items) expect(bytes.subarray(item.offset, item.offset + item.length).toString('utf8').trim()).toBe(item.text);
        expect(items.map((item) => item.index)).toEqual(values.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('reports where a cut-off array ends', async () => {
    const items = arrayItems(chunked(Buffer.from('[\n{"a": "x]"},\n{"b": [1, 2'), [5]));
    const first = await items.next();
    expect(first.value).toEqual({ text: '{"a": "x]"}', index: 1, line: 2, offset: 2, length: 11 });
    const end = await items.next();
    expect(end).toEqual({ done: true, value: { complete: false, items: 2, line: 3 } });
  });
});

describe('splitLines', () => {
  it('splits on newline bytes, handles CRLF and flags invalid UTF-8 without losing the line', async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"é"}\r\n'), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from('last')]);
    const lines = (await collect(splitLines(chunked(bytes, [3])))).flat();
    expect(lines).toEqual([
      { text: '{"a":"é"}', number: 1, offset: 0, length: 10, invalidUtf8: false },
      { text: '{\uFFFD}', number: 2, offset: 12, length: 3, invalidUtf8: true },
      { text: 'last', number: 3, offset: 16, length: 4, invalidUtf8: false },
    ]);
    for (const line of lines.filter((l) => !l.invalidUtf8)) expect(bytes.subarray(line.offset, line.offset + line.length).toString('utf8')).toBe(line.text);
  });
});

describe('JSON-family journals', () => {
  const ndjson = BANK_EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n';

  it('reads gzip by content, whatever the name', async () => {
    const path = join(folder.path, 'export.data');
    writeFileSync(path, gzipSync(ndjson));
    const journal = await readJournal(path);
    expect(journal.format).toBe('ndjson');
    expect(journal.events).toHaveLength(BANK_EVENTS.length);
    const array = join(folder.path, 'array.json.gz');
    writeFileSync(array, gzipSync(JSON.stringify(BANK_EVENTS)));
    expect((await readJournal(array)).format).toBe('json');
  });

  it('keeps what a truncated gzip yielded and reports the rest', async () => {
    const path = join(folder.path, 'cut.ndjson.gz');
    const whole = gzipSync(ndjson.repeat(200));
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const journal = await readJournal(path);
    expect(journal.events.length).toBeGreaterThan(0);
    expect(journal.events.length).toBeLessThan(BANK_EVENTS.length * 200);
    expect(journal.findings.list.at(-1)).toMatchObject({ kind: 'read-failed', message: expect.stringMatching(/cut\.ndjson\.gz could not be read to the end/) });
  });

  it('names a line with invalid UTF-8 and still reads its event', async () => {
    const path = join(folder.path, 'latin1.ndjson');
    writeFileSync(path, Buffer.concat([Buffer.from('{"stream":"s","type":"t","data":{"name":"'), Buffer.from([0xe9]), Buffer.from('"}}\n')]));
    const journal = await readJournal(path);
    expect(journal.events[0]!.data).toEqual({ name: '\uFFFD' });
    expect(journal.findings.list).toEqual([expect.objectContaining({ kind: 'invalid-utf8', place: 'line 1' })]);
  });

  it('reads one object wrapping its events, and a pretty-printed array', async () => {
    const wrapped = join(folder.path, 'wrapped.json');
    writeFileSync(wrapped, JSON.stringify({ exportedAt: 'x', events: BANK_EVENTS }, null, 2));
    expect((await readJournal(wrapped)).events).toHaveLength(BANK_EVENTS.length);
    const pretty = join(folder.path, 'pretty.json');
    writeFileSync(pretty, JSON.stringify(BANK_EVENTS, null, 2));
    const journal = await readJournal(pretty);
    expect(journal.events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('says where an item of an array is not an event', async () => {
    const path = join(folder.path, 'mixed.json');
    writeFileSync(path, '[\n' + JSON.stringify(BANK_EVENTS[0]) + ',\n42,\n{"broken": tru}\n]');
    const journal = await readJournal(path);
    expect(journal.events).toHaveLength(1);
    expect(journal.findings.list.map((f) => [f.kind, f.place])).toEqual([
      ['not-an-event', 'item 2 (line 3)'],
      ['not-json', 'item 3 (line 4)'],
    ]);
  });
});

// NDJSON imports scan lines in place instead of parsing them (record-scanner.ts, scanned-lines.ts). Scanning is only
// a faster way to the same place: every file must give the same rows and findings read either way.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteNames } from '../../electron/readers/json/byte-names.js';
import { RecordFields, scanRecord } from '../../electron/readers/json/record-scanner.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { NameNumbers } from '../../electron/readers/name-numbers.js';
import { readRowBatches } from '../../electron/store/row-source.js';
import { tempFolder } from '../support/fixtures.js';

const folder = tempFolder('eventlens-scanned-');
afterAll(() => folder.remove());

/** Every row and the outcome of reading the file, with names resolved, as plain data to compare. */
async function readAll(path: string, scan: boolean) {
  const streams: string[] = [];
  const types: string[] = [];
  const rows: unknown[][] = [];
  const reading = readRowBatches(path, {}, undefined, { scan });
  for (;;) {
    const next = await reading.next();
    if (next.done) return { rows, outcome: next.value };
    const batch = next.value;
    streams.push(...batch.newStreams);
    types.push(...batch.newTypes);
    for (let i = 0; i < batch.count; i++) {
      rows.push([
        batch.positions[i],
        streams[batch.streamIds[i]!],
        batch.versions[i],
        types[batch.typeIds[i]!],
        batch.times[i],
        batch.offsets[i],
        batch.lengths[i],
        batch.payloads?.data[i] ?? null,
        batch.payloads?.metadata[i] ?? null,
        batch.payloads?.ids[i] ?? null,
      ]);
    }
  }
}

const text = fc.oneof(fc.constantFrom('order-1', 'order-2', 'cart-é', 'a"b', 'tab\there', 'x\\y', '', ' lead', '\u2028', '😀'), fc.string({ maxLength: 6 }));
const time = fc.oneof(
  fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }).map((ms) => new Date(ms).toISOString()),
  fc.constantFrom('2026-02-30T00:00:00.000Z', '2026-13-01T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2026-01-01 10:00:00', '2026-01-01T10:00:00Z', 'yesterday', '', ' 2026-01-01T00:00:00.000Z'),
  fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.constant({ at: 1 })),
);
const number = fc.oneof(fc.integer({ min: -5, max: 1e6 }), fc.constantFrom(0, -0, 1.5, 1e21, 9007199254740993), fc.constantFrom('7', 'x', null, true), fc.constant([1]));
const payload = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('{"a":1}', '[1]', ' {"a":1}', '{broken', 'plain', '', '\u00a0{"a":1}'));

/** A record with the usual fields under some of their usual names, some missing, in any order. */
const record = fc
  .record(
    {
      stream: fc.tuple(fc.constantFrom('stream', 'streamId', 'stream_id', 'aggregate_id'), fc.oneof(text, fc.integer(), fc.constant(null), fc.constant({ id: 1 }))),
      type: fc.tuple(fc.constantFrom('type', 'eventType', 'event_type'), fc.oneof(text, fc.integer(), fc.constant(null))),
      version: fc.tuple(fc.constantFrom('version', 'revision'), number),
      position: fc.tuple(fc.constantFrom('position', 'global_position'), number),
      time: fc.tuple(fc.constantFrom('time', 'timestamp', 'created_at'), time),
      data: fc.tuple(fc.constantFrom('data', 'payload'), payload),
      metadata: fc.tuple(fc.constant('metadata'), payload),
      id: fc.tuple(fc.constant('id'), fc.oneof(text, fc.integer(), fc.constant({ a: 1 }))),
      extra: fc.tuple(fc.constantFrom('note', '1', '__proto__', 'Stream', 'ü'), fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: [] },
  )
  .chain((fields) => fc.shuffledSubarray(Object.values(fields), { minLength: Object.keys(fields).length }))
  .map((fields) => '{' + fields.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',') + '}');

/** Lines as files hold them: mostly records, written with spaces or not, and now and then something else. */
const line = fc.oneof(
  { weight: 12, arbitrary: record },
  { weight: 2, arbitrary: record.map((r) => ` ${r.replace(/,/g, ' , ').replace(/:/g, ' : ')}\t`) },
  { weight: 1, arbitrary: record.map((r) => r + '\r') },
  { weight: 1, arbitrary: record.map((r) => r.slice(0, -1)) },
  { weight: 1, arbitrary: record.map((r) => r.replace('}', ',"stream":"dup"}')) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '[1,2]', '"text"', 'null', '{"stream":"s","type":"t"} x', '{"stream":"s","type":"t",}', '{"stream":"s" "type":"t"}', '{"a":01}', '{"a":1.}', '{"a":"\\x"}', '{"a":"\u0001"}', '\uFEFF{"stream":"s","type":"t"}') },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 80 }).map((n) => '{"stream":"s","type":"t"' + Array.from({ length: n }, (_, i) => `,"k${i}":${i}`).join('') + '}') },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((depth) => `{"stream":"s","type":"t","data":${'['.repeat(depth)}${']'.repeat(depth)}}`) },
);

/** The first line decides how the file is read: an ordinary event, so it is read as NDJSON of the generic layout. */
const FIRST = '{"stream":"first","type":"opened","version":1,"time":"2026-01-01T00:00:00.000Z","data":{}}';

let files = 0;
function write(lines: string[], bytes?: (buffer: Buffer) => Buffer): string {
  const path = join(folder.path, `journal-${++files}.ndjson`);
  const content = Buffer.from([FIRST, ...lines].join('\n') + '\n');
  writeFileSync(path, bytes ? bytes(content) : content);
  return path;
}

describe('NDJSON lines scanned in place', () => {
  it('give the rows and findings that parsing every line gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 60, size: 'max' }), async (lines) => {
        const path = write(lines);
        expect(await readAll(path, true)).toEqual(await readAll(path, false));
      }),
      { numRuns: 300 },
    );
  });

  it('give the same with bytes that are not UTF-8, and across the reader’s chunks', async () => {
    const valid = fc.sample(record, { numRuns: 2000, seed: 7 });
    // Bad bytes in some lines, and lines long enough to straddle the reader's chunk boundaries.
    const lines = valid.map((r, i) => (i % 97 === 0 ? r.replace('}', `,"pad":"${'p'.repeat(70_000)}"}`) : r));
    const path = write(lines, (buffer) => {
      const bytes = Buffer.from(buffer);
      for (let at = 5_000; at < bytes.length; at += 50_021) if (bytes[at] !== 0x0a) bytes[at] = 0xff;
      return bytes;
    });
    const scanned = await readAll(path, true);
    expect(scanned.outcome.findings.some((f) => f.kind === 'invalid-utf8')).toBe(true);
    expect(scanned).toEqual(await readAll(path, false));
  });
});

describe('the record scanner', () => {
  const fields = new RecordFields();
  const scans = (text: string) => {
    const bytes = Buffer.from(text);
    return scanRecord(bytes, 0, bytes.length, fields);
  };

  it('accepts only what JSON.parse reads as an object, and finds its top-level keys', () => {
    const mutated = fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.nat(), fc.constantFrom('', '"', ',', ']', '}', '\\', '\u0001', '-', 'e', '0', ' ')).map(([value, at, insert]) => {
      const json = JSON.stringify(value);
      const cut = at % (json.length + 1);
      return json.slice(0, cut) + insert + json.slice(cut);
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), mutated), (json) => {
        let parsed: unknown;
        let valid = true;
        try {
          parsed = JSON.parse(json);
        } catch {
          valid = false;
        }
        if (!scans(json)) return;
        expect(valid).toBe(true);
        expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
        const bytes = Buffer.from(json);
        const keys = Array.from({ length: fields.count }, (_, i) => bytes.toString('latin1', fields.keyStart[i], fields.keyEnd[i]));
        expect(new Set(keys)).toEqual(new Set(Object.keys(parsed as object)));
      }),
      { numRuns: 3000 },
    );
  });

  it('tells whether the keys are, in order, those expected', () => {
    const keyList = fc.array(fc.constantFrom('a', 'ab', 'b', 'stream', 'streams', 'type', ''), { maxLength: 5 });
    fc.assert(
      fc.property(keyList, keyList, (keys, expectedKeys) => {
        const encoded = expectedKeys.map((key) => Buffer.from(key));
        const ends = new Int32Array(encoded.length);
        encoded.reduce((total, key, i) => (ends[i] = total + key.length), 0);
        const expected = { bytes: Buffer.concat(encoded), ends };
        const bytes = Buffer.from('{' + keys.map((key, i) => `${JSON.stringify(key)}:${i}`).join(',') + '}');
        expect(scanRecord(bytes, 0, bytes.length, fields, expected)).toBe(true);
        expect(fields.sameKeys).toBe(keys.length === expectedKeys.length && keys.every((key, i) => key === expectedKeys[i]));
      }),
      { numRuns: 2000 },
    );
  });

  it('declines what it leaves to JSON.parse', () => {
    expect(scans('{"a":1}')).toBe(true);
    expect(scans('{"caf\\u00e9":1}')).toBe(false); // an escaped key
    expect(scans('{"café":1}')).toBe(false); // a non-ASCII key
    expect(scans(`{"a":${'['.repeat(100)}${']'.repeat(100)}}`)).toBe(false); // deeper than it goes
    expect(scans('{"a":1}{')).toBe(false);
  });
});

describe('names numbered from their bytes', () => {
  it('get the numbers their strings get, however many there are and in whichever way met first', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('order-1', 'é', '😀', 'a'.repeat(300))), { minLength: 1, maxLength: 6000 }), fc.nat(), (names, seed) => {
        const numbers = new NameNumbers();
        const bytes = new ByteNames(numbers);
        names.forEach((name, i) => {
          // Some met as strings first (a record read the usual way), the rest as bytes.
          const viaString = (i + seed) % 5 === 0;
          const buffer = Buffer.from(`"${name}"`);
          const number = viaString ? numbers.numberOf(name) : bytes.numberOf(buffer, 1, buffer.length - 1);
          expect(numbers.names[number]).toBe(name);
        });
        expect(new Set(numbers.names).size).toBe(numbers.names.length);
      }),
      { numRuns: 40 },
    );
  });
});

describe('a byte order mark at the start of the file (Windows tools write one)', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  const records = ['{"stream":"a","type":"t","data":{"x":1}}', '{"stream":"b","type":"t","data":{"x":2}}'];

  it.each([
    ['NDJSON', 'bom.ndjson', Buffer.from(records.join('\r\n') + '\r\n')],
    ['a JSON array', 'bom.json', Buffer.from(`[${records.join(',\n ')}]`)],
  ])('is no content in %s: every event is read, none is a finding, and records read back whole', async (_, name, content) => {
    const path = join(folder.path, name);
    writeFileSync(path, Buffer.concat([BOM, content]));
    const scanned = await readAll(path, true);
    expect(scanned).toEqual(await readAll(path, false));
    expect(scanned.outcome.findings).toEqual([]);
    expect(scanned.rows.map((row) => row[1])).toEqual(['a', 'b']);
    const service = new JournalService({ samplePath: path, cacheDir: join(folder.path, 'bom-cache') });
    try {
      await service.openJournal({ path });
      expect((await service.events({})).events.map((event) => event.data)).toEqual([{ x: 1 }, { x: 2 }]);
    } finally {
      service.close();
    }
  });
});

describe('JSON array items scanned in place', () => {
  /** Items as exports write them, now and then something else: a scalar, a broken item, an empty slot. */
  const item = fc.oneof(
    { weight: 14, arbitrary: record },
    { weight: 2, arbitrary: record.map((r) => `\n  ${r.replace(/,/g, ',\n    ')}\n`) },
    { weight: 1, arbitrary: record.map((r) => r.replace('}', ',"stream":"dup"}')) },
    { weight: 1, arbitrary: fc.constantFrom('1', '"text"', 'null', '[1,2]', '{"a":tru}', '{"a":01}', '{"a" "b"}', '{"a":"\u0001"}', '', ' ') },
    { weight: 1, arbitrary: fc.integer({ min: 60, max: 80 }).map((n) => '{"stream":"s","type":"t"' + Array.from({ length: n }, (_, i) => `,"k${i}":${i}`).join('') + '}') },
  );
  const FIRST_ITEM = '{"stream":"first","type":"opened","version":1,"time":"2026-01-01T00:00:00.000Z","data":{}}';

  function writeArray(items: string[], options: { separator?: string; cut?: number } = {}): string {
    const path = join(folder.path, `array-${++files}.json`);
    let text = `[${[FIRST_ITEM, ...items].join(options.separator ?? ',')}]\n`;
    if (options.cut !== undefined) text = text.slice(0, Math.max(2, text.length - 1 - options.cut));
    writeFileSync(path, text);
    return path;
  }

  it('give the rows and findings that parsing every item gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { minLength: 0, maxLength: 40, size: 'max' }),
        fc.constantFrom(',', ', ', ',\n', ',,', '\n,\n'),
        fc.option(fc.nat(200), { freq: 4 }),
        async (items, separator, cut) => {
          const path = writeArray(items, { separator, ...(cut !== null && { cut }) });
          expect(await readAll(path, true)).toEqual(await readAll(path, false));
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['one item a line', ',\n', 2502],
    ['all on one line', ',', 1],
  ])('give the same for big arrays whose items cross the reader’s chunks, with a broken item late in the file: %s', async (_, separator, brokenLine) => {
    const pad = 'p'.repeat(90_000);
    const items = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ stream: `s-${i % 50}`, type: 't', time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), data: { i, ...(i % 211 === 0 && { pad }) } }),
    );
    items.splice(2500, 0, '{"broken": tru}');
    const path = writeArray(items, { separator });
    const scanned = await readAll(path, true);
    expect(scanned.outcome.findings).toEqual([expect.objectContaining({ kind: 'not-json', place: `item 2502 (line ${brokenLine})` })]);
    expect(scanned.rows).toHaveLength(3001);
    expect(scanned).toEqual(await readAll(path, false));
  });
});

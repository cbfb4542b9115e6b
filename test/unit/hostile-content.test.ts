// Journal content is untrusted: numbers beyond 2^53 keep their exact text, payloads nested 100,000 levels deep are
// read, replayed, digested and sent without overflowing the stack, and "__proto__" keys stay data.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cutNesting, isNestingCut, jsonText, nestedDeeperThan, nestingDepth, NESTING_CUT_KEY, WINDOW_DEPTH } from '../../shared/deep-json.js';
import { diffStates } from '../../shared/diff.js';
import { hasInexactNumber, inexactNumbers, mayHoldInexactNumber, numberRoundTrips, roundedValues } from '../../shared/exact-numbers.js';
import { mergePatch } from '../../shared/merge-patch.js';
import type { ApiReply } from '../../shared/contract.js';
import type { EventPage, Json, JournalEvent, ReplayPoint } from '../../shared/model.js';
import { canonicalText } from '../../electron/audit/digest.js';
import { dispatch } from '../../electron/service/dispatch.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { tempFolder } from '../support/fixtures.js';

const journals = tempFolder('eventlens-hostile-');
const caches = tempFolder('eventlens-hostile-cache-');
const services: JournalService[] = [];
afterAll(async () => {
  for (const service of services) await service.close();
  journals.remove();
  caches.remove();
});

function service(): JournalService {
  const created = new JournalService({ samplePath: join(journals.path, 'none.ndjson'), cacheDir: caches.path });
  services.push(created);
  return created;
}

/** Writes NDJSON lines given as text, so numbers can be written with more digits than a double holds. */
function writeLines(name: string, lines: string[]): string {
  const path = join(journals.path, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const line = (version: number, type: string, data: string, metadata = '{}') =>
  `{"stream":"ledger-1","version":${version},"type":"${type}","time":"2026-02-01T10:00:0${version}Z","data":${data},"metadata":${metadata}}`;

/** `[[[…]]]` nested `levels` deep, under a key. */
const deepArray = (levels: number) => `{"deep":${'['.repeat(levels)}${']'.repeat(levels)}}`;
/** `{"a":{"a":…{"leaf":LEAF}}}` nested `levels` deep. */
const deepObject = (levels: number, leaf: string) => `${'{"a":'.repeat(levels)}{"leaf":${leaf}}${'}'.repeat(levels)}`;

describe('numbers beyond what a double holds', () => {
  it('are found by the cheap look first, and only outside strings', () => {
    expect(mayHoldInexactNumber('{"amount":120,"note":"paid 2026-02-01"}')).toBe(false);
    expect(mayHoldInexactNumber('{"amount":9007199254740993}')).toBe(true);
    expect(inexactNumbers('{"a":9007199254740993,"b":12345678901234567890,"c":9007199254740992,"d":1e400}')).toEqual(['9007199254740993', '12345678901234567890', '1e400']);
    // Digits in a string are text, kept exactly: no exact text needed.
    expect(hasInexactNumber('{"id":"12345678901234567890","card":"4111111111111111"}')).toBe(false);
    expect(hasInexactNumber('{"note":"say \\"9007199254740993\\"","n":1}')).toBe(false);
  });

  it('round-trip when the double written back is the same decimal', () => {
    for (const token of ['0', '-0', '1.50', '1e3', '0.1', '9007199254740992', '1.7976931348623157e308', '5e-324', '123456789012345.6']) {
      expect(numberRoundTrips(token), token).toBe(true);
    }
    for (const token of ['9007199254740993', '12345678901234567890', '0.10000000000000000001', '1e400', '-1e400', '3.14159265358979323846']) {
      expect(numberRoundTrips(token), token).toBe(false);
    }
    expect([...roundedValues('{"a":9007199254740993,"b":12345678901234567890}')]).toEqual(['9007199254740992', '12345678901234567000']);
  });

  it('give their event the exact record text, on pages and in replays; other events carry none', async () => {
    const exact = line(2, 'limit_set', '{"limit":9007199254740993,"serial":12345678901234567890,"ref":"12345678901234567890"}');
    const path = writeLines('big-numbers.ndjson', [line(1, 'opened', '{"limit":10}'), exact, line(3, 'noted', '{"ref":"12345678901234567890"}')]);
    const api = service();
    await api.openJournal({ path });
    const { events } = await api.events({});
    expect(events.map((event) => event.raw)).toEqual([undefined, exact, undefined]);
    // Parsing rounded them: that is why the exact text is there.
    expect((events[1]!.data as { limit: number }).limit).toBe(9007199254740992);
    const point = await api.replayAt({ stream: 'ledger-1', count: 2 });
    expect(point.event?.raw).toBe(exact);
  });

  it('keep their exact text in a gzip-compressed journal too (records kept in the cache)', async () => {
    const { gzipSync } = await import('node:zlib');
    const exact = line(1, 'limit_set', '{"limit":9007199254740993}');
    const path = join(journals.path, 'big-numbers.ndjson.gz');
    writeFileSync(path, gzipSync(exact + '\n'));
    const api = service();
    await api.openJournal({ path });
    expect((await api.events({})).events[0]!.raw).toBe(exact);
  });

  it('of a SQLite store read in place give the stored data and metadata texts', async () => {
    const path = join(journals.path, 'big-numbers.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT, version INTEGER, event_type TEXT, data TEXT, metadata TEXT, created_at TEXT)');
    const insert = db.prepare('INSERT INTO events (stream_id, version, event_type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('ledger-1', 1, 'limit_set', '{"limit": 9007199254740993}', '{"trace": 12345678901234567890}', '2026-02-01 10:00:00');
    insert.run('ledger-1', 2, 'limit_set', '{"limit": 12}', null, '2026-02-01 10:00:01');
    insert.run('ledger-1', 3, 'memo', 'paid 12345678901234567890 units', null, '2026-02-01 10:00:02');
    db.close();
    const api = service();
    await api.openJournal({ path });
    const { events } = await api.events({});
    expect(events[0]!.raw).toBe('{"data": {"limit": 9007199254740993}, "metadata": {"trace": 12345678901234567890}}');
    // A plain-text column holds no numbers: its digits are text, shown exactly.
    expect(events.slice(1).map((event) => event.raw)).toEqual([undefined, undefined]);
  });

  it('of a SQLite table imported (no version column) keep their stored text through the cache', async () => {
    const path = join(journals.path, 'big-numbers-imported.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE events (stream_id TEXT, event_type TEXT, data TEXT, created_at TEXT)');
    db.prepare('INSERT INTO events VALUES (?, ?, ?, ?)').run('ledger-1', 'limit_set', '{"limit": 9007199254740993}', '2026-02-01 10:00:00');
    db.close();
    const api = service();
    await api.openJournal({ path });
    const [event] = (await api.events({})).events;
    expect(event!.raw).toContain('9007199254740993');
  });
});

describe('payloads nested 100,000 levels deep', () => {
  const LEVELS = 100_000;

  it('are merged, compared and copied without overflowing the stack', () => {
    const before = JSON.parse(deepObject(LEVELS, '1')) as Json;
    const patch = JSON.parse(deepObject(LEVELS, '2')) as Json;
    const after = mergePatch(before, patch);
    expect(nestingDepth(after)).toBe(LEVELS + 1);
    const changes = diffStates(before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'changed', before: 1, after: 2 });
    expect(changes[0]!.path).toBe('/a'.repeat(LEVELS) + '/leaf');
    // Written out iteratively where JSON.stringify overflows; the text reads back the same.
    expect(() => JSON.stringify(after)).toThrow(RangeError);
    expect(jsonText(after)).toBe(deepObject(LEVELS, '2'));
  });

  it('are cut at a depth for the window, keeping every key as data', () => {
    const value = JSON.parse(`{"__proto__":{"x":1},"deep":${deepObject(400, '1')}}`) as Record<string, Json>;
    const cut = cutNesting(value, 10);
    expect(nestedDeeperThan(cut, 10)).toBe(false);
    expect(Object.hasOwn(cut, '__proto__')).toBe(true);
    let node: Json = cut.deep!;
    for (let level = 2; level < 9; level++) node = (node as Record<string, Json>).a!;
    const stub = (node as Record<string, Json>).a;
    expect(isNestingCut(stub)).toBe(true);
    expect((stub as Record<string, string>)[NESTING_CUT_KEY]).toBe('393 more levels');
    // Shallow values are sent as they are, not copied.
    const shallow = { a: [1, { b: 2 }] };
    expect(cutNesting(shallow, 10)).toBe(shallow);
  });

  it('open, page, digest, replay and cross the API: the event keeps its exact text, the rest of the journal stays usable', async () => {
    const deep = line(2, 'nested', deepArray(LEVELS));
    const deepPatch = line(3, 'nested_patch', deepObject(LEVELS, '"x"'));
    const path = writeLines('deep.ndjson', [line(1, 'opened', '{"n":1}'), deep, deepPatch, line(4, 'closed', '{"n":4}')]);
    const api = service();
    const summary = await api.openJournal({ path });
    expect(summary.events).toBe(4);
    expect(summary.findings).toEqual([]);

    const page = await api.events({});
    expect(page.events.map((event) => event.type)).toEqual(['opened', 'nested', 'nested_patch', 'closed']);
    expect(page.events[1]!.raw).toBe(deep);
    expect(page.events[1]!.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(page.events[0]!.raw).toBeUndefined();

    // Through the transport's dispatch, as the window asks: the deep branch arrives cut, the exact text whole.
    const reply = (await dispatch(api, 'events', {})) as ApiReply<EventPage>;
    expect(reply.ok).toBe(true);
    const sent = (reply as { value: EventPage }).value.events[1]!;
    expect(nestedDeeperThan(sent, WINDOW_DEPTH)).toBe(false);
    expect(sent.raw).toBe(deep);
    expect(JSON.parse(jsonText(reply))).toBeTruthy();

    // The replay merges and diffs the deep patch; its point crosses the API cut too.
    const end = await api.replayAt({ stream: 'ledger-1', count: 4 });
    expect(end.failure).toBeUndefined();
    expect(nestingDepth(end.state)).toBeGreaterThan(LEVELS);
    const step = (await dispatch(api, 'replayAt', { stream: 'ledger-1', count: 3 })) as ApiReply<ReplayPoint>;
    expect(step.ok).toBe(true);
    expect(nestedDeeperThan((step as { value: ReplayPoint }).value, WINDOW_DEPTH)).toBe(false);

    // The audit reads every event (digests, shapes) and answers.
    const audit = await api.audit();
    expect(audit.digest).toBeTruthy();
  });

  it('that a layout cannot walk become a finding naming the line; the rest of the journal stays usable', async () => {
    // Temporal histories decode payloads nested in their attributes by recursion: the deep one overflows there.
    const history = (id: number, attributes: string) =>
      `{"eventId":"${id}","eventTime":"2026-02-01T10:00:0${id}Z","eventType":"EVENT_TYPE_ACTIVITY_TASK_SCHEDULED","activityTaskScheduledEventAttributes":${attributes}}`;
    const path = writeLines('deep-history.ndjson', [history(1, '{"activityId":"1"}'), history(2, deepObject(LEVELS, '1')), history(3, '{"activityId":"3"}')]);
    const api = service();
    const summary = await api.openJournal({ path });
    expect(summary.format).toBe('temporal-history');
    expect(summary.events).toBe(2);
    expect(summary.findings).toHaveLength(1);
    expect(summary.findings[0]).toMatchObject({ severity: 'error', kind: 'too-deep', place: 'line 2' });
    expect(summary.findings[0]!.message).toContain('nested too deeply to be read');
    expect((await api.events({})).events.map((event) => event.version)).toEqual([1, 3]);
  });

  it('in a JSON array journal are read as well', async () => {
    const path = join(journals.path, 'deep.json');
    writeFileSync(path, `[${line(1, 'nested', deepArray(LEVELS))},\n${line(2, 'closed', '{}')}]`);
    const api = service();
    const summary = await api.openJournal({ path });
    expect(summary.events).toBe(2);
    expect((await api.events({})).events[0]!.raw).toContain('[[[[');
  });
});

describe('"__proto__" and "constructor" keys', () => {
  it('stay data through reading, paging, replay and diff, and pollute nothing', async () => {
    const path = writeLines('prototype.ndjson', [
      line(1, 'opened', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"balance":1}'),
      line(2, 'changed', '{"__proto__":{"polluted":"again"},"balance":2}'),
    ]);
    const api = service();
    await api.openJournal({ path });
    const [first] = (await api.events({})).events as [JournalEvent];
    const data = first.data as Record<string, Json>;
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(data.constructor).toEqual({ prototype: { polluted: 'yes' } });

    const point = await api.replayAt({ stream: 'ledger-1', count: 2 });
    const state = point.state as Record<string, Json>;
    expect(Object.hasOwn(state, '__proto__')).toBe(true);
    expect(state['__proto__']).toEqual({ polluted: 'again' });
    expect(point.changes.map((change) => change.path)).toEqual(['/__proto__/polluted', '/balance']);

    // Sent over HTTP as JSON: written as an own key, read back as one.
    const sent = JSON.parse(jsonText(await dispatch(api, 'events', {}))) as { value: EventPage };
    expect(Object.hasOwn(sent.value.events[0]!.data as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('event digests of content RFC 8785 refuses', () => {
  it('are still taken for a lone surrogate and for a number read as Infinity, and tell them apart', async () => {
    const path = writeLines('odd-content.ndjson', [line(1, 'odd', '{"text":"\\ud800"}'), line(2, 'odd', '{"n":1e400}'), line(3, 'odd', '{"n":null}')]);
    const api = service();
    await api.openJournal({ path });
    const { events } = await api.events({});
    expect(events.every((event) => /^[0-9a-f]{64}$/.test(event.digest ?? ''))).toBe(true);
    expect(new Set(events.map((event) => event.digest)).size).toBe(3);
    expect(events[1]!.raw).toContain('1e400');
    // Well-formed content gives the library's text exactly.
    const plain: JournalEvent = { position: 1, stream: 's', version: 1, type: 't', time: null, data: { b: 1, a: [true, 'é'] }, metadata: null };
    expect(canonicalText(plain)).toBe('{"data":{"a":[true,"é"],"b":1},"metadata":null,"stream":"s","time":null,"type":"t","version":1}');
  });
});

describe('the CLI (the built bin)', () => {
  const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

  it('prints each event on one line, with its exact text, and deep payloads whole', () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
    const exact = line(1, 'limit_set', '{"limit":9007199254740993}');
    const deep = line(2, 'nested', deepArray(100_000));
    const path = writeLines('cli.ndjson', [exact, deep]);
    const result = spawnSync(process.execPath, [CLI, 'events', path], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: caches.path } });
    expect(result.stderr).toBe('');
    const printed = result.stdout.trim().split('\n');
    expect(printed).toHaveLength(2);
    expect((JSON.parse(printed[0]!) as JournalEvent).raw).toBe(exact);
    const nested = JSON.parse(printed[1]!) as JournalEvent;
    expect(nestingDepth(nested.data)).toBe(100_001);
    expect(nested.raw).toBe(deep);
  });
});

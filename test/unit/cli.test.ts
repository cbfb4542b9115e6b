import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_EVENTS, folderFingerprint, tempFolder, writeJsonArray, writeNdjson, writeSqlite } from '../support/fixtures.js';

// The CLI is tested as users run it: the built bin, in a child process (npm test builds first).
const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
const SAMPLE = join(import.meta.dirname, '../../dist/sample/sample-journal.ndjson');

function eventlens(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const folder = tempFolder();
const journals = {
  sample: SAMPLE,
  json: join(folder.path, 'bank.json'),
  sqlite: join(folder.path, 'bank.sqlite'),
  ndjson: join(folder.path, 'bank.ndjson'),
};
let fingerprint: Record<string, string>;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
  writeJsonArray(journals.json, BANK_EVENTS);
  writeSqlite(journals.sqlite, BANK_EVENTS);
  writeNdjson(journals.ndjson, BANK_EVENTS);
  fingerprint = folderFingerprint(folder.path);
});
afterAll(() => {
  expect(folderFingerprint(folder.path)).toEqual(fingerprint);
  folder.remove();
});

describe.each(['json', 'sqlite', 'ndjson'] as const)('eventlens on the %s journal', (format) => {
  const file = () => journals[format];

  it('info --json prints exactly the summary fields', () => {
    const { code, stdout } = eventlens('info', file(), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ format, events: 7, streams: 3, firstTime: '2026-01-05T09:00:00.000Z', lastTime: '2026-01-07T12:30:00.000Z' });
  });

  it('streams --json lists each stream', () => {
    const streams = JSON.parse(eventlens('streams', file(), '--json').stdout);
    expect(streams.map((s: { stream: string; events: number }) => [s.stream, s.events])).toEqual([['account-1', 4], ['account-2', 1], ['user-1', 2]]);
    expect(Object.keys(streams[0]).sort()).toEqual(['events', 'firstTime', 'firstVersion', 'lastTime', 'lastVersion', 'stream']);
  });

  it('events prints NDJSON, filtered and limited', () => {
    const lines = eventlens('events', file(), '--stream', 'account-1', '--type', 'money_deposited').stdout.trim().split('\n');
    const event = { position: 3, stream: 'account-1', version: 2, type: 'money_deposited', time: '2026-01-05T10:15:00.000Z', data: { balance: 100, last: { amount: 100 } }, metadata: null };
    // The digest is of the canonical content (RFC 8785 JSON of the normalized fields, position left out), so the
    // same event exported as JSON, NDJSON or SQLite has the same one.
    const { position: _position, ...content } = event;
    const digest = createHash('sha256').update(canonicalize(content)!).digest('hex');
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ ...event, digest }]);
    expect(eventlens('events', file(), '--limit', '3').stdout.trim().split('\n')).toHaveLength(3);
    expect(eventlens('events', file()).stdout.trim().split('\n')).toHaveLength(7);
  });

  it('rates --json counts per bucket', () => {
    const rates = JSON.parse(eventlens('rates', file(), '--bucket', '1d', '--json').stdout);
    expect(rates.bucket).toBe('1d');
    expect(rates.buckets.map((b: { count: number }) => b.count)).toEqual([3, 2, 2]);
  });

  it('replay --json gives the state, and --steps each change', () => {
    expect(JSON.parse(eventlens('replay', file(), '--stream', 'account-1', '--to', '2', '--json').stdout)).toEqual({
      stream: 'account-1',
      version: 2,
      state: { owner: 'ada', balance: 100, flags: { vip: false }, last: { amount: 100 } },
    });
    const withSteps = JSON.parse(eventlens('replay', file(), '--stream', 'user-1', '--steps', '--json').stdout);
    expect(withSteps.steps[1].changes).toEqual([
      { path: '/email', kind: 'changed', before: 'ada@example.com', after: 'ada@example.org' },
      { path: '/phone', kind: 'added', after: '+1-555-0100' },
    ]);
  });
});

describe('eventlens on the sample journal', () => {
  it('answers every command', () => {
    const info = JSON.parse(eventlens('info', SAMPLE, '--json').stdout);
    expect(info.format).toBe('ndjson');
    expect(info.events).toBeGreaterThan(2000);
    expect(info.streams).toBeGreaterThan(300);
    const streams = JSON.parse(eventlens('streams', SAMPLE, '--json').stdout) as { stream: string }[];
    expect(streams.some((s) => s.stream.startsWith('user-'))).toBe(true);
    expect(eventlens('events', SAMPLE, '--limit', '5').stdout.trim().split('\n')).toHaveLength(5);
    expect(JSON.parse(eventlens('rates', SAMPLE, '--json').stdout).buckets.length).toBeGreaterThan(100);
    const replay = JSON.parse(eventlens('replay', SAMPLE, '--stream', 'user-0001', '--json').stdout);
    expect(replay.state).toHaveProperty('name');
    expect(replay.state).toHaveProperty('email');
  });
});

describe('eventlens replay as a debugger', () => {
  const reducers = join(import.meta.dirname, '../support/reducers');

  it('replays through the user reducer, a built-in one, or per type', () => {
    const custom = JSON.parse(eventlens('replay', journals.ndjson, '--stream', 'account-1', '--reducer', join(reducers, 'ledger.mjs'), '--json').stdout);
    expect(custom).toEqual({ stream: 'account-1', version: 4, state: { balance: 0, entries: [1, 2, 3, 4] } });
    const snapshot = JSON.parse(eventlens('replay', journals.ndjson, '--stream', 'account-1', '--reducer', 'snapshot', '--to', '2', '--json').stdout);
    expect(snapshot.state).toEqual({ balance: 100, last: { amount: 100 } });
    const perType = JSON.parse(eventlens('replay', journals.ndjson, '--stream', 'account-1', '--type-reducer', 'money_withdrawn=snapshot', '--json').stdout);
    expect(perType.state).toEqual({ balance: 40, last: { amount: 60 }, flags: null });
  });

  it('prints one field\'s history with --field', () => {
    const history = JSON.parse(eventlens('replay', journals.ndjson, '--stream', 'account-1', '--field', '/balance', '--json').stdout);
    expect(history.path).toBe('/balance');
    expect(history.entries.map((e: { version: number; value: number }) => [e.version, e.value])).toEqual([
      [1, 0],
      [2, 100],
      [4, 40],
    ]);
  });

  it('replays a category in global order', () => {
    const result = JSON.parse(eventlens('replay', journals.ndjson, '--category', 'account', '--steps', '--json').stdout);
    expect(result.stream).toBe('account-*');
    expect(result.steps.map((s: { position: number }) => s.position)).toEqual([1, 3, 4, 5, 6]);
  });

  it('exits 1 when the reducer fails, saying where', () => {
    const folder = tempFolder();
    try {
      const path = join(folder.path, 'fails.mjs');
      writeFileSync(path, 'export function apply(state, event) {\n  if (event.version === 3) throw new Error("no third");\n  return state;\n}\n');
      const { code, stdout } = eventlens('replay', journals.ndjson, '--stream', 'account-1', '--reducer', path, '--json');
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ version: 2, failure: { count: 3, version: 3, message: 'no third', where: 'fails.mjs:2' } });
    } finally {
      folder.remove();
    }
  });
});

describe('bad input', () => {
  it.each([
    [['info', join(folder.path, 'nope.json'), '--json'], /nope\.json does not exist/],
    [['info', join(import.meta.dirname, 'cli.test.ts')], /cli\.test\.ts is not a journal Eventlens can read/],
    [['replay', journals.ndjson, '--stream', 'ghost', '--json'], /There is no stream "ghost" in bank\.ndjson/],
    [['events', journals.ndjson, '--stream', 'ghost'], /There is no stream "ghost"/],
    [['replay', journals.ndjson, '--json'], /replay needs --stream/],
    [['rates', journals.ndjson, '--bucket', '5m'], /--bucket expects auto, 1s, 1m, 1h, 1d/],
    [['frobnicate', journals.ndjson], /unknown command "frobnicate"/],
    [['info'], /info needs a journal FILE/],
    [['info', journals.ndjson, '--bogus'], /info: unknown option --bogus/],
    [['replay', journals.ndjson, '--stream', 'account-1', '--reducer', '/nowhere/reducer.js'], /reducer \/nowhere\/reducer\.js cannot be read/],
    [['replay', journals.ndjson, '--stream', 'account-1', '--type-reducer', 'x=nope'], /--type-reducer expects TYPE=KIND/],
    [['replay', journals.ndjson, '--stream', 'account-1', '--field', 'balance'], /expected a JSON Pointer/],
  ])('eventlens %j prints one clear line and exits 2', (args, message) => {
    const { code, stdout, stderr } = eventlens(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

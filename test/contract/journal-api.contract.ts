// The API's behaviour, written once and run against every way of reaching the service, and against each kind of
// journal (a file by default; a live store: journal-under-test.ts says where its answers differ, and why).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileDigest } from '../../shared/audit.js';
import type { JournalApi } from '../../shared/contract.js';
import { rateRows } from '../../shared/rates.js';
import { canonicalText } from '../../electron/audit/digest.js';
import { BANK_EVENTS, folderFingerprint, tempFolder, writeNdjson, writeSqlite } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';
import { NDJSON_JOURNAL } from './journal-under-test.js';
import type { JournalSource, JournalUnderTest } from './journal-under-test.js';

const REDUCERS = join(import.meta.dirname, '../support/reducers');
/** Enough events that a payload search takes many turns (or worker pages), so it can be watched and cancelled. */
const SEARCHED_EVENTS = 60_000;
/** Enough events that a text search over SQL payload columns takes many turns of the event loop. */
const SQL_SEARCHED_EVENTS = 200_000;
/** Enough events in one stream that its first replay to the end reads and folds over many turns. */
const WALKED_EVENTS = 80_000;

export interface ContractTarget {
  api: JournalApi;
  /**
   * A second session beside the first, as a second window or tab reaches it over the same transport (the same host,
   * the same main process).
   */
  another?(): Promise<JournalApi>;
  close(): Promise<void>;
}

export interface JournalApiOptions {
  /** The journal the cases ask about (BANK_EVENTS as an NDJSON file unless given). */
  journal?: JournalSource;
}

/** What the audit says it was made of: a file's bytes, or a journal that is no file's events (journal-digest.ts). */
async function expectedDigest(api: JournalApi, journal: JournalUnderTest): Promise<FileDigest> {
  if (!journal.live) return { algorithm: 'sha256', hex: createHash('sha256').update(readFileSync(journal.path)).digest('hex'), bytes: statSync(journal.path).size };
  // A live store: each event's canonical text, in global order, a line each.
  const lines = (await api.events({ limit: 100 })).events.map(({ digest: _shown, ...event }) => `${canonicalText(event)}\n`).join('');
  return { algorithm: 'sha256', hex: createHash('sha256').update(lines).digest('hex'), bytes: Buffer.byteLength(lines) };
}

/** `connect` gets the sample journal's path and returns a fresh client on a fresh service. */
export function describeJournalApi(transport: string, connect: (samplePath: string) => Promise<ContractTarget>, options: JournalApiOptions = {}): void {
  const source = options.journal ?? NDJSON_JOURNAL;
  // Cases about reading files of their own (large ones, SQLite read in place): asked beside a file journal only.
  const aboutFiles = source.live ? it.skip : it;
  describe(`JournalApi via ${transport}${options.journal === undefined ? '' : `, on ${source.label}`}`, () => {
    const folder = tempFolder();
    const reducers = tempFolder('eventlens-reducer-');
    const ndjson = join(folder.path, 'bank.ndjson');
    const sqlite = join(folder.path, 'bank.sqlite');
    let journal: JournalUnderTest;
    let target: ContractTarget;
    let api: JournalApi;
    let fingerprint: Record<string, string>;
    /** The version the journal gives a stream's n-th event (the fixture's version n). */
    const version = (n: number) => n - 1 + journal.firstVersion;
    /** The global position the journal gives the fixture's i-th event (from 1). */
    const position = (i: number) => journal.positions[i - 1]!;

    beforeAll(async () => {
      writeNdjson(ndjson, BANK_EVENTS);
      writeSqlite(sqlite, BANK_EVENTS);
      journal = await source.write(folder.path);
      fingerprint = folderFingerprint(folder.path);
      target = await connect(ndjson);
      api = target.api;
    }, 120_000);
    afterAll(async () => {
      await target.close();
      expect(folderFingerprint(folder.path)).toEqual(fingerprint);
      folder.remove();
      reducers.remove();
    });

    it('starts with no journal open', async () => {
      expect(await api.summary()).toBeNull();
      await expect(api.events({})).rejects.toMatchObject({ code: 'no-journal', message: expect.stringMatching(/No journal is open/) });
    });

    it('opens a journal and summarizes it', async () => {
      const summary = await api.openJournal({ path: journal.path });
      expect(summary).toMatchObject({
        path: journal.shownPath,
        name: journal.name,
        format: journal.format,
        events: 7,
        streams: 3,
        firstTime: '2026-01-05T09:00:00.000Z',
        lastTime: '2026-01-07T12:30:00.000Z',
        findings: journal.openingFindings,
        moreFindings: 0,
      });
      expect(summary.live !== undefined).toBe(journal.live);
      expect(summary.types[0]).toEqual({ type: 'account_opened', count: 2 });
      expect(await api.summary()).toEqual(summary);
      expect(await api.recent()).toEqual([journal.shownPath]);
    });

    it('lists streams with counts, versions and times, and filters them', async () => {
      expect(await api.streams({})).toEqual([
        { stream: 'account-1', events: 4, firstVersion: version(1), lastVersion: version(4), firstTime: '2026-01-05T09:00:00.000Z', lastTime: '2026-01-07T12:00:00.000Z' },
        { stream: 'account-2', events: 1, firstVersion: version(1), lastVersion: version(1), firstTime: '2026-01-06T08:00:00.000Z', lastTime: '2026-01-06T08:00:00.000Z' },
        { stream: 'user-1', events: 2, firstVersion: version(1), lastVersion: version(2), firstTime: '2026-01-05T09:00:30.000Z', lastTime: '2026-01-07T12:30:00.000Z' },
      ]);
      expect((await api.streams({ filter: 'ACCOUNT' })).map((s) => s.stream)).toEqual(['account-1', 'account-2']);
    });

    it('pages the stream list, sorted, filtered by glob and counted within a time range', async () => {
      expect(await api.streamPage({ sort: 'count', limit: 2 })).toEqual({
        total: 3,
        offset: 0,
        streams: [
          expect.objectContaining({ stream: 'account-1', events: 4 }),
          expect.objectContaining({ stream: 'user-1', events: 2 }),
        ],
      });
      expect((await api.streamPage({ sort: 'last', offset: 1 })).streams.map((s) => s.stream)).toEqual(['account-1', 'account-2']);
      expect((await api.streamPage({ filter: 'ACC*-?' })).streams.map((s) => s.stream)).toEqual(['account-1', 'account-2']);
      expect((await api.streams({ filter: '*-2' })).map((s) => s.stream)).toEqual(['account-2']);
      const day = await api.streamPage({ from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' });
      expect(day.streams.map((s) => [s.stream, s.events])).toEqual([
        ['account-1', 1],
        ['account-2', 1],
      ]);
      expect((await api.streamPage({ text: 'example.org' })).streams.map((s) => [s.stream, s.events])).toEqual([['user-1', 1]]);
      expect((await api.streamPage({ where: 'data.balance >= 40' })).streams.map((s) => [s.stream, s.events])).toEqual([['account-1', 2]]);
      expect((await api.streamPage({ types: ['user_updated'] })).streams).toEqual([
        { stream: 'user-1', events: 1, firstVersion: version(2), lastVersion: version(2), firstTime: '2026-01-07T12:30:00.000Z', lastTime: '2026-01-07T12:30:00.000Z' },
      ]);
    });

    it('pages events and filters them by stream, type, time and payload text', async () => {
      const all = await api.events({});
      expect(all.total).toBe(7);
      expect(all.events.map((e) => e.position)).toEqual(journal.positions);
      const page = await api.events({ offset: 2, limit: 2 });
      expect(page).toMatchObject({ total: 7, offset: 2 });
      expect(page.events.map((e) => e.position)).toEqual([position(3), position(4)]);
      expect((await api.events({ stream: 'account-1' })).events.map((e) => e.version)).toEqual([1, 2, 3, 4].map(version));
      expect((await api.events({ types: ['account_opened', 'user_created'] })).events.map((e) => e.type)).toEqual(['account_opened', 'user_created', 'account_opened']);
      const window = await api.events({ from: '2026-01-06T00:00:00Z', to: '2026-01-07T12:00:00Z' });
      expect(window.events.map((e) => e.position)).toEqual([position(4), position(5)]);
      expect((await api.events({ text: 'EXAMPLE.ORG' })).events.map((e) => e.position)).toEqual([position(7)]);
      expect((await api.events({ text: 'admin' })).events.map((e) => e.position)).toEqual([position(7)]);
      expect((await api.events({ stream: 'no-such-stream' })).total).toBe(0);
      expect((await api.events({ where: 'data.balance >= 40' })).events.map((e) => e.position)).toEqual([position(3), position(6)]);
      expect((await api.events({ where: 'metadata.actor = admin' })).events.map((e) => e.position)).toEqual([position(7)]);
      expect((await api.events({ category: 'account' })).total).toBe(5);
    });

    it('pages from the event at a position: its row under the filters, or not-found', async () => {
      await api.openJournal({ path: journal.path });
      expect(await api.events({ at: position(5), limit: 2 })).toMatchObject({ total: 7, offset: 4, events: [{ position: position(5) }, { position: position(6) }] });
      // account-1 holds the 1st, 3rd, 5th and 6th events: the 5th is its third row.
      expect(await api.events({ stream: 'account-1', at: position(5), limit: 1 })).toMatchObject({ total: 4, offset: 2, events: [{ position: position(5), version: version(3) }] });
      await expect(api.events({ stream: 'user-1', at: position(5) })).rejects.toMatchObject({ code: 'not-found' });
      await expect(api.events({ at: position(7) + 99 })).rejects.toMatchObject({ code: 'not-found' });
      // A position the store's sequence skipped is no event's.
      const skipped = Array.from({ length: position(7) }, (_, index) => index + 1).filter((p) => !journal.positions.includes(p));
      for (const gap of skipped) await expect(api.events({ at: gap }), `position ${gap}`).rejects.toMatchObject({ code: 'not-found' });
    });

    it('counts events per bucket, for the journal or one stream, within a time window', async () => {
      const day = await api.rates({ bucket: '1d' });
      expect(day.start).toBe('2026-01-05T00:00:00.000Z');
      expect(rateRows(day)).toEqual([
        { start: '2026-01-05T00:00:00.000Z', count: 3, byType: { account_opened: 1, user_created: 1, money_deposited: 1 } },
        { start: '2026-01-06T00:00:00.000Z', count: 2, byType: { account_opened: 1, note_added: 1 } },
        { start: '2026-01-07T00:00:00.000Z', count: 2, byType: { money_withdrawn: 1, user_updated: 1 } },
      ]);
      expect(day.types[0]).toEqual({ type: 'account_opened', count: 2, counts: [1, 1, 0] });
      const auto = await api.rates({});
      expect(auto.bucket).toBe('1h'); // 51 hours: minutes would be over 1,500 buckets
      expect(auto.totals.reduce((n, c) => n + c, 0)).toBe(7);
      const user = await api.rates({ stream: 'user-1', bucket: '1d' });
      expect(user.totals).toEqual([1, 0, 1]);
      // A window zooms in: only its events count, and auto picks finer buckets for it.
      const sixth = await api.rates({ from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' });
      expect(sixth.totals.reduce((n, c) => n + c, 0)).toBe(2);
      expect(sixth.bucket).toBe('1m');
      expect(Date.parse(sixth.start!)).toBeGreaterThanOrEqual(Date.parse('2026-01-06T00:00:00Z'));
      const userLater = await api.rates({ stream: 'user-1', bucket: '1d', from: '2026-01-06T00:00:00Z' });
      expect(userLater.totals).toEqual([0, 1]);
      expect(await api.rates({ from: '2030-01-01T00:00:00Z' })).toEqual({ bucket: '1h', start: null, totals: [], types: [] });
    });

    it('counts only the events the filters select (types, payload text, a condition), in every scope and window', async () => {
      // The journal and another export of the same history count alike.
      for (const path of [journal.path, journal.sameHistory]) {
        await api.openJournal({ path });
        const typed = await api.rates({ bucket: '1d', types: ['account_opened', 'money_withdrawn'] });
        expect(rateRows(typed), path).toEqual([
          { start: '2026-01-05T00:00:00.000Z', count: 1, byType: { account_opened: 1 } },
          { start: '2026-01-06T00:00:00.000Z', count: 1, byType: { account_opened: 1 } },
          { start: '2026-01-07T00:00:00.000Z', count: 1, byType: { money_withdrawn: 1 } },
        ]);
        // The buckets still span the journal: a chart keeps its time axis while the filters narrow its bars.
        expect((await api.rates({ bucket: '1d', text: 'ADA' })).totals, path).toEqual([2, 0, 1]);
        expect((await api.rates({ bucket: '1d', where: 'data.balance >= 40' })).totals, path).toEqual([1, 0, 1]);
        expect((await api.rates({ bucket: '1h', where: 'data.balance >= 40', types: ['money_deposited'] })).totals.reduce((n, c) => n + c, 0), path).toBe(1);
        const stream = await api.rates({ stream: 'account-1', bucket: '1d', where: 'data.balance >= 40', types: ['money_withdrawn'] });
        expect(rateRows(stream).map((row) => row.count), path).toEqual([0, 0, 1]);
        expect((await api.rates({ category: 'user', bucket: '1d', text: 'example.org' })).totals, path).toEqual([0, 0, 1]);
        expect((await api.rates({ bucket: '1d', text: 'ada', from: '2026-01-06T00:00:00Z' })).totals, path).toEqual([0, 1]);
        // Nothing selected: the span stays, every bucket empty.
        const none = await api.rates({ bucket: '1d', types: ['no_such_type'] });
        expect(none, path).toMatchObject({ start: '2026-01-05T00:00:00.000Z', totals: [0, 0, 0], types: [] });
        await expect(api.rates({ where: 'data.amount >>> 5' }), path).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/">>" at character 14/) });
      }
      await api.openJournal({ path: journal.path });
    });

    it('reports no long work when none runs, and has no search to cancel', async () => {
      expect(await api.workProgress()).toEqual({ search: null, replay: null });
      expect(await api.cancelSearch()).toBe(false);
    });

    aboutFiles('tells how far a long payload search has got, and stops it when cancelled', async () => {
      const big = join(folder.path, 'big.ndjson');
      const start = Date.parse('2026-02-01T00:00:00Z');
      const lines: string[] = [];
      for (let i = 0; i < SEARCHED_EVENTS; i++) {
        const data = { amount: (i * 7919) % 1000, note: `transfer ${i}`, lines: [{ sku: `s-${i % 97}`, qty: i % 7 }] };
        lines.push(JSON.stringify({ stream: `order-${i % 500}`, version: Math.floor(i / 500) + 1, type: 'placed', time: new Date(start + i * 1000).toISOString(), data }));
      }
      writeFileSync(big, lines.join('\n') + '\n');
      try {
        await api.openJournal({ path: big });
        const asked = api.events({ where: 'data.amount > 990', limit: 1 }).then(
          () => null,
          (error: unknown) => error,
        );
        let seen: Awaited<ReturnType<JournalApi['workProgress']>>['search'] = null;
        for (let poll = 0; poll < 400 && seen === null; poll++) seen = (await api.workProgress()).search;
        expect(seen).toMatchObject({ searching: ['data.amount > 990'], total: SEARCHED_EVENTS });
        expect(seen!.scanned).toBeLessThan(SEARCHED_EVENTS);
        expect(await api.cancelSearch()).toBe(true);
        expect(await asked).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/search for data\.amount > 990 .*cancelled/) });
        // Stopped, not left running: nothing is searching, and the same question asked again is answered in full.
        expect((await api.workProgress()).search).toBeNull();
        expect(await api.cancelSearch()).toBe(false);
        const page = await api.events({ where: 'data.amount > 990', limit: 1 });
        expect(page.total).toBe(lines.filter((line) => (JSON.parse(line) as { data: { amount: number } }).data.amount > 990).length);
      } finally {
        await api.openJournal({ path: journal.path });
        rmSync(big, { force: true });
      }
    }, 60_000);

    aboutFiles('tells how far a text search over a SQLite journal read in place has got, stops it when cancelled, and finds what one query finds', async () => {
      const big = join(folder.path, 'big.sqlite');
      const start = Date.parse('2026-02-01T00:00:00Z');
      const events: FixtureEvent[] = [];
      for (let i = 0; i < SQL_SEARCHED_EVENTS; i++) {
        const data = { amount: (i * 7919) % 1000, note: `transfer ${i} ${'x'.repeat(200)}` };
        events.push({ stream: `order-${i % 500}`, version: Math.floor(i / 500) + 1, type: 'placed', time: new Date(start + i * 1000).toISOString(), data });
      }
      writeSqlite(big, events);
      // What one SQL statement over every payload finds (the search before it was read in ranges), in global order.
      const needle = 'Transfer 1999';
      const expected = events.flatMap((event, i) => (JSON.stringify(event.data).toLowerCase().includes(needle.toLowerCase()) ? [i + 1] : []));
      try {
        expect(await api.openJournal({ path: big })).toMatchObject({ format: 'sqlite', events: SQL_SEARCHED_EVENTS });
        const asked = api.events({ text: needle, limit: 1 }).then(
          () => null,
          (error: unknown) => error,
        );
        let seen: Awaited<ReturnType<JournalApi['workProgress']>>['search'] = null;
        // Polled until some rows were tested: the count moves while the search runs, between none and every event.
        // Each poll waits a moment, so the service (in this process, for one surface) gets turns to search between.
        for (const until = Date.now() + 60_000; Date.now() < until && !(seen !== null && seen.scanned > 0); ) {
          seen = (await api.workProgress()).search ?? seen;
          if (seen === null || seen.scanned === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
        expect(seen).toMatchObject({ searching: [`text ${needle}`], total: SQL_SEARCHED_EVENTS });
        expect(seen!.scanned).toBeGreaterThan(0);
        expect(seen!.scanned).toBeLessThan(SQL_SEARCHED_EVENTS);
        expect(await api.cancelSearch()).toBe(true);
        expect(await asked).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/search for text Transfer 1999 .*cancelled/) });
        expect((await api.workProgress()).search).toBeNull();
        expect(await api.cancelSearch()).toBe(false);
        const page = await api.events({ text: needle, limit: 100 });
        expect(page.total).toBe(expected.length);
        expect(page.events.map((event) => event.position)).toEqual(expected.slice(0, 100));
        const within = await api.events({ text: needle, types: ['placed'], offset: 5, limit: 3 });
        expect(within.events.map((event) => event.position)).toEqual(expected.slice(5, 8));
      } finally {
        await api.openJournal({ path: journal.path });
        rmSync(big, { force: true });
      }
    }, 120_000);

    aboutFiles('tells how far a long replay walk has got, for a stream and a category, and stops it when cancelled', async () => {
      const big = join(folder.path, 'ledger.ndjson');
      const start = Date.parse('2026-02-01T00:00:00Z');
      const lines: string[] = [];
      for (let i = 0; i < WALKED_EVENTS; i++) {
        lines.push(JSON.stringify({ stream: 'ledger-1', version: i + 1, type: 'posted', time: new Date(start + i * 1000).toISOString(), data: { amount: i, [`k${i % 40}`]: i } }));
      }
      writeFileSync(big, lines.join('\n') + '\n');
      const last: Record<string, number> = { amount: WALKED_EVENTS - 1 };
      for (let i = WALKED_EVENTS - 40; i < WALKED_EVENTS; i++) last[`k${i % 40}`] = i;
      try {
        await api.openJournal({ path: big });
        expect(await api.cancelReplay()).toBe(false);
        for (const [subject, label] of [[{ stream: 'ledger-1' }, 'ledger-1'], [{ category: 'ledger' }, 'ledger-*']] as const) {
          const asked = api.replayAt({ ...subject, count: WALKED_EVENTS }).then(
            () => null,
            (error: unknown) => error,
          );
          let seen: Awaited<ReturnType<JournalApi['workProgress']>>['replay'] = null;
          for (const until = Date.now() + 60_000; Date.now() < until && seen === null; ) {
            seen = (await api.workProgress()).replay;
            if (seen === null) await new Promise((resolve) => setTimeout(resolve, 5));
          }
          expect(seen, label).toMatchObject({ subject: label, total: WALKED_EVENTS });
          expect(seen!.done).toBeLessThan(WALKED_EVENTS);
          expect(await api.cancelReplay()).toBe(true);
          expect(await asked).toMatchObject({ code: 'cancelled', message: expect.stringContaining(`The replay of ${label} was cancelled at `) });
          // Stopped, not left running: nothing walks, and the same step asked again is answered in full.
          expect((await api.workProgress()).replay).toBeNull();
          expect(await api.cancelReplay()).toBe(false);
          const point = await api.replayAt({ ...subject, count: WALKED_EVENTS });
          expect(point).toMatchObject({ total: WALKED_EVENTS, count: WALKED_EVENTS, event: { stream: 'ledger-1', version: WALKED_EVENTS } });
          expect(point.state).toEqual(last);
        }
      } finally {
        await api.openJournal({ path: journal.path });
        rmSync(big, { force: true });
      }
    }, 120_000);

    it('replays a stream to a version, with each step\'s changes', async () => {
      expect(await api.replay({ stream: 'account-1', to: version(2) })).toEqual({
        stream: 'account-1',
        version: version(2),
        state: { owner: 'ada', balance: 100, flags: { vip: false }, last: { amount: 100 } },
      });
      const full = await api.replay({ stream: 'user-1', steps: true });
      expect(full).toEqual({
        stream: 'user-1',
        version: version(2),
        state: { name: 'Ada', email: 'ada@example.org', phone: '+1-555-0100' },
        steps: [
          {
            version: version(1),
            position: position(2),
            type: 'user_created',
            time: '2026-01-05T09:00:30.000Z',
            changes: [
              { path: '/name', kind: 'added', after: 'Ada' },
              { path: '/email', kind: 'added', after: 'ada@example.com' },
            ],
          },
          {
            version: version(2),
            position: position(7),
            type: 'user_updated',
            time: '2026-01-07T12:30:00.000Z',
            changes: [
              { path: '/email', kind: 'changed', before: 'ada@example.com', after: 'ada@example.org' },
              { path: '/phone', kind: 'added', after: '+1-555-0100' },
            ],
          },
        ],
      });
      const withNote = await api.replay({ stream: 'account-1', steps: true });
      expect(withNote.steps![2]).toMatchObject({ version: version(3), changes: [], note: expect.stringMatching(/not an object/) });
    });

    it('refuses an unknown stream, naming it', async () => {
      await expect(api.replay({ stream: 'ghost-9' })).rejects.toMatchObject({ code: 'unknown-stream', message: `There is no stream "ghost-9" in ${journal.name}.` });
    });

    it('validates arguments', async () => {
      const loose = api as unknown as Record<string, (argument: unknown) => Promise<unknown>>;
      await expect(loose.events!({ limit: -5 })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/events at limit/) });
      await expect(loose.events!({ offset: 'ten' })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(loose.openJournal!({})).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/openJournal at path/) });
      await expect(loose.streams!({ filter: 'a', extra: true })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(loose.rates!({ bucket: '5m' })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(loose.replay!({ stream: 'account-1', to: 'end' })).rejects.toMatchObject({ code: 'bad-request' });
    });

    it('explains a file that cannot be opened and keeps the open journal', async () => {
      await expect(api.openJournal({ path: join(folder.path, 'missing.ndjson') })).rejects.toMatchObject({
        code: 'not-found',
        message: expect.stringMatching(/missing\.ndjson does not exist/),
      });
      expect((await api.summary())?.name).toBe(journal.name);
    });

    it('says when naming the fields by hand would help (remedy "map"), in no surface\'s own syntax', async () => {
      const odd = join(folder.path, 'odd.ndjson');
      writeFileSync(odd, `${JSON.stringify({ agg: 'a-1', kind: 'opened', body: {} })}\n`);
      try {
        const failure = await api.openJournal({ path: odd }).then(
          () => null,
          (error: unknown) => error as { code: string; message: string; remedy?: string },
        );
        expect(failure).toMatchObject({ code: 'bad-format', remedy: 'map', message: expect.stringMatching(/^No events could be read\./) });
        expect(failure!.message).not.toMatch(/--map|Map columns/);
        expect((await api.summary())?.name).toBe(journal.name);
      } finally {
        rmSync(odd);
      }
    });

    it('lists the fields (JSON) and tables\' columns (SQLite) a file holds, read-only, leaving the journal open as it was', async () => {
      await api.openJournal({ path: journal.path });
      const before = await api.summary();
      const json = await api.sampleFields({ path: ndjson });
      expect(json).toMatchObject({ kind: 'json', notes: [] });
      expect(json.sources).toHaveLength(1);
      const records = json.sources[0]!;
      expect(records).toMatchObject({ table: null, records: 7 });
      expect(records.fields).toEqual([
        { name: 'stream', count: 7, example: 'account-1' },
        { name: 'version', count: 7, example: '1' },
        { name: 'type', count: 7, example: 'account_opened' },
        { name: 'time', count: 7, example: '2026-01-05T09:00:00.000Z' },
        { name: 'data', count: 7, example: '{"owner":"ada","balance":0,"flags":{"vip":false}}' },
        { name: 'metadata', count: 1, example: '{"actor":"admin"}' },
      ]);
      expect(records.guess).toEqual({ stream: 'stream', version: 'version', type: 'type', data: 'data', metadata: 'metadata', time: 'time' });
      expect(records.rows).toHaveLength(5);
      expect(records.rows[4]).toEqual({ stream: 'account-1', version: '3', type: 'note_added', time: '2026-01-06T11:00:00.000Z', data: 'free text, not an object' });

      const db = await api.sampleFields({ path: sqlite });
      expect(db.kind).toBe('sqlite');
      expect(db.sources.map((source) => [source.table, source.records])).toEqual([
        ['events', 7],
        ['snapshots', 0],
      ]);
      const events = db.sources[0]!;
      expect(events.fields.map((field) => [field.name, field.count])).toEqual([
        ['global_position', 7],
        ['stream_id', 7],
        ['version', 7],
        ['event_type', 7],
        ['data', 7],
        ['metadata', 1],
        ['created_at', 7],
      ]);
      expect(events.fields[1]!.example).toBe('account-1');
      expect(events.guess).toEqual({ stream: 'stream_id', version: 'version', position: 'global_position', type: 'event_type', data: 'data', metadata: 'metadata', time: 'created_at' });
      expect(db.sources[1]!.fields).toEqual([
        { name: 'aggregate_id', count: 0, example: null },
        { name: 'body', count: 0, example: null },
      ]);

      await expect(api.sampleFields({ path: join(folder.path, 'missing.ndjson') })).rejects.toMatchObject({ code: 'not-found' });
      await expect(api.sampleFields({} as never)).rejects.toMatchObject({ code: 'bad-request' });
      expect(await api.summary()).toEqual(before);
    });

    // Beside a live store, this whole run is the same answers from another kind of journal.
    aboutFiles('opens a SQLite journal with the same answers', async () => {
      const summary = await api.openJournal({ path: sqlite });
      expect(summary).toMatchObject({ format: 'sqlite', events: 7, streams: 3, firstTime: '2026-01-05T09:00:00.000Z' });
      expect((await api.replay({ stream: 'account-1' })).state).toEqual({ owner: 'ada', balance: 40, last: { amount: 60 } });
      expect((await api.recent())[0]).toBe(sqlite);
    });

    it('answers any point of a replay, with what its event changed and a comparison with another point', async () => {
      await api.openJournal({ path: journal.path });
      const start = await api.replayAt({ stream: 'account-1', count: 0 });
      expect(start).toEqual({ total: 4, count: 0, event: null, state: {}, changes: [], revision: null });
      const second = await api.replayAt({ stream: 'account-1', count: 2, compareTo: 4 });
      expect(second).toMatchObject({
        total: 4,
        count: 2,
        event: { version: version(2), type: 'money_deposited' },
        state: { owner: 'ada', balance: 100, flags: { vip: false }, last: { amount: 100 } },
        changes: [
          { path: '/balance', kind: 'changed', before: 0, after: 100 },
          { path: '/last', kind: 'added', after: { amount: 100 } },
        ],
      });
      expect(second.compared).toEqual(
        expect.arrayContaining([{ path: '/balance', kind: 'changed', before: 40, after: 100 }, { path: '/flags', kind: 'added', after: { vip: false } }]),
      );
      expect((await api.replayAt({ stream: 'account-1', count: 3 })).note).toMatch(/not an object/);
      expect((await api.replayAt({ stream: 'account-1', count: 99 })).count).toBe(4);
    });

    it('lists the history of one field', async () => {
      expect(await api.fieldHistory({ stream: 'account-1', path: '/balance' })).toEqual({
        path: '/balance',
        entries: [
          { count: 1, version: version(1), position: position(1), stream: 'account-1', type: 'account_opened', time: '2026-01-05T09:00:00.000Z', value: 0 },
          { count: 2, version: version(2), position: position(3), stream: 'account-1', type: 'money_deposited', time: '2026-01-05T10:15:00.000Z', value: 100 },
          { count: 4, version: version(4), position: position(6), stream: 'account-1', type: 'money_withdrawn', time: '2026-01-07T12:00:00.000Z', value: 40 },
        ],
      });
      expect((await api.fieldHistory({ stream: 'account-1', path: '/flags/vip' })).entries.map((e) => [e.count, e.value])).toEqual([
        [1, false],
        [4, undefined],
      ]);
    });

    it('replays every stream of a category in global order, through one reducer', async () => {
      const point = await api.replayAt({ category: 'account', count: 5 });
      expect(point.total).toBe(5);
      expect(point.event).toMatchObject({ stream: 'account-1', version: version(4) });
      expect(point.state).toMatchObject({ owner: 'grace', balance: 40 });
      await expect(api.replayAt({ category: 'nothing', count: 1 })).rejects.toMatchObject({ code: 'unknown-stream' });
      await expect(api.replayAt({ stream: 'account-1', category: 'account', count: 1 })).rejects.toMatchObject({ code: 'bad-request' });
    });

    it('loads the user reducer and shows where it fails', async () => {
      const info = await api.loadReducer({ path: join(REDUCERS, 'ledger.mjs') });
      expect(info).toMatchObject({ name: 'ledger.mjs', revision: 1 });
      expect(await api.reducerStatus()).toEqual(info);
      const point = await api.replayAt({ stream: 'account-1', count: 2, reducer: 'custom' });
      // The ledger reducer adds data.amount, which these events do not carry: it counts versions only.
      expect(point).toMatchObject({ count: 2, revision: 1, state: { balance: 0, entries: [version(1), version(2)] } });
      expect((await api.replayAt({ stream: 'account-1', count: 4, reducer: 'custom' })).state).toEqual({ balance: 0, entries: [1, 2, 3, 4].map(version) });
      await api.unloadReducer();
      expect(await api.reducerStatus()).toBeNull();
      await expect(api.replayAt({ stream: 'account-1', count: 1, reducer: 'custom' })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(api.loadReducer({ path: join(folder.path, 'no-such-reducer.js') })).rejects.toMatchObject({ code: 'not-found' });
    });

    it('reloads the reducer file when it changes on disk', async () => {
      const path = join(reducers.path, 'counter.mjs');
      writeFileSync(path, 'export const apply = (state, event) => ({ seen: (state.seen ?? 0) + 1 });\n');
      await api.loadReducer({ path });
      expect((await api.replayAt({ stream: 'user-1', count: 2, reducer: 'custom' })).state).toEqual({ seen: 2 });
      writeFileSync(path, `export const apply = (state, event) => { if (event.version === ${version(2)}) throw new Error("edited"); return { version: event.version }; };\n`);
      await expect.poll(async () => (await api.reducerStatus())?.revision, { timeout: 5000 }).toBe(2);
      const point = await api.replayAt({ stream: 'user-1', count: 2, reducer: 'custom' });
      expect(point).toMatchObject({ count: 2, revision: 2, state: { version: version(1) }, failure: { count: 2, version: version(2), position: position(7), stream: 'user-1', message: 'edited', where: 'counter.mjs:1' } });
      await api.unloadReducer();
    });

    it('audits the journal open: its digest, findings placed by stream and version, the payload schemas', async () => {
      await api.openJournal({ path: journal.path });
      const audit = await api.audit();
      expect(audit.journal).toMatchObject({ path: journal.shownPath, name: journal.name, format: journal.format, events: 7, streams: 3 });
      expect(audit.digest).toEqual(await expectedDigest(api, journal));
      expect(audit.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
      expect(audit.chain).toBeNull();
      expect(audit.drift.map((type) => type.type).sort()).toEqual(['account_opened', 'money_deposited', 'money_withdrawn', 'note_added', 'user_created', 'user_updated']);
      // Each event's digest comes with it: the same content gives the same digest, whatever the format.
      const fromJournal = (await api.events({ stream: 'account-1' })).events.map((event) => event.digest);
      expect(fromJournal.every((digest) => /^[0-9a-f]{64}$/.test(digest ?? ''))).toBe(true);
      await api.openJournal({ path: journal.sameHistory });
      expect((await api.events({ stream: 'account-1' })).events.map((event) => event.digest)).toEqual(fromJournal);
    });

    it('compares the journal open with another export, and reports both', async () => {
      await api.openJournal({ path: journal.path });
      // Another export holds the same history in other bytes: identical events, different digests.
      const same = await api.compare({ path: journal.sameHistory });
      expect(same).toMatchObject({ identical: true, added: 0, removed: 0, modified: 0, rewritten: 0, differences: [] });
      expect(same.a.digest.hex).not.toBe(same.b.digest.hex);
      const changed = await journal.changedHistory(folder.path, { balance: 1000 });
      const comparison = await api.compare({ path: changed });
      expect(comparison).toMatchObject({ identical: false, modified: 1, rewritten: 1 });
      expect(comparison.differences[0]).toMatchObject({ kind: 'modified', stream: 'account-1', version: version(2) });
      await expect(api.compare({ path: join(folder.path, 'missing.ndjson') })).rejects.toMatchObject({ code: 'not-found' });

      const html = await api.report({ format: 'html' });
      expect(html).toMatchObject({ name: journal.reportName, mediaType: 'text/html' });
      expect(html.content).toContain(comparison.a.digest.hex);
      expect(html.content).toContain(basename(changed));
      const json = await api.report({ format: 'json' });
      expect(JSON.parse(json.content)).toMatchObject({ audit: { journal: { name: journal.name } }, comparison: { modified: 1 } });
      await expect(api.report({ format: 'pdf' } as never)).rejects.toMatchObject({ code: 'bad-request' });
      // The report follows the journal open: another journal's report has no comparison made with the one before.
      await api.openJournal({ path: journal.sameHistory });
      expect(JSON.parse((await api.report({ format: 'json' })).content).comparison).toBeNull();
      rmSync(changed);
    });

    it('keeps two sessions apart: a journal, reducer, replay, findings and comparison in one never reach the other', async () => {
      if (target.another === undefined) throw new Error(`The ${transport} target offers no second session.`);
      const second = await target.another();
      await api.openJournal({ path: journal.path });
      await api.loadReducer({ path: join(REDUCERS, 'ledger.mjs') });
      expect(await second.summary()).toBeNull();
      expect(await second.reducerStatus()).toBeNull();

      // The second tab opens another journal: the first still answers for its own.
      const changed = join(folder.path, 'bank-second.ndjson');
      writeNdjson(changed, BANK_EVENTS.map((event) => (event.stream === 'account-1' && event.version === 2 ? { ...event, data: { balance: 1000 } } : event)));
      expect(await second.openJournal({ path: changed })).toMatchObject({ name: 'bank-second.ndjson', events: 7 });
      expect(await api.summary()).toMatchObject({ path: journal.shownPath, name: journal.name });
      const first = (await api.events({ stream: 'account-1' })).events.find((event) => event.version === version(2));
      const other = (await second.events({ stream: 'account-1' })).events.find((event) => event.version === 2);
      expect(first?.data).not.toEqual({ balance: 1000 });
      expect(other?.data).toEqual({ balance: 1000 });
      expect((await api.replayAt({ stream: 'account-1', count: 2, reducer: 'custom' })).revision).toBe(1);
      await expect(second.replayAt({ stream: 'account-1', count: 2, reducer: 'custom' })).rejects.toMatchObject({ code: 'bad-request' });

      // A comparison made in one is not in the other's report.
      expect(await second.compare({ path: ndjson })).toMatchObject({ modified: 1 });
      expect(JSON.parse((await api.report({ format: 'json' })).content)).toMatchObject({ audit: { journal: { name: journal.name } }, comparison: null });
      expect((await api.audit()).journal.name).toBe(journal.name);
      expect((await second.audit()).journal.name).toBe('bank-second.ndjson');
      await api.unloadReducer();
      rmSync(changed);
    });

    it('opens the sample journal', async () => {
      const summary = await api.openSample();
      expect(summary).toMatchObject({ name: 'Sample journal', events: 7 });
    });
  });
}

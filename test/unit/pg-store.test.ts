// Each PostgreSQL store, written through its own write path, read live: it must answer what the same events answer
// when read from a file (streams, counts, pages, filters, rates, replay), number versions as the store does, and
// refuse every write through our connection.
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, JournalEvent, JournalSummary } from '../../shared/model.js';
import { PgSession } from '../../electron/postgres/pg-session.js';
import { parsePgTarget } from '../../electron/postgres/pg-target.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { PG_STORE_KINDS, writePgStore } from '../support/pg/stores.js';
import type { PgStoreKind } from '../support/pg/stores.js';

/** Where each store starts its per-stream versions (the fixture's are 1-based). */
const FIRST_VERSION: Record<PgStoreKind, number> = { 'message-db': 0, emmett: 1, marten: 1, commanded: 1, 'rails-event-store': 0, eventsourcing: 1 };
const FORMAT: Record<PgStoreKind, string> = {
  'message-db': 'message-db',
  emmett: 'emmett',
  marten: 'marten',
  commanded: 'commanded',
  'rails-event-store': 'rails-event-store',
  eventsourcing: 'eventsourcing-python',
};

const byPath = (changes: readonly Change[]) => [...changes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

/** What an event says, apart from where the store put it (positions and ids are the store's own). */
function content(event: JournalEvent, shift: number) {
  return { stream: event.stream, version: event.version + shift, type: event.type, data: event.data };
}

describe('live PostgreSQL stores', () => {
  const folder = tempFolder();
  const cache = tempFolder('eventlens-cache-');
  let server: PgServer;
  const urls = new Map<PgStoreKind, string>();
  let file: JournalService;

  beforeAll(async () => {
    server = await startPg();
    for (const kind of PG_STORE_KINDS) {
      const url = await server.createDatabase(kind.replaceAll('-', '_'));
      await writePgStore(kind, url, BANK_EVENTS);
      urls.set(kind, url);
    }
    file = new JournalService({ samplePath: '', cacheDir: cache.path });
    await file.openJournal({ path: writeNdjson(join(folder.path, 'bank.ndjson'), BANK_EVENTS) });
  }, 300_000);

  afterAll(async () => {
    await file?.close();
    await server?.stop();
    folder.remove();
    cache.remove();
  }, 120_000);

  it('says what is wrong with a connection: no store there, no server there, not a URL', async () => {
    const service = new JournalService({ samplePath: '', cacheDir: cache.path });
    try {
      const empty = await server.createDatabase('empty');
      await expect(service.testConnection({ url: empty })).rejects.toMatchObject({ code: 'bad-format', message: expect.stringMatching(/holds no event store Eventlens knows/) });
      await expect(service.openJournal({ path: empty })).rejects.toMatchObject({ code: 'bad-format' });
      await expect(service.testConnection({ url: 'postgres://nobody@127.0.0.1:1/db' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/No PostgreSQL server answers at 127\.0\.0\.1:1/) });
      await expect(service.testConnection({ url: '/tmp/bank.ndjson' })).rejects.toMatchObject({ code: 'bad-request' });
      // A password in the URL is used, never shown: the name and the messages leave it out.
      const withPassword = urls.get('marten')!.replace('postgres@', 'postgres:s3cret@');
      const check = await service.testConnection({ url: withPassword });
      expect(check.name).not.toContain('s3cret');
      const opened = await service.openJournal({ path: withPassword });
      expect(JSON.stringify(opened)).not.toContain('s3cret');
      expect(JSON.stringify(await service.recent())).not.toContain('s3cret');
    } finally {
      await service.close();
    }
  });

  it('audits a live store: a sequence value left unused is no finding, a version skipped is', async () => {
    const url = await server.createDatabase('audited');
    await writePgStore('message-db', url, BANK_EVENTS);
    const client = new pg.Client(url);
    await client.connect();
    try {
      await client.query('SET search_path = message_store, public');
      // A write rolled back: its global position is taken from the sequence and never used.
      await client.query('BEGIN');
      await client.query(`SELECT write_message(gen_random_uuid()::text, 'account-2', 'money_deposited', '{"balance": 6}'::jsonb)`);
      await client.query('ROLLBACK');
      await client.query(`SELECT write_message(gen_random_uuid()::text, 'account-2', 'money_deposited', '{"balance": 7}'::jsonb)`);
      // A stream whose version 1 is missing (written around the store's own function).
      await client.query(`INSERT INTO messages (stream_name, position, type, data) VALUES ('loan-1', 0, 'opened', '{}'), ('loan-1', 2, 'closed', '{}')`);
    } finally {
      await client.end();
    }
    const service = new JournalService({ samplePath: '', cacheDir: cache.path });
    try {
      await service.openJournal({ path: url });
      // Past nine events, positions still sort as numbers (a text column named like them once sorted 1, 10, 11, 2).
      const positions = (await service.events({ limit: 100 })).events.map((event) => event.position);
      expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10, 11]);
      expect((await service.events({ offset: 7, limit: 2 })).events.map((event) => event.position)).toEqual([9, 10]);
      const { findings } = await service.audit();
      expect(findings.filter((finding) => finding.kind.includes('position'))).toEqual([]);
      expect(findings).toContainEqual(expect.objectContaining({ stream: 'loan-1', severity: 'error' }));
    } finally {
      await service.close();
    }
  });

  it('follows a live store: new events reach the stream list, counts and replay within seconds; pause holds them back', async () => {
    const url = await server.createDatabase('followed');
    await writePgStore('message-db', url, BANK_EVENTS);
    const writer = new pg.Client(url);
    await writer.connect();
    const write = (stream: string, data: object) =>
      writer.query(`SELECT message_store.write_message(gen_random_uuid()::text, $1, 'money_deposited', $2::jsonb)`, [stream, JSON.stringify(data)]);
    const service = new JournalService({ samplePath: '', cacheDir: cache.path });
    try {
      await writer.query('SET search_path = message_store, public');
      await service.openJournal({ path: url });
      expect(await service.liveStatus()).toMatchObject({ following: true, revision: 0, events: 7, streams: 3 });
      expect((await service.replayAt({ stream: 'account-2', count: 99 })).state).toEqual({ owner: 'grace', balance: 5 });

      await write('account-2', { balance: 55 });
      await write('account-3', { owner: 'lin', balance: 1 });
      await expect.poll(async () => (await service.liveStatus())?.events, { timeout: 15_000 }).toBe(9);
      expect(await service.liveStatus()).toMatchObject({ following: true, streams: 4 });
      expect((await service.summary())?.events).toBe(9);
      expect((await service.streams({})).find((stream) => stream.stream === 'account-2')).toMatchObject({ events: 2, firstVersion: 0, lastVersion: 1 });
      expect((await service.events({ stream: 'account-3' })).total).toBe(1);
      // Written at the server's now(), to the microsecond: the chart counts them in its last millisecond too.
      const sum = (series: { totals: number[] }) => series.totals.reduce((a, b) => a + b, 0);
      expect(sum(await service.rates({ bucket: '1d' }))).toBe(9);
      expect(sum(await service.rates({ stream: 'account-3', bucket: '1s' }))).toBe(1);
      // The replay of a stream that grew is read again: its head is the new event.
      expect(await service.replayAt({ stream: 'account-2', count: 99 })).toMatchObject({ count: 2, state: { owner: 'grace', balance: 55 } });

      const paused = await service.followLive({ follow: false });
      expect(paused).toMatchObject({ following: false, events: 9 });
      await write('account-3', { balance: 2 });
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await service.liveStatus()).toMatchObject({ following: false, revision: paused!.revision, events: 9 });
      await service.followLive({ follow: true });
      await expect.poll(async () => (await service.liveStatus())?.events, { timeout: 15_000 }).toBe(10);
    } finally {
      await writer.end();
      await service.close();
    }
  }, 60_000);

  it('pages far into a large store, a long stream and a category from noted keys, as a plain OFFSET would', async () => {
    const url = await server.createDatabase('large');
    await writePgStore('message-db', url, BANK_EVENTS);
    const client = new pg.Client(url);
    await client.connect();
    try {
      // 30,000 more events, every seventh then removed: positions with gaps, as sequences leave them. Then one stream
      // of 12,000 events, long enough for keys noted within it.
      await client.query(`INSERT INTO message_store.messages (stream_name, position, type, data)
        SELECT 'bulk-' || (i % 300), i / 300, 'posted', jsonb_build_object('i', i) FROM generate_series(0, 29999) i`);
      await client.query(`DELETE FROM message_store.messages WHERE global_position % 7 = 0 AND stream_name LIKE 'bulk-%'`);
      await client.query(`INSERT INTO message_store.messages (stream_name, position, type, data)
        SELECT 'long-1', i, 'posted', jsonb_build_object('i', i) FROM generate_series(0, 11999) i`);
      const positions = (sql: string, offset: number) =>
        client.query<{ p: string }>(`SELECT global_position::text AS p FROM message_store.messages ${sql} LIMIT 5 OFFSET $1`, [offset]).then((r) => r.rows.map((row) => Number(row.p)));
      const count = (sql: string) => client.query<{ n: string }>(`SELECT count(*) AS n FROM message_store.messages ${sql}`).then((r) => Number(r.rows[0]!.n));
      const cases = [
        { query: {}, sql: 'ORDER BY global_position', where: '' },
        { query: { stream: 'long-1' }, sql: `WHERE stream_name = 'long-1' ORDER BY position, global_position`, where: `WHERE stream_name = 'long-1'` },
        { query: { category: 'bulk' }, sql: `WHERE stream_name LIKE 'bulk-%' ORDER BY global_position`, where: `WHERE stream_name LIKE 'bulk-%'` },
      ];
      const service = new JournalService({ samplePath: '', cacheDir: cache.path });
      try {
        await service.openJournal({ path: url });
        expect((await service.summary())?.events).toBe(await count(''));
        // The first far page of a category asks for its keys to be noted; the journal's and a long stream's are noted
        // at their first page. The second round starts from them.
        for (let round = 0; round < 2; round++) {
          for (const { query, sql, where } of cases) {
            const total = await count(where);
            for (const offset of [0, 4_999, 5_000, 5_001, 9_999, 10_000, 11_234, 25_123, total - 5].filter((n) => n < total)) {
              const page = await service.events({ ...query, offset, limit: 5 });
              expect(page.total, `${JSON.stringify(query)} total, round ${round}`).toBe(total);
              expect(page.events.map((event) => event.position), `${JSON.stringify(query)} offset ${offset}, round ${round}`).toEqual(await positions(sql, offset));
            }
          }
          await service.settled();
        }
        // Events written since: counted into the filters' totals (only those past the head counted at), and paged.
        await client.query('SET search_path = message_store, public');
        for (const stream of ['long-1', 'bulk-7', 'bulk-300']) {
          await client.query(`SELECT message_store.write_message(gen_random_uuid()::text, $1, 'posted', '{}'::jsonb)`, [stream]);
        }
        const events = await count('');
        await expect.poll(async () => (await service.liveStatus())?.events, { timeout: 15_000 }).toBe(events);
        for (const { query, sql, where } of cases) {
          const total = await count(where);
          const page = await service.events({ ...query, offset: total - 5, limit: 5 });
          expect(page.total, `${JSON.stringify(query)} total after writes`).toBe(total);
          expect(page.events.map((event) => event.position)).toEqual(await positions(sql, total - 5));
        }
      } finally {
        await service.close();
      }
    } finally {
      await client.end();
    }
  }, 90_000);

  it('has no live status for a file', async () => {
    expect(await file.liveStatus()).toBeNull();
    expect(await file.followLive({ follow: false })).toBeNull();
  });

  for (const kind of PG_STORE_KINDS) {
    describe(kind, () => {
      let live: JournalService;
      let summary: JournalSummary;
      const shift = FIRST_VERSION[kind] === 0 ? 1 : 0;

      beforeAll(async () => {
        live = new JournalService({ samplePath: '', cacheDir: cache.path });
        summary = await live.openJournal({ path: urls.get(kind)! });
      });
      afterAll(async () => live?.close());

      it('is recognised and summarised as the file is', async () => {
        const expected = (await file.summary())!;
        expect(summary).toMatchObject({ format: FORMAT[kind], events: expected.events, streams: expected.streams, types: expected.types });
        // Named without any password, the name the recent list keeps.
        expect(summary.name).toMatch(/^postgres:\/\/[^:@]+@127\.0\.0\.1:\d+\//);
        if (kind !== 'eventsourcing') expect([summary.firstTime, summary.lastTime]).toEqual([expected.firstTime, expected.lastTime]);
      });

      it('lists the same streams with the same counts and version ranges, as the store numbers them', async () => {
        const fromFile = await file.streams({});
        const fromStore = await live.streams({});
        const byName = (list: typeof fromFile) => Object.fromEntries(list.map((s) => [s.stream, s]));
        const streamName = (name: string) => (kind === 'eventsourcing' ? null : name);
        for (const stream of fromFile) {
          const name = streamName(stream.stream);
          if (name === null) continue;
          expect(byName(fromStore)[name], name).toMatchObject({ events: stream.events, firstVersion: stream.firstVersion - shift, lastVersion: stream.lastVersion - shift });
        }
        expect(fromStore).toHaveLength(fromFile.length);
      });

      it('pages the events in global order with the same content, and filters them on the server', async () => {
        const fromFile = await file.events({ limit: 100 });
        const fromStore = await live.events({ limit: 100 });
        expect(fromStore.total).toBe(fromFile.total);
        // eventsourcing keys streams by uuid, and an event's state is always an object (a text payload is wrapped).
        const comparable = (events: JournalEvent[], by: number) =>
          events.map((event) => ({ ...content(event, by), ...(kind === 'eventsourcing' && { stream: '', data: typeof event.data === 'object' ? event.data : { value: event.data } }) }));
        expect(comparable(fromStore.events, shift)).toEqual(comparable(fromFile.events, 0));
        // Positions rise in global order.
        const positions = fromStore.events.map((event) => event.position);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));

        for (const filter of [{ types: ['account_opened', 'user_updated'] }, { text: 'ADA@' }, { where: 'data.balance > 10' }, { where: 'data.owner = "ada"' }, { where: 'metadata.actor != "admin"' }, { from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' }]) {
          // eventsourcing keeps no time column and no metadata: those filters have nothing to compare there.
          if (kind === 'eventsourcing' && ('from' in filter || ('where' in filter && filter.where?.startsWith('metadata') === true))) continue;
          const want = await file.events({ ...filter, limit: 100 });
          const got = await live.events({ ...filter, limit: 100 });
          expect(comparable(got.events, shift), JSON.stringify(filter)).toEqual(comparable(want.events, 0));
          expect(got.total).toBe(want.total);
        }
      });

      it('counts events per bucket and type as the file does', async () => {
        if (kind === 'eventsourcing') return;
        for (const bucket of ['1h', '1d'] as const) {
          expect(await live.rates({ bucket }), bucket).toEqual(await file.rates({ bucket }));
        }
        expect(await live.rates({ bucket: '1d', types: ['account_opened'] })).toEqual(await file.rates({ bucket: '1d', types: ['account_opened'] }));
      });

      it('replays a stream to the same states', async () => {
        if (kind === 'eventsourcing') return;
        for (const count of [1, 2, 4]) {
          const want = await file.replayAt({ stream: 'account-1', count });
          const got = await live.replayAt({ stream: 'account-1', count });
          expect(got.state, `step ${count}`).toEqual(want.state);
          // jsonb keeps an object's keys in its own order (shorter first), not as written: the same changes, in that order.
          expect(byPath(got.changes)).toEqual(byPath(want.changes));
        }
      });

      it('says whether the store guards its history against UPDATE and DELETE', async () => {
        const guard = summary.findings.find((finding) => finding.kind === 'history-guard' || finding.kind === 'no-history-guard');
        if (kind === 'commanded') expect(guard).toMatchObject({ kind: 'history-guard', message: expect.stringMatching(/trigger no_update_events before UPDATE on events/) });
        else expect(guard).toMatchObject({ kind: 'no-history-guard', severity: 'info' });
      });

      it('is named by a connection test without being opened, and the session is read-only', async () => {
        const check = await live.testConnection({ url: urls.get(kind)! });
        expect(check).toMatchObject({ format: FORMAT[kind], readOnly: true, server: expect.stringMatching(/^PostgreSQL \d+/) });
        expect(check.name).toBe(summary.name);
      });

      it('refuses a write through its own connection, DDL and DML alike', async () => {
        const session = await PgSession.open(parsePgTarget(urls.get(kind)!));
        try {
          await expect(session.rows('CREATE TABLE eventlens_was_here (id int)')).rejects.toMatchObject({ code: 'not-allowed', message: expect.stringMatching(/refused a write/) });
          await expect(session.rows('CREATE TEMP TABLE eventlens_scratch (id int)')).rejects.toMatchObject({ code: 'not-allowed' });
        } finally {
          await session.close();
        }
        // The store's own tables: nothing to update or delete through that connection either.
        const layoutTables = { 'message-db': 'message_store.messages', emmett: 'emt_messages', marten: 'mt_events', commanded: 'events', 'rails-event-store': 'event_store_events', eventsourcing: 'bankaccounts_events' }[kind];
        const again = await PgSession.open(parsePgTarget(urls.get(kind)!));
        try {
          await expect(again.rows(`DELETE FROM ${layoutTables}`)).rejects.toMatchObject({ code: 'not-allowed' });
        } finally {
          await again.close();
        }
        expect((await live.events({ limit: 1 })).total).toBe(7);
      });
    });
  }
});

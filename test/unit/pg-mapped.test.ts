// A live PostgreSQL table no store layout recognises, read through the user's map (--map, Map columns…): it must
// answer what the same events answer from a file (streams, pages, filters, rates, replay), and every mistake in the
// map must be said in words naming the table, the column and its type.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/model.js';
import type { OpenJournalRequest } from '../../shared/requests.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { RecentJournals } from '../../electron/service/recent-journals.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { withClient } from '../support/pg/sql.js';
import { writePgStore } from '../support/pg/stores.js';

type ColumnMap = NonNullable<OpenJournalRequest['map']>;

/** The app's own table: the map names every part. */
const APP_MAP: ColumnMap = { table: 'app.events', position: 'id', stream: 'aggregate_id', version: 'seq', type: 'kind', data: 'body', time: 'at', metadata: 'headers' };
/** A log kept as text, with no version column and times as epoch milliseconds, and nothing keeping `n` unique. */
const LOG_MAP: ColumnMap = { table: 'audit_log', position: 'n', stream: 'entity', type: 'action', data: 'payload', time: 'at_ms' };

const content = (event: JournalEvent) => ({ stream: event.stream, version: event.version, type: event.type, data: event.data });

describe('a live PostgreSQL table read through a map', () => {
  const folder = tempFolder();
  const cache = tempFolder('eventlens-cache-');
  let server: PgServer;
  let url: string;
  let file: JournalService;
  const services: JournalService[] = [];

  const service = () => {
    const opened = new JournalService({ samplePath: '', cacheDir: cache.path });
    services.push(opened);
    return opened;
  };
  const open = async (map: ColumnMap) => {
    const live = service();
    await live.openJournal({ path: url, map });
    return live;
  };

  beforeAll(async () => {
    server = await startPg();
    url = await server.createDatabase('mapped');
    await withClient(url, async (client) => {
      await client.query(`CREATE SCHEMA app; CREATE SCHEMA other;
        CREATE TABLE app.events (id bigserial PRIMARY KEY, aggregate_id text NOT NULL, seq int NOT NULL, kind text NOT NULL, body jsonb, at timestamptz, headers jsonb);
        CREATE TABLE public.audit_log (n bigint, entity text, action text, payload text, at_ms bigint);
        CREATE TABLE other.events (id int, name text, created_at date);
        CREATE TABLE public.people (id int, name text)`);
      let n = 100;
      for (const event of BANK_EVENTS) {
        await client.query('INSERT INTO app.events (aggregate_id, seq, kind, body, at, headers) VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb)', [
          event.stream,
          event.version,
          event.type,
          JSON.stringify(event.data),
          event.time,
          event.metadata === undefined ? null : JSON.stringify(event.metadata),
        ]);
        // Text that is not JSON stays text; JSON text is read as JSON.
        const payload = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
        await client.query('INSERT INTO public.audit_log VALUES ($1, $2, $3, $4, $5)', [(n += 10), event.stream, event.type, payload, Date.parse(event.time)]);
      }
    });
    file = service();
    await file.openJournal({ path: writeNdjson(join(folder.path, 'bank.ndjson'), BANK_EVENTS) });
  }, 300_000);

  afterAll(async () => {
    for (const opened of services) await opened.close();
    await server?.stop();
    folder.remove();
    cache.remove();
  }, 120_000);

  it('is not recognised without a map, and says which tables could be mapped', async () => {
    const live = service();
    const failure = { code: 'bad-format', remedy: 'map', message: expect.stringMatching(/holds no event store Eventlens knows .*Tables that could hold events: .*app\.events\(id, aggregate_id, seq, kind, body, at, headers\)/) };
    await expect(live.openJournal({ path: url })).rejects.toMatchObject(failure);
    await expect(live.testConnection({ url })).rejects.toMatchObject(failure);
  });

  describe('with every part named', () => {
    let live: JournalService;
    beforeAll(async () => {
      live = await open(APP_MAP);
    });

    it('is summarised as the file is', async () => {
      const [expected, summary] = [(await file.summary())!, (await live.summary())!];
      expect(summary).toMatchObject({ format: 'postgres-table', events: 7, streams: 3, types: expected.types, firstTime: expected.firstTime, lastTime: expected.lastTime });
      expect(summary.live).toMatchObject({ store: 'Table events (columns mapped)', schema: 'app' });
      // A primary key keeps positions unique; versions are the table's own.
      expect(summary.findings.map((finding) => finding.kind)).not.toContain('position-not-unique');
      expect(summary.findings.map((finding) => finding.kind)).not.toContain('versions-counted');
    });

    it('lists the same streams, pages the same events and filters them on the server', async () => {
      expect(await live.streams({})).toEqual(await file.streams({}));
      const fromStore = await live.events({ limit: 100 });
      expect(fromStore.events.map(content)).toEqual((await file.events({ limit: 100 })).events.map(content));
      expect(fromStore.events.map((event) => event.metadata)).toEqual(BANK_EVENTS.map((event) => event.metadata ?? null));
      for (const filter of [{ stream: 'account-1' }, { types: ['account_opened', 'user_updated'] }, { text: 'ADA@' }, { where: 'data.balance > 10' }, { where: 'metadata.actor != "admin"' }, { from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' }]) {
        const [want, got] = [await file.events({ ...filter, limit: 100 }), await live.events({ ...filter, limit: 100 })];
        expect(got.events.map(content), JSON.stringify(filter)).toEqual(want.events.map(content));
        expect(got.total).toBe(want.total);
      }
    });

    it('counts per bucket and replays as the file does', async () => {
      expect(await live.rates({ bucket: '1h' })).toEqual(await file.rates({ bucket: '1h' }));
      for (const count of [1, 2, 4]) expect((await live.replayAt({ stream: 'account-1', count })).state).toEqual((await file.replayAt({ stream: 'account-1', count })).state);
    });

    it('audits clean: versions from 1 without gaps, positions in order', async () => {
      const { findings } = await live.audit();
      expect(findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    });
  });

  it('is opened again through its map from the recent list, which keeps the map in its file', async () => {
    const recentFile = join(folder.path, 'recent.json');
    const first = new JournalService({ samplePath: '', cacheDir: cache.path, recent: new RecentJournals(recentFile) });
    services.push(first);
    await first.openJournal({ path: url, map: APP_MAP });
    await first.close();
    // Another session (the app started again) reads the list from its file: the URL alone opens the mapped table.
    const again = new JournalService({ samplePath: '', cacheDir: cache.path, recent: new RecentJournals(recentFile) });
    services.push(again);
    expect(await again.recent()).toEqual([url]);
    const summary = await again.openJournal({ path: url });
    expect(summary).toMatchObject({ format: 'postgres-table', events: 7, live: { store: 'Table events (columns mapped)' } });
    // A map given wins over the one kept, and is kept in its place.
    expect(await again.openJournal({ path: url, map: LOG_MAP })).toMatchObject({ live: { store: 'Table audit_log (columns mapped)' } });
    expect(new RecentJournals(recentFile).mapOf(url)).toEqual(LOG_MAP);
  });

  it('finds the table by its bare name (in the one schema where it has the columns named), by the columns named, and the parts left out by their names', async () => {
    const { table: _table, ...columns } = APP_MAP;
    for (const map of [{ ...APP_MAP, table: 'events' }, columns, { table: 'app.events', position: 'id', version: 'seq', type: 'kind', time: 'at' }]) {
      const live = await open(map);
      expect(await live.summary(), JSON.stringify(map)).toMatchObject({ format: 'postgres-table', events: 7, streams: 3, firstTime: BANK_EVENTS[0]!.time });
      // stream=aggregate_id, data=body and metadata=headers are found by name when not named.
      expect((await live.events({ stream: 'user-1' })).events.at(-1)).toMatchObject({ metadata: { actor: 'admin' }, data: BANK_EVENTS[6]!.data });
    }
  });

  it('reads text payloads as JSON where they are, counts versions where no column has them, and says what that costs', async () => {
    const live = await open(LOG_MAP);
    const summary = (await live.summary())!;
    expect(summary).toMatchObject({ events: 7, streams: 3, firstTime: BANK_EVENTS[0]!.time, lastTime: BANK_EVENTS[6]!.time });
    expect(summary.findings).toContainEqual(expect.objectContaining({ kind: 'versions-counted', severity: 'info' }));
    expect(summary.findings).toContainEqual(expect.objectContaining({ kind: 'position-not-unique', severity: 'warning', message: expect.stringMatching(/No unique index keeps n unique/) }));
    expect(await live.streams({})).toEqual(await file.streams({}));
    expect((await live.events({ limit: 100 })).events.map(content)).toEqual((await file.events({ limit: 100 })).events.map(content));
    for (const filter of [{ text: 'free text' }, { where: 'data.balance > 10' }, { stream: 'account-1', from: '2026-01-06T00:00:00Z' }]) {
      expect((await live.events({ ...filter, limit: 100 })).events.map(content), JSON.stringify(filter)).toEqual((await file.events({ ...filter, limit: 100 })).events.map(content));
    }
    expect((await live.replayAt({ stream: 'account-1', count: 4 })).state).toEqual((await file.replayAt({ stream: 'account-1', count: 4 })).state);
  });

  it('says what is wrong with a map: the table, the column, its type', async () => {
    const live = service();
    const refused = (map: ColumnMap, message: RegExp) => expect(live.openJournal({ path: url, map }), JSON.stringify(map)).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(message) });
    await refused({ ...APP_MAP, table: 'app.evnets' }, /^table=app\.evnets: there is no table or view "app\.evnets" in any schema of postgres:.*Tables that could hold events: .*app\.events\(/);
    await refused({ table: 'events', position: 'id' }, /^table=events: there is a table events in schemas app, other; write table=SCHEMA\.events\.$/);
    await refused({ ...APP_MAP, stream: 'aggregate' }, /^stream=aggregate: app\.events has no column "aggregate" \(its columns: id bigint, aggregate_id text, seq integer, kind text, body jsonb, at timestamp with time zone, headers jsonb\)\.$/);
    await refused({ ...APP_MAP, data: 'seq', version: 'id', position: 'id' }, /^data=seq: the column "seq" of app\.events is integer; the data must be jsonb, json, text or bytea\.$/);
    await refused({ ...APP_MAP, position: 'kind' }, /^position=kind: the column "kind" of app\.events is text; the position must be an integer/);
    await refused({ ...APP_MAP, time: 'kind' }, /^time=kind: the column "kind" of app\.events is text; the time must be a timestamp/);
    await refused({ table: 'app.events', stream: 'aggregate_id', type: 'kind', data: 'body' }, /^app\.events: name the column giving the events' global order with position=COLUMN.*; its integer columns: id bigint, seq integer\.$/);
    await refused({ table: 'people', stream: 'name', position: 'id' }, /^public\.people: no column was named for the type, and none is found by its name: name it with type=COLUMN/);
    await refused({ stream: 'aggregate_id', type: 'name' }, /^No table in any schema of postgres:.* has every column named \(aggregate_id, name\): name the table with table=SCHEMA\.NAME\./);
    await expect(live.openJournal({ path: url, map: APP_MAP, cipherKey: 'k' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^A cipher key decrypts a store file .*postgres:\/\/ URL is read without one\.$/) });
  });

  it('reads a recognised store through the map when one is given', async () => {
    const store = await server.createDatabase('mapped_store');
    await writePgStore('message-db', store, BANK_EVENTS);
    const live = service();
    await live.openJournal({ path: store, map: { table: 'message_store.messages', position: 'global_position', stream: 'stream_name', version: 'position', type: 'type', data: 'data', time: 'time' } });
    expect(await live.summary()).toMatchObject({ format: 'postgres-table', events: 7, streams: 3 });
    expect(await live.summary()).toMatchObject({ live: { store: 'Table messages (columns mapped)', schema: 'message_store' } });
  });

  it('lists the tables and their columns for Map columns…, with their first rows and the parts found by name', async () => {
    const sample = await service().sampleFields({ path: url });
    expect(sample.kind).toBe('postgres');
    // Tables with columns named like an event's parts, by name; people(id, name) has too few to be one.
    expect(sample.sources.map((source) => source.table)).toEqual(['app.events', 'other.events', 'public.audit_log']);
    const events = sample.sources[0]!;
    expect(events).toMatchObject({ records: 7, guess: { stream: 'aggregate_id', data: 'body', metadata: 'headers' } });
    expect(events.fields.map((field) => field.name)).toEqual(['id', 'aggregate_id', 'seq', 'kind', 'body', 'at', 'headers']);
    expect(events.rows[0]).toMatchObject({ aggregate_id: 'account-1', kind: 'account_opened' });
  });
});

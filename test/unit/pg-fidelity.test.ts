// What a live store says of its events beyond their fields, each store written by its own write path and then changed
// the way the store itself changes it: Marten's and Emmett's archived streams and Marten's tenants, Commanded's
// soft-deleted streams and data and metadata of different column types, Rails Event Store's links appended with
// expected_version :any, and eventsourcing's other recorder tables and the times inside its states.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/model.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { EVENTSOURCING_TABLE } from '../support/pg/eventsourcing.js';
import { withClient } from '../support/pg/sql.js';
import { writePgStore } from '../support/pg/stores.js';
import type { PgStoreKind, PgStoreOptions } from '../support/pg/stores.js';

describe('live stores say what they mark', () => {
  const folder = tempFolder();
  const cache = tempFolder('eventlens-cache-');
  let server: PgServer;
  let file: JournalService;
  const services: JournalService[] = [];

  /** A new database holding `kind` written with the bank's events, then changed by `change`. */
  async function store(name: string, kind: PgStoreKind, change: (client: pg.Client) => Promise<unknown>, options: PgStoreOptions = {}): Promise<string> {
    const url = await server.createDatabase(name);
    await writePgStore(kind, url, BANK_EVENTS, options);
    await withClient(url, change);
    return url;
  }

  async function open(url: string): Promise<JournalService> {
    const service = new JournalService({ samplePath: '', cacheDir: cache.path });
    services.push(service);
    await service.openJournal({ path: url });
    return service;
  }

  const ofStream = async (service: JournalService, stream: string): Promise<JournalEvent[]> => (await service.events({ stream, limit: 100 })).events;

  beforeAll(async () => {
    server = await startPg();
    file = new JournalService({ samplePath: '', cacheDir: cache.path });
    await file.openJournal({ path: writeNdjson(join(folder.path, 'bank.ndjson'), BANK_EVENTS) });
  }, 120_000);

  afterAll(async () => {
    for (const service of [file, ...services]) await service?.close();
    await server?.stop();
    folder.remove();
    cache.remove();
  }, 120_000);

  it("Marten: an archived stream's events carry is_archived, every event its tenant_id, and the summary counts them", async () => {
    // What mt_archive_stream does (ArchiveStreamFunction.cs): the stream row and each of its events.
    const url = await store('marten_archived', 'marten', async (client) => {
      await client.query(`UPDATE public.mt_streams SET is_archived = TRUE WHERE id = 'account-1'`);
      await client.query(`UPDATE public.mt_events SET is_archived = TRUE WHERE stream_id = 'account-1'`);
    });
    const live = await open(url);
    for (const event of await ofStream(live, 'account-1')) expect(event.extra).toMatchObject({ is_archived: true, tenant_id: '*DEFAULT*' });
    for (const event of await ofStream(live, 'user-1')) {
      expect(event.extra).toMatchObject({ tenant_id: '*DEFAULT*' });
      expect(event.extra).not.toHaveProperty('is_archived');
    }
    const summary = (await live.summary())!;
    // Shown with the rest: the counts are the file's.
    expect(summary.events).toBe(7);
    expect(summary.live?.parts).toEqual(expect.arrayContaining(['tenant_id', 'archived events']));
    expect(summary.findings).toContainEqual(expect.objectContaining({ kind: 'archived-events', severity: 'info', message: expect.stringMatching(/4 events of 1 stream are archived \(is_archived\)/) }));
  });

  it('Emmett: messages moved to the archived partitions carry is_archived, and the summary counts them', async () => {
    // Emmett's rows are partitioned on is_archived: setting it moves them to the _archived leaves.
    const url = await store('emmett_archived', 'emmett', async (client) => {
      await client.query(`UPDATE emt_messages SET is_archived = TRUE WHERE stream_id = 'user-1'`);
      await client.query(`UPDATE emt_streams SET is_archived = TRUE WHERE stream_id = 'user-1'`);
    });
    const live = await open(url);
    expect((await ofStream(live, 'user-1')).map((event) => event.extra?.is_archived)).toEqual([true, true]);
    expect((await ofStream(live, 'account-2')).map((event) => event.extra?.is_archived)).toEqual([undefined]);
    const summary = (await live.summary())!;
    expect(summary.events).toBe(7);
    expect(summary.findings).toContainEqual(expect.objectContaining({ kind: 'archived-events', message: expect.stringMatching(/2 events of 1 stream are archived/) }));
  });

  it('Commanded: a soft-deleted stream is shown, its events marked with streams.deleted_at, and the summary says so', async () => {
    // soft_delete_stream.sql.eex: the stream row's deleted_at, nothing else.
    const url = await store('commanded_deleted', 'commanded', (client) => client.query(`UPDATE public.streams SET deleted_at = '2026-02-01T10:00:00Z' WHERE stream_uuid = 'account-2'`));
    const live = await open(url);
    expect((await ofStream(live, 'account-2')).map((event) => event.extra?.['streams.deleted_at'])).toEqual(['2026-02-01T10:00:00.000000Z']);
    expect((await ofStream(live, 'account-1')).every((event) => event.extra?.['streams.deleted_at'] === undefined)).toBe(true);
    const summary = (await live.summary())!;
    expect(summary.events).toBe(7);
    expect(summary.findings).toContainEqual(expect.objectContaining({ kind: 'soft-deleted-streams', message: expect.stringMatching(/1 stream is soft-deleted \(streams\.deleted_at\), with 1 event/) }));
  });

  // column_data_type and metadata_column_data_type are set apart in Commanded's config: here one jsonb
  // (JsonbSerializer), the other bytea holding the JSON the JsonSerializer writes.
  for (const [name, kind, alter] of [
    ['jsonb data, bytea metadata', 'jsonb', `ALTER TABLE public.events ALTER COLUMN metadata TYPE bytea USING convert_to(metadata::text, 'UTF8')`],
    ['bytea data, jsonb metadata', 'bytea', `ALTER TABLE public.events ALTER COLUMN metadata TYPE jsonb USING convert_from(metadata, 'UTF8')::jsonb`],
  ] as const) {
    it(`Commanded: ${name} are each read by their own column type`, async () => {
      const url = await store(`commanded_${kind}_data`, 'commanded', (client) => client.query(alter), { commandedDataType: kind });
      const live = await open(url);
      const events = (await live.events({ limit: 100 })).events;
      expect(events.map((event) => event.data)).toEqual(BANK_EVENTS.map((event) => event.data));
      expect(events.map((event) => event.metadata)).toEqual(BANK_EVENTS.map((event) => event.metadata ?? null));
      for (const filter of [{ where: 'metadata.actor = "admin"' }, { where: 'data.balance > 10' }, { text: 'ADA@' }]) {
        const want = await file.events({ ...filter, limit: 100 });
        const got = await live.events({ ...filter, limit: 100 });
        expect(got.events.map((event) => event.data), JSON.stringify(filter)).toEqual(want.events.map((event) => event.data));
      }
    });
  }

  it('Rails Event Store: events appended with expected_version :any say that they have no position, and the summary says what their versions are', async () => {
    // Three appends to cart-1 with expected_version :any (publish's default), each followed by the link into
    // $by_type_ that RES's default handler makes (also :any): no position is stored, and cart-1's link ids jump.
    const url = await store('res_any', 'rails-event-store', async (client) => {
      for (const [index, time] of ['2026-01-08T09:00:00', '2026-01-08T09:05:00', '2026-01-08T09:10:00'].entries()) {
        const id = `0f0f0f0f-0000-4000-8000-00000000000${index}`;
        await client.query(`INSERT INTO event_store_events (event_id, data, metadata, event_type, created_at) VALUES ($1, $2, '{}', 'item_added', $3)`, [id, JSON.stringify({ sku: `sku-${index}` }), time]);
        await client.query(`INSERT INTO event_store_events_in_streams (stream, position, event_id, created_at) VALUES ('cart-1', NULL, $1, $2)`, [id, time]);
        await client.query(`INSERT INTO event_store_events_in_streams (stream, position, event_id, created_at) VALUES ('$by_type_item_added', NULL, $1, $2)`, [id, time]);
      }
      // A numbered link lost (account-1's position 2): the audit must still find that gap.
      await client.query(`DELETE FROM event_store_events_in_streams WHERE stream = 'account-1' AND position = 2`);
    });
    const links = await withClient(url, async (client) =>
      (await client.query<{ link: string }>(`SELECT id::text AS link FROM event_store_events_in_streams WHERE stream = 'cart-1' ORDER BY id`)).rows.map((row) => Number(row.link)),
    );
    const live = await open(url);
    // In RES's reading order, numbered by link id: what RES holds, nothing counted.
    const cart = await ofStream(live, 'cart-1');
    expect(cart.map((event) => [event.version, (event.data as { sku: string }).sku])).toEqual(links.map((id, index) => [id, `sku-${index}`]));
    for (const event of cart) expect(event.extra).toMatchObject({ 'event_store_events_in_streams.position': null });
    // The streams appended with an expected version keep RES's own positions, and say nothing more.
    const account = await ofStream(live, 'account-1');
    expect(account.map((event) => event.version)).toEqual([0, 1, 3]);
    expect(account.map((event) => Object.keys(event.extra ?? {}).sort())).toEqual(account.map(() => ['position']));
    const summary = (await live.summary())!;
    expect(summary.findings).toContainEqual(
      expect.objectContaining({ kind: 'unnumbered-links', severity: 'info', message: expect.stringMatching(/6 events in 2 streams were appended or linked with expected_version :any/) }),
    );
    // Their link ids jump and start far from 0, which says nothing of missing events; the numbered gap is found.
    const { findings } = await live.audit();
    const versions = findings.filter((finding) => finding.kind === 'version-gap' || finding.kind === 'stream-start').map((finding) => [finding.kind, finding.stream, finding.version]);
    expect(versions).toEqual([['version-gap', 'account-1', 3]]);
    expect(findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning').map((finding) => finding.kind)).toEqual(['version-gap']);
  });

  it("eventsourcing: the library's events table is read before others of its shape, and the others are named", async () => {
    const url = await store('eventsourcing_tables', 'eventsourcing', async (client) => {
      // A copy of the events (a backup, another application's recorder: the same columns) and the aggregate
      // recorder's snapshots table (no notification_id), as PostgresAggregateRecorder creates it.
      await client.query(`CREATE TABLE public.audit_copy AS SELECT * FROM public.${EVENTSOURCING_TABLE} WHERE originator_version = 1`);
      await client.query(`CREATE TABLE public.bankaccounts_snapshots (originator_id uuid NOT NULL, originator_version bigint NOT NULL, topic text, state bytea,
        PRIMARY KEY (originator_id, originator_version))`);
    });
    const live = await open(url);
    const summary = (await live.summary())!;
    expect(summary.events).toBe(7);
    expect(summary.live?.parts).toEqual(['other events table audit_copy', 'snapshots table bankaccounts_snapshots']);
    expect(summary.findings).toContainEqual(expect.objectContaining({ kind: 'other-tables', severity: 'info', message: expect.stringMatching(/those of bankaccounts_events; audit_copy holds/) }));
  });

  it("eventsourcing: times come from the states' timestamps on the server too, for the summary, the chart and time filters", async () => {
    const url = await store('eventsourcing_times', 'eventsourcing', async () => {});
    const live = await open(url);
    const [summary, expected] = [(await live.summary())!, (await file.summary())!];
    expect([summary.firstTime, summary.lastTime]).toEqual([expected.firstTime, expected.lastTime]);
    expect((await live.streams({})).map((stream) => [stream.firstTime, stream.lastTime]).sort()).toEqual((await file.streams({})).map((stream) => [stream.firstTime, stream.lastTime]).sort());
    for (const bucket of ['1h', '1d'] as const) expect(await live.rates({ bucket }), bucket).toEqual(await file.rates({ bucket }));
    const range = { from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' };
    const got = await live.events({ ...range, limit: 100 });
    const want = await file.events({ ...range, limit: 100 });
    expect(got.events.map((event) => [event.type, event.time])).toEqual(want.events.map((event) => [event.type, event.time]));
  });

  it('eventsourcing: a state whose opening is no time PostgreSQL reads gives no time, and no query fails', async () => {
    const url = await store('eventsourcing_odd', 'eventsourcing', async (client) => {
      const states = [
        '{"timestamp":{"_type_":"datetime_iso","_data_":"2026-02-30T10:00:00+00:00"},"a":1}',
        '{"timestamp":"2026-13-01T00:00:00"}',
        '{"timestamp":"2024-02-29T23:59:59.123456"}',
        '{"timestamp":{"_type_":"datetime_iso","_data_":"2026-01-09T10:00:00+02:00"}}',
      ].map((text) => Buffer.from(text, 'utf8'));
      // Bytes that are no text at all, starting as a JSON object would (an encrypted state can).
      states.push(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x27, 0x5c]));
      for (const [index, state] of states.entries()) {
        await client.query(`INSERT INTO public.${EVENTSOURCING_TABLE} (originator_id, originator_version, topic, state) VALUES ($1, 1, 'odd', $2)`, [
          `00000000-0000-4000-8000-00000000000${index}`,
          state,
        ]);
      }
    });
    const live = await open(url);
    const odd = (await live.events({ types: ['odd'], limit: 100 })).events;
    expect(odd).toHaveLength(5);
    // A naive time is UTC; an offset is applied; impossible dates are no time on the server.
    const counted = await live.events({ types: ['odd'], from: '2024-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', limit: 100 });
    expect(counted.events.map((event) => event.time)).toEqual(['2024-02-29T23:59:59.123Z', '2026-01-09T08:00:00.000Z']);
    expect((await live.rates({ bucket: '1d', types: ['odd'] })).totals.reduce((a, b) => a + b, 0)).toBe(2);
  });
  // The row-export reader reads Message DB's table as the live store does: the metadata column is the event's metadata,
  // global_position (and a time finer than the millisecond) are among its other fields, named as the live store names them.
  it("Message DB: its own table exported with row_to_json compares with the live store as the same events", async () => {
    // One time finer than the millisecond (Message DB writes now(), to the microsecond), kept besides on both sides.
    const url = await store('message_db_export', 'message-db', (client) =>
      client.query(`UPDATE message_store.messages SET time = time + interval '123 microseconds' WHERE global_position = 2`),
    );
    const rows = await withClient(url, async (client) =>
      (await client.query<{ row: string }>('SELECT row_to_json(m)::text AS row FROM message_store.messages m ORDER BY global_position')).rows.map((r) => r.row),
    );
    expect(rows[1]).toContain('.000123"');
    const exported = join(folder.path, 'messages.ndjson');
    writeFileSync(exported, `${rows.join('\n')}\n`);
    const live = await open(url);
    const comparison = await live.compare({ path: exported });
    expect(comparison.b.format).toBe('message-db');
    expect(comparison).toMatchObject({ added: 0, removed: 0, modified: 0, identical: true });
    const [event] = (await live.events({ stream: 'user-1', limit: 1 })).events;
    expect(event!.extra).toEqual({ position: 2, time: '2026-01-05T09:00:30.000123Z' });
    // Not identical by saying nothing: the store's metadata changed in the export is a change at /metadata.
    const edited = join(folder.path, 'messages-edited.ndjson');
    writeFileSync(edited, `${rows.map((row) => row.replace('"admin"', '"root"')).join('\n')}\n`);
    const changed = await live.compare({ path: edited });
    expect(changed).toMatchObject({ modified: 1, identical: false });
    expect(changed.differences[0]!.changes).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/metadata/actor' })]));
  });
});

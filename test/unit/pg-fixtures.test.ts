// The PostgreSQL test server and the store writers: each store, written with the bank journal, holds its 7 events in
// 3 streams, numbered, timed and with payloads as that store keeps them; the server leaves nothing behind.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../shared/model.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { originatorId } from '../support/pg/eventsourcing.js';
import { withClient } from '../support/pg/sql.js';
import { PG_STORE_KINDS, writePgStore } from '../support/pg/stores.js';
import type { PgStoreKind } from '../support/pg/stores.js';

/** Starting, writing through a child process and stopping all wait on a loaded machine. */
const SLOW = 240_000;

interface StoredRow {
  stream: string;
  version: string | number;
  time: Date | string;
  data: Json;
}

/** Each store's events in its global order: stream, version as the store numbers it, time and payload. */
const READ: Record<PgStoreKind, string> = {
  'message-db': `SELECT stream_name AS stream, position AS version, time AT TIME ZONE 'UTC' AS time, data
    FROM message_store.messages ORDER BY global_position`,
  emmett: `SELECT stream_id AS stream, stream_position AS version, created AS time, message_data AS data
    FROM emt_messages ORDER BY transaction_id, global_position`,
  marten: 'SELECT stream_id AS stream, version, timestamp AS time, data FROM mt_events ORDER BY seq_id',
  // $all (stream 0) holds every event at its global position, with its original stream and version.
  commanded: `SELECT s.stream_uuid AS stream, g.original_stream_version AS version, e.created_at AS time, e.data
    FROM stream_events g JOIN streams s ON s.stream_id = g.original_stream_id JOIN events e ON e.event_id = g.event_id
    WHERE g.stream_id = 0 ORDER BY g.stream_version`,
  'rails-event-store': `SELECT s.stream, s.position AS version, e.created_at AT TIME ZONE 'UTC' AS time, e.data
    FROM event_store_events_in_streams s JOIN event_store_events e ON e.event_id = s.event_id ORDER BY e.id`,
  eventsourcing: `SELECT originator_id::text AS stream, originator_version AS version,
      convert_from(state, 'UTF8')::jsonb #>> '{timestamp,_data_}' AS time, convert_from(state, 'UTF8')::jsonb - 'timestamp' AS data
    FROM bankaccounts_events ORDER BY notification_id`,
};

/** What the store holds for a fixture event: Message DB and RES count from 0, eventsourcing names streams by UUID. */
function expected(kind: PgStoreKind, event: FixtureEvent): { stream: string; version: number; time: string; data: Json } {
  const zeroBased = kind === 'message-db' || kind === 'rails-event-store';
  const isObject = typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data);
  return {
    stream: kind === 'eventsourcing' ? originatorId(event.stream) : event.stream,
    version: zeroBased ? event.version - 1 : event.version,
    time: event.time,
    data: kind === 'eventsourcing' && !isObject ? { value: event.data } : event.data,
  };
}

async function readStore(kind: PgStoreKind, url: string): Promise<ReturnType<typeof expected>[]> {
  const { rows } = await withClient(url, (client) => client.query<StoredRow>(READ[kind]));
  return rows.map((row) => ({ stream: row.stream, version: Number(row.version), time: new Date(row.time).toISOString(), data: row.data }));
}

describe('PostgreSQL stores written for tests', () => {
  let server: PgServer;

  beforeAll(async () => {
    server = await startPg();
  }, SLOW);

  afterAll(async () => {
    await server?.stop();
  }, SLOW);

  for (const kind of PG_STORE_KINDS) {
    it(`writes the bank journal as ${kind}`, async () => {
      const url = await server.createDatabase(kind.replace(/-/g, '_'));
      await writePgStore(kind, url, BANK_EVENTS);
      const stored = await readStore(kind, url);
      expect(stored).toEqual(BANK_EVENTS.map((event) => expected(kind, event)));
      expect(new Set(stored.map((row) => row.stream)).size).toBe(3);
    }, SLOW);
  }

  it('installs Message DB with its own scripts', async () => {
    const url = await server.createDatabase('message_db_version');
    await writePgStore('message-db', url, BANK_EVENTS.slice(0, 1));
    const { rows } = await withClient(url, (client) => client.query<{ version: string }>('SELECT message_store.message_store_version() AS version'));
    expect(rows[0]?.version).toBe('1.3.0');
  }, SLOW);

  it("keeps Commanded's $all stream and refuses updates, as its triggers do", async () => {
    const url = await server.createDatabase('commanded_bytea');
    await writePgStore('commanded', url, BANK_EVENTS, { commandedDataType: 'bytea' });
    await withClient(url, async (client) => {
      const all = await client.query<{ stream_version: string }>("SELECT stream_version FROM streams WHERE stream_uuid = '$all'");
      expect(all.rows[0]?.stream_version).toBe('7');
      const data = await client.query<{ data: Json }>("SELECT convert_from(e.data, 'UTF8')::jsonb AS data FROM events e JOIN stream_events g ON g.event_id = e.event_id AND g.stream_id = 0 ORDER BY g.stream_version");
      expect(data.rows.map((row) => row.data)).toEqual(BANK_EVENTS.map((event) => event.data));
      await expect(client.query("UPDATE events SET event_type = 'x'")).rejects.toThrow('EventStore: Cannot update events');
    });
  }, SLOW);

  it('leaves times to the server when asked', async () => {
    const before = Date.now() - 60_000;
    const url = await server.createDatabase('message_db_server_times');
    await writePgStore('message-db', url, BANK_EVENTS, { serverTimes: true });
    const times = (await readStore('message-db', url)).map((row) => Date.parse(row.time));
    expect(times.every((time) => time >= before)).toBe(true);
  }, SLOW);
});

/** The postmaster and every process it started, from /proc. */
function serverProcesses(postmaster: number): number[] {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // The parent pid is the 2nd field after the parenthesised command name.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/** Running, that is: a zombie (exited, not yet reaped by init) counts as gone. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('the PostgreSQL test server', () => {
  it('stops without leaving a process, a folder or a database', async () => {
    const server = await startPg();
    const url = await server.createDatabase('short_lived');
    if (server.folder === null) {
      // EVENTLENS_TEST_PG's server keeps running: what stop() owes is dropping what was made here.
      await server.stop();
      const name = decodeURIComponent(new URL(url).pathname.slice(1));
      const { rows } = await withClient(server.url, (client) => client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
      expect(rows).toEqual([]);
      return;
    }
    const folder = server.folder;
    const postmaster = Number(readFileSync(join(folder, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const processes = serverProcesses(postmaster);
    expect(processes.length).toBeGreaterThan(1);
    await server.stop();
    expect(processes.filter(alive)).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    await expect(withClient(url, (client) => client.query('SELECT 1'))).rejects.toThrow();
  }, SLOW);
});

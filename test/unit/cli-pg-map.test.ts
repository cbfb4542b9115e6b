// The built CLI on a live PostgreSQL table no store layout recognises: the failure says to use --map and lists the
// tables that could be mapped; --map then reads it with every command; --cipher-key with a URL is refused, not ignored.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_EVENTS, tempFolder } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { withClient } from '../support/pg/sql.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
const caches = tempFolder('eventlens-cli-pg-map-cache-');
const MAP = 'table=app.events,position=id,stream=aggregate_id,version=seq,type=kind,data=body,time=at';

function eventlens(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: caches.path }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('eventlens --map on a postgres:// URL', () => {
  let server: PgServer;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
    server = await startPg();
    url = await server.createDatabase('cli_map');
    await withClient(url, async (client) => {
      await client.query(`CREATE SCHEMA app;
        CREATE TABLE app.events (id bigserial PRIMARY KEY, aggregate_id text NOT NULL, seq int NOT NULL, kind text NOT NULL, body jsonb, at timestamptz)`);
      for (const event of BANK_EVENTS) {
        await client.query('INSERT INTO app.events (aggregate_id, seq, kind, body, at) VALUES ($1, $2, $3, $4::jsonb, $5)', [event.stream, event.version, event.type, JSON.stringify(event.data), event.time]);
      }
    });
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    caches.remove();
  }, 120_000);

  it('says to use --map, naming the tables that could hold events, when no store is recognised', () => {
    const run = eventlens('info', url);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/holds no event store Eventlens knows .*Tables that could hold events: app\.events\(id, aggregate_id, seq, kind, body, at\)\. .*Use --map .*table=SCHEMA\.NAME,position=NAME for a postgres:\/\/ URL/);
    expect(run.stderr).not.toContain('Map columns');
  });

  it('reads the table with --map in every command', () => {
    const info = eventlens('info', url, '--map', MAP, '--json');
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ format: 'postgres-table', events: 7, streams: 3, live: { store: 'Table events (columns mapped)', schema: 'app' } });
    const streams = eventlens('streams', url, `--map=${MAP}`);
    expect(streams.stdout.trim().split('\n').map((line) => line.split('\t').slice(0, 3))).toEqual([
      ['account-1', '4', '1..4'],
      ['account-2', '1', '1..1'],
      ['user-1', '2', '1..2'],
    ]);
    const events = eventlens('events', url, '--map', MAP, '--stream', 'user-1');
    expect(events.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['user_created', 'user_updated']);
    const replay = eventlens('replay', url, '--map', MAP, '--stream', 'account-1', '--json');
    expect(JSON.parse(replay.stdout)).toMatchObject({ stream: 'account-1', version: 4, state: { owner: 'ada', balance: 40, last: { amount: 60 } } });
    const rates = eventlens('rates', url, '--map', MAP, '--bucket', '1d', '--json');
    expect((JSON.parse(rates.stdout) as { buckets: { count: number }[] }).buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(7);
    const audit = eventlens('audit', url, '--map', MAP, '--json');
    expect(audit.code, audit.stderr).toBe(0);
  });

  it('says what is wrong with a map, and refuses --cipher-key with a URL', () => {
    const missing = eventlens('info', url, '--map', MAP.replace('data=body', 'data=payload'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^eventlens: data=payload: app\.events has no column "payload" \(its columns: id bigint, /);
    const keyed = eventlens('info', url, '--cipher-key', 'secret');
    expect(keyed.code).toBe(2);
    expect(keyed.stderr).toMatch(/^eventlens: A cipher key decrypts a store file .*a live store at a postgres:\/\/ URL is read without one\./);
  });

  it('--help says --map and --cipher-key for a URL', () => {
    const page = eventlens('info', '--help').stdout;
    expect(page).toMatch(/table=SCHEMA\.NAME for a\s+postgres:\/\/\s+URL/);
    expect(page).toMatch(/not for a\s+postgres:\/\/\s+URL/);
  });
});

// The built CLI against a live store, as a script or CI job runs it: commands take a postgres:// URL like a file, the
// output never holds the password, and `diff` of an export against the store shows what was written since.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_EVENTS, tempFolder } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { writePgStore } from '../support/pg/stores.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
const folder = tempFolder('eventlens-cli-pg-');
const caches = tempFolder('eventlens-cli-pg-cache-');

function eventlens(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: caches.path }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('eventlens on a live PostgreSQL store', () => {
  let server: PgServer;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
    server = await startPg();
    url = await server.createDatabase('cli');
    await writePgStore('message-db', url, BANK_EVENTS);
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    folder.remove();
    caches.remove();
  }, 120_000);

  it('summarises, lists and replays the store as it would a file', () => {
    const info = eventlens('info', url, '--json');
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ format: 'message-db', events: 7, streams: 3, live: { store: 'Message DB', schema: 'message_store' } });
    const streams = eventlens('streams', url);
    expect(streams.stdout.trim().split('\n').map((line) => line.split('\t').slice(0, 3))).toEqual([
      ['account-1', '4', '0..3'],
      ['account-2', '1', '0..0'],
      ['user-1', '2', '0..1'],
    ]);
    const replay = eventlens('replay', url, '--stream', 'account-1', '--json');
    expect(JSON.parse(replay.stdout)).toMatchObject({ stream: 'account-1', version: 3, state: { owner: 'ada', balance: 40, last: { amount: 60 } } });
  });

  it('never prints a password written in the URL', () => {
    const withPassword = url.replace('postgres@', 'postgres:hunter2@');
    for (const args of [['info', withPassword], ['info', withPassword, '--json'], ['audit', withPassword, '--json']]) {
      const run = eventlens(...args);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout + run.stderr).not.toContain('hunter2');
    }
  });

  it('compares its own export with the store: what was written since is added, nothing rewritten; an edit is caught', async () => {
    const exported = join(folder.path, 'export.ndjson');
    const events = eventlens('events', url, '--limit', '100000');
    expect(events.code, events.stderr).toBe(0);
    writeFileSync(exported, events.stdout);
    const same = eventlens('diff', exported, url, '--json');
    expect(JSON.parse(same.stdout), same.stderr).toMatchObject({ identical: true, added: 0, removed: 0, modified: 0 });
    expect(JSON.parse(eventlens('audit', exported, '--json').stdout).findings).toEqual([]);

    const client = new pg.Client(url);
    await client.connect();
    try {
      await client.query('SET search_path = message_store, public');
      await client.query(`SELECT write_message(gen_random_uuid()::text, 'account-2', 'money_deposited', '{"balance": 9}'::jsonb)`);
    } finally {
      await client.end();
    }
    const grown = eventlens('diff', exported, url, '--json');
    expect(JSON.parse(grown.stdout)).toMatchObject({ identical: false, added: 1, removed: 0, modified: 0, rewritten: 0 });

    // The export edited by hand: its digest no longer holds, and the audit says where.
    const edited = join(folder.path, 'edited.ndjson');
    writeFileSync(edited, events.stdout.replace('"balance":5', '"balance":500'));
    const audit = JSON.parse(eventlens('audit', edited, '--json').stdout) as { findings: { kind: string; stream: string; version: number }[] };
    expect(audit.findings).toEqual([expect.objectContaining({ kind: 'export-digest', severity: 'error', stream: 'account-2', version: 0 })]);
  }, 120_000);

  it('says where no server answers, in one line, with exit code 2 (as for a file that is not there)', () => {
    const run = eventlens('info', 'postgres://nobody@127.0.0.1:1/nothing');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No PostgreSQL server answers at 127\.0\.0\.1:1/);
  });
});

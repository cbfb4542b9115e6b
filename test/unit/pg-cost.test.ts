// A live store asks before a filter no index serves reads a large table whole: the refusal ("needs-consent") names
// the table, the planner's count of its rows and why; consent runs the filter and it answers in full; a filter an
// index serves (one stream, a page by position) is never refused. The plan is asked once per filter and values, by
// EXPLAIN without ANALYZE, and nothing is built on the server.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PgSession } from '../../electron/postgres/pg-session.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { BANK_EVENTS, tempFolder } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { withClient } from '../support/pg/sql.js';
import { writePgStore } from '../support/pg/stores.js';

/** Rows added to the bank's seven: enough that the planner serves one stream by its index, not by a scan. */
const BULK = 30_000;
const LIMIT = '5000';
const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

/** What the server holds besides rows: a filter asked about must leave it as it was. */
const OBJECTS = `SELECT string_agg(c.relkind::text || ':' || n.nspname || '.' || c.relname, ',' ORDER BY n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`;

/** The bank's events and BULK more in a Message DB store, then `extra` SQL, and the planner's statistics. */
async function writeLargeStore(url: string, extra?: string): Promise<void> {
  await writePgStore('message-db', url, BANK_EVENTS);
  await withClient(url, async (client) => {
    // Written as rows (write_message one at a time would take minutes): 300 streams of 100 events, a second apart.
    await client.query(
      `INSERT INTO message_store.messages (position, stream_name, type, data, metadata, time)
       SELECT g % 100, 'bulk-' || (g / 100), 'bulk_written', jsonb_build_object('n', g), NULL, timestamp '2026-02-01' + g * interval '1 second'
       FROM generate_series(0, ${BULK - 1}) g`,
    );
    if (extra !== undefined) await client.query(extra);
    await client.query('ANALYZE message_store.messages');
  });
}

describe('filters a live store would read whole', () => {
  const cache = tempFolder('eventlens-cache-');
  let server: PgServer;
  let url: string;
  let service: JournalService;
  const before = process.env.EVENTLENS_SCAN_LIMIT_ROWS;

  beforeAll(async () => {
    server = await startPg();
    url = await server.createDatabase('costs');
    await writeLargeStore(url);
    process.env.EVENTLENS_SCAN_LIMIT_ROWS = LIMIT;
    service = new JournalService({ samplePath: '', cacheDir: cache.path });
    await service.openJournal({ path: url });
  }, 300_000);

  afterAll(async () => {
    if (before === undefined) delete process.env.EVENTLENS_SCAN_LIMIT_ROWS;
    else process.env.EVENTLENS_SCAN_LIMIT_ROWS = before;
    await service?.close();
    await server?.stop();
    cache.remove();
  }, 120_000);

  it('refuses a filter no index serves, naming the table, its rows and why; consent runs it', async () => {
    const objects = await withClient(url, async (client) => (await client.query<{ string_agg: string }>(OBJECTS)).rows[0]!.string_agg);
    const explained = vi.spyOn(PgSession.prototype, 'rows');
    const explains = () => explained.mock.calls.filter(([sql]) => sql.startsWith('EXPLAIN (FORMAT JSON, VERBOSE)')).length;
    try {
      const byType = service.events({ types: ['account_opened'] });
      await expect(byType).rejects.toMatchObject({ code: 'needs-consent' });
      const message = ((await byType.catch((error: unknown) => error)) as Error).message;
      expect(message).toMatch(/^This filter reads all ~30,0\d\d rows of message_store\.messages: no index on message_store\.messages\(type\)\.$/);
      const inRange = service.events({ from: '2026-01-05T00:00:00Z', to: '2026-01-08T00:00:00Z' });
      await expect(inRange).rejects.toMatchObject({ code: 'needs-consent', message: expect.stringMatching(/no index on message_store\.messages\(time\)/) });
      await expect(service.events({ text: 'ada' })).rejects.toMatchObject({ code: 'needs-consent', message: expect.stringMatching(/no index serves a search of payload text/) });
      await expect(service.rates({ types: ['user_created'] })).rejects.toMatchObject({ code: 'needs-consent' });
      await expect(service.streamPage({ types: ['user_created'] })).rejects.toMatchObject({ code: 'needs-consent' });
      await expect(service.replay({ filter: { types: ['account_opened'] } })).rejects.toMatchObject({ code: 'needs-consent' });
      // Asked of the planner once per filter and values: the same filter again (its next page, its chart), no
      // second EXPLAIN; other types or another range are asked about anew.
      const asked = explains();
      expect(asked).toBe(4);
      await expect(service.events({ types: ['account_opened'], offset: 50 })).rejects.toMatchObject({ code: 'needs-consent' });
      await expect(service.rates({ types: ['account_opened'] })).rejects.toMatchObject({ code: 'needs-consent' });
      expect(explains()).toBe(asked);
      await expect(service.events({ types: ['user_created', 'note_added'] })).rejects.toMatchObject({ code: 'needs-consent' });
      await expect(service.rates({ from: '2026-01-06T00:00:00Z' })).rejects.toMatchObject({ code: 'needs-consent' });
      expect(explains()).toBe(asked + 2);

      // Consent runs those refused so far, and they answer in full.
      expect(await service.allowScans({})).toBe(true);
      expect((await service.events({ types: ['account_opened'] })).events.map((event) => event.stream)).toEqual(['account-1', 'account-2']);
      expect((await service.events({ from: '2026-01-05T00:00:00Z', to: '2026-01-08T00:00:00Z' })).total).toBe(BANK_EVENTS.length);
      expect((await service.events({ text: 'ada' })).total).toBe(3);
      expect((await service.rates({ types: ['user_created'] })).totals.reduce((sum, count) => sum + count, 0)).toBe(1);
      expect((await service.streamPage({ types: ['user_created'] })).streams.map((stream) => stream.stream)).toEqual(['user-1']);
      expect((await service.replay({ filter: { types: ['account_opened'] } })).state).toMatchObject({ owner: 'grace', balance: 5 });
      // A kind of filter not refused before is still asked about; `every` runs any.
      await expect(service.events({ where: 'data.n > 29990' })).rejects.toMatchObject({ code: 'needs-consent', message: expect.stringMatching(/condition on payload fields/) });
      expect(await service.allowScans({ every: true })).toBe(true);
      expect((await service.events({ where: 'data.n > 29990' })).total).toBe(9);
    } finally {
      explained.mockRestore();
    }
    // EXPLAIN only: no index, table or anything else was made on the server.
    expect(await withClient(url, async (client) => (await client.query<{ string_agg: string }>(OBJECTS)).rows[0]!.string_agg)).toBe(objects);
  });

  it('never refuses what an index serves: one stream (with more filters), a page by position, a stream replayed', async () => {
    const fresh = new JournalService({ samplePath: '', cacheDir: cache.path });
    try {
      await fresh.openJournal({ path: url });
      expect((await fresh.events({ stream: 'account-1' })).total).toBe(4);
      expect((await fresh.events({ stream: 'account-1', types: ['money_deposited'], from: '2026-01-01T00:00:00Z' })).total).toBe(1);
      expect((await fresh.events({ stream: 'bulk-7', text: '"n": 7' })).total).toBeGreaterThan(0);
      const far = await fresh.events({ offset: 20_000, limit: 5 });
      expect(far.events).toHaveLength(5);
      expect((await fresh.events({ at: far.events[0]!.position, limit: 1 })).offset).toBe(20_000);
      expect((await fresh.replay({ stream: 'account-1' })).state).toMatchObject({ owner: 'ada', balance: 40 });
      expect((await fresh.rates({ stream: 'user-1' })).totals.reduce((sum, count) => sum + count, 0)).toBe(2);
    } finally {
      await fresh.close();
    }
  });

  it('judges each range by its own plan: a narrow one an index serves does not let a wide one run unasked', async () => {
    const indexed = await server.createDatabase('costs_time_index');
    // A store whose operators added an index on time (Message DB has none of its own).
    await writeLargeStore(indexed, 'CREATE INDEX messages_time ON message_store.messages (time)');
    const other = new JournalService({ samplePath: '', cacheDir: cache.path });
    try {
      await other.openJournal({ path: indexed });
      // Seven bank events in these days: the index finds them.
      expect((await other.events({ from: '2026-01-05T00:00:00Z', to: '2026-01-08T00:00:00Z' })).total).toBe(BANK_EVENTS.length);
      // From the bank's days to the end: all the bulk rows, most of the table.
      await expect(other.events({ from: '2026-01-05T00:00:00Z' })).rejects.toMatchObject({ code: 'needs-consent', message: expect.stringMatching(/message_store\.messages/) });
      await expect(other.rates({ from: '2026-01-05T00:00:00Z', to: '2026-03-01T00:00:00Z' })).rejects.toMatchObject({ code: 'needs-consent' });
    } finally {
      await other.close();
    }
  });

  it.runIf(existsSync(CLI))('the CLI says what a filter would read and runs it with --scan', () => {
    const env = { ...process.env, EVENTLENS_SCAN_LIMIT_ROWS: LIMIT, XDG_CACHE_HOME: cache.path };
    const refused = spawnSync(process.execPath, [CLI, 'events', url, '--type', 'account_opened'], { encoding: 'utf8', env, timeout: 120_000 });
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/reads all ~30,0\d\d rows of message_store\.messages: no index on message_store\.messages\(type\)\. Add --scan to run it anyway\./);
    const run = spawnSync(process.execPath, [CLI, 'events', url, '--type', 'account_opened', '--scan'], { encoding: 'utf8', env, timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { stream: string }).stream)).toEqual(['account-1', 'account-2']);
  });
});

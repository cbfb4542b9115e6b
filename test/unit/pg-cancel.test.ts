// Cancel reaches the server: a statement of ours held up there (here by a lock another session holds on the store's
// table) is cancelled by the protocol's cancel request, the call says so, and nothing of ours is left running.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { writePgStore } from '../support/pg/stores.js';

/** Our statements the server is running now, and how many wait on a lock. */
async function ours(admin: pg.Client): Promise<{ running: number; waiting: number }> {
  const { rows } = await admin.query(
    `SELECT count(*)::int AS running, count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting
     FROM pg_stat_activity WHERE application_name = 'eventlens' AND state = 'active'`,
  );
  return rows[0] as { running: number; waiting: number };
}

async function until<T>(look: () => Promise<T>, holds: (value: T) => boolean, what: string): Promise<T> {
  // Margins for a loaded machine: the statement reaches the server within a few ms when idle.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await look();
    if (holds(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited 30 s for ${what}; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cancelling a live store\'s query', () => {
  let server: PgServer;
  let url: string;
  let admin: pg.Client;
  let locker: pg.Client;

  beforeAll(async () => {
    server = await startPg();
    url = await server.createDatabase('cancel_here');
    await writePgStore('message-db', url, BANK_EVENTS);
    admin = new pg.Client(url);
    await admin.connect();
  }, 300_000);

  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  }, 120_000);

  /** Holds the store's table, so that any statement reading it waits on the server until released. */
  async function holdTable(): Promise<() => Promise<void>> {
    locker = new pg.Client(url);
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE message_store.messages IN ACCESS EXCLUSIVE MODE');
    return async () => {
      await locker.query('ROLLBACK');
      await locker.end();
    };
  }

  it('stops a search on the server: the call fails as cancelled and no statement of ours runs on', async () => {
    const service = new JournalService({ samplePath: '' });
    try {
      await service.openJournal({ path: url });
      const release = await holdTable();
      try {
        const asked = service.events({ offset: 0, limit: 50, text: 'grace' }).then(
          () => 'answered',
          (error: { code?: string; message?: string }) => error,
        );
        await until(() => ours(admin), (now) => now.waiting === 1, 'the search to wait on the lock');
        expect(await service.cancelSearch()).toBe(true);
        expect(await asked).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/was cancelled/) });
        expect(await until(() => ours(admin), (now) => now.running === 0, 'no statement of ours to run')).toEqual({ running: 0, waiting: 0 });
      } finally {
        await release();
      }
      // The session is usable after: the same search now answers.
      const page = await service.events({ offset: 0, limit: 50, text: 'grace' });
      expect(page.events.map((event) => event.stream)).toEqual(['account-2']);
    } finally {
      await service.close();
    }
  }, 120_000);

  it('stops an open on the server: the open fails as cancelled, and the next open answers', async () => {
    const service = new JournalService({ samplePath: '' });
    try {
      const release = await holdTable();
      try {
        const opening = service.openJournal({ path: url }).then(
          () => 'opened',
          (error: { code?: string; message?: string }) => error,
        );
        await until(() => ours(admin), (now) => now.waiting >= 1, 'the open to wait on the lock');
        expect(await service.cancelOpen()).toBe(true);
        expect(await opening).toMatchObject({ code: 'cancelled' });
        expect(await until(() => ours(admin), (now) => now.running === 0, 'no statement of ours to run')).toEqual({ running: 0, waiting: 0 });
      } finally {
        await release();
      }
      const summary = await service.openJournal({ path: url });
      expect(summary.events).toBe(BANK_EVENTS.length);
    } finally {
      await service.close();
    }
  }, 120_000);
});

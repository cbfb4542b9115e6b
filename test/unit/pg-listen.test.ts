// Stores that announce their appends (Commanded's notify_events trigger, Python eventsourcing's NOTIFY) are listened
// to: a new event is looked at when announced, not at the next poll. Polling here is set to once a minute, so only
// the announcement can bring the event in within the test's wait; a store that announces nothing is still polled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../electron/postgres/pg-store.js';
import type { PgJournalStore } from '../../electron/postgres/pg-store.js';
import { LiveFollower } from '../../electron/service/live-follower.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { appendCommanded } from '../support/pg/commanded.js';
import { appendEventsourcing } from '../support/pg/eventsourcing.js';
import { writePgStore } from '../support/pg/stores.js';

const MINUTE = 60_000;
/** The next event of account-2 in BANK_EVENTS. */
const nextOf = (events: FixtureEvent[], stream: string): FixtureEvent => {
  const last = events.filter((event) => event.stream === stream).at(-1)!;
  return { ...last, version: last.version + 1, type: 'money_deposited', time: '2026-02-01T00:00:00.000Z', data: { balance: 7 } };
};

describe('listening to a store that announces its appends', () => {
  let server: PgServer;
  beforeAll(async () => {
    server = await startPg();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const cases = [
    { kind: 'commanded' as const, append: (url: string, events: FixtureEvent[]) => appendCommanded(url, events, 'jsonb') },
    { kind: 'eventsourcing' as const, append: appendEventsourcing },
  ];

  for (const { kind, append } of cases) {
    it(`${kind}: an append is looked at when announced, long before the next poll`, async () => {
      const url = await server.createDatabase(`told_${kind.replace('-', '_')}`);
      await writePgStore(kind, url, BANK_EVENTS);
      const store = await openPgStore(url);
      let changes = 0;
      const follower = new LiveFollower(store, () => changes++, MINUTE);
      try {
        await expect.poll(() => follower.status().listening, { timeout: 15_000 }).toBe(true);
        // No look yet: the first poll is a minute away.
        expect(follower.status().checked).toBeNull();
        const before = store.summary.events;
        await append(url, [nextOf(BANK_EVENTS, 'account-2')]);
        await expect.poll(() => store.summary.events, { timeout: 20_000 }).toBe(before + 1);
        expect(changes).toBe(1);
        expect(follower.status()).toMatchObject({ following: true, revision: 1, listening: true });

        // Paused, an announcement is not acted on; resumed, the append is counted in.
        follower.follow(false);
        await append(url, [{ ...nextOf(BANK_EVENTS, 'account-2'), version: nextOf(BANK_EVENTS, 'account-2').version + 1 }]);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(store.summary.events).toBe(before + 1);
        follower.follow(true);
        await expect.poll(() => store.summary.events, { timeout: 20_000 }).toBe(before + 2);
      } finally {
        follower.stop();
        await store.close();
      }
    }, 120_000);
  }

  it('a store that announces nothing (Message DB) is not listened to, and is still followed by polling', async () => {
    const url = await server.createDatabase('untold');
    await writePgStore('message-db', url, BANK_EVENTS);
    const store: PgJournalStore = await openPgStore(url);
    expect(await store.watch(() => {}, () => {})).toBeNull();
    const follower = new LiveFollower(store, () => {}, 200);
    try {
      await expect.poll(() => follower.status().checked, { timeout: 15_000 }).not.toBeNull();
      expect(follower.status().listening).toBeUndefined();
    } finally {
      follower.stop();
      await store.close();
    }
  }, 120_000);
});

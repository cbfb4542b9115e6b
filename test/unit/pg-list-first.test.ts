// A large live store opens from its stream list's counts (head and counts in one snapshot), and the streams' times
// and the type counts follow: the summary says so while they are read, the chart and the sort by last time wait for
// them, and the follower reports their arrival as a change. Here "large" is lowered to a few events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLayout } from '../../electron/postgres/pg-detect.js';
import { PgJournalStore } from '../../electron/postgres/pg-store.js';
import { PgSession } from '../../electron/postgres/pg-session.js';
import { parsePgTarget } from '../../electron/postgres/pg-target.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { writePgStore } from '../support/pg/stores.js';

const STREAMS = [...new Set(BANK_EVENTS.map((event) => event.stream))].sort();

describe('a large live store lists its streams from their counts first', () => {
  let server: PgServer;
  let url: string;
  const opened: PgJournalStore[] = [];
  beforeAll(async () => {
    server = await startPg();
    url = await server.createDatabase('list_first');
    await writePgStore('message-db', url, BANK_EVENTS);
  }, 120_000);
  afterAll(async () => {
    for (const store of opened) store.close();
    await server?.stop();
  });

  async function storeOf(): Promise<PgJournalStore> {
    const session = await PgSession.open(parsePgTarget(url));
    const store = new PgJournalStore(session, await detectLayout(session));
    opened.push(store);
    return store;
  }

  it('answers with counts and versions, then the times and types arrive and are reported once', async () => {
    const store = await storeOf();
    await store.open(3);
    // Counted, not yet timed: the details are still on their way (they need the server's answer).
    expect(store.summary.live?.counting).toBe(true);
    expect(store.summary).toMatchObject({ events: BANK_EVENTS.length, streams: STREAMS.length, firstTime: null, lastTime: null, types: [] });
    const first = (await store.streams({})).map((stream) => [stream.stream, stream.events, stream.firstVersion, stream.lastVersion, stream.lastTime]);
    expect(first).toEqual(STREAMS.map((name) => {
      const events = BANK_EVENTS.filter((event) => event.stream === name);
      return [name, events.length, 0, events.length - 1, null];
    }));
    expect(await store.poll()).toBe(false);

    await store.detailed();
    expect(store.summary.live?.counting).toBeUndefined();
    expect(store.summary.firstTime).toBe(BANK_EVENTS[0]!.time);
    expect(store.summary.types.reduce((sum, type) => sum + type.count, 0)).toBe(BANK_EVENTS.length);
    const last = await store.streams({});
    for (const stream of last) expect(stream.lastTime).toBe(BANK_EVENTS.filter((event) => event.stream === stream.stream).at(-1)!.time);
    // The follower hears of the arrival once, as a change.
    expect(await store.poll()).toBe(true);
    expect(await store.poll()).toBe(false);
  });

  it('sorts by last time and draws the chart only once the times are in', async () => {
    const store = await storeOf();
    await store.open(3);
    expect(store.summary.live?.counting).toBe(true);
    const [page, rates] = await Promise.all([store.streamPage({ sort: 'last', offset: 0, limit: 50 }), store.rates({ bucket: '1d' })]);
    expect(page.streams.every((stream) => stream.lastTime !== null)).toBe(true);
    const times = page.streams.map((stream) => stream.lastTime!);
    expect(times).toEqual([...times].sort().reverse());
    expect(rates.totals.reduce((a, b) => a + b, 0)).toBe(BANK_EVENTS.length);
  });

  it('reads everything first at or below the bound, or with none', async () => {
    for (const bound of [BANK_EVENTS.length, undefined]) {
      const store = await storeOf();
      await store.open(bound);
      expect(store.summary.live?.counting).toBeUndefined();
      expect(store.summary.firstTime).toBe(BANK_EVENTS[0]!.time);
      expect(store.summary.types.length).toBeGreaterThan(0);
    }
  });
});

// A store that keeps times as UTC wall-clock time without a zone (Rails Event Store's created_at, Message DB's time)
// is filtered by time through its own index: the range compares the raw column with its bounds in that form, not the
// zoned time computed per row (which no index serves). Shown by the plan with sequential scans priced out, and by the
// answers, which must be those of the zoned comparison.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLayout } from '../../electron/postgres/pg-detect.js';
import { filterSql, SqlParams } from '../../electron/postgres/pg-filter.js';
import { PgSession } from '../../electron/postgres/pg-session.js';
import { openPgStore } from '../../electron/postgres/pg-store.js';
import { parsePgTarget } from '../../electron/postgres/pg-target.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { withClient } from '../support/pg/sql.js';
import { writePgStore } from '../support/pg/stores.js';
import type { PgStoreKind } from '../support/pg/stores.js';

/** The store, and the index a time range should use (Message DB has none: the test adds one, as operators do). */
const STORES: { kind: PgStoreKind; index: string; add?: string }[] = [
  { kind: 'rails-event-store', index: 'index_event_store_events_on_created_at' },
  { kind: 'message-db', index: 'messages_time', add: 'CREATE INDEX messages_time ON message_store.messages (time)' },
];

const RANGE = { from: '2026-01-05T09:00:30.000Z', to: '2026-01-07T12:00:00.000Z' };

describe('times kept without a zone', () => {
  let server: PgServer;
  const urls = new Map<PgStoreKind, string>();
  beforeAll(async () => {
    server = await startPg();
    for (const { kind, add } of STORES) {
      const url = await server.createDatabase(`time_key_${kind.replaceAll('-', '_')}`);
      await writePgStore(kind, url, BANK_EVENTS);
      if (add) await withClient(url, (client) => client.query(add));
      urls.set(kind, url);
    }
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  describe.each(STORES)('$kind', ({ kind, index }) => {
    it('reads a time range through the index on the time column', async () => {
      const url = urls.get(kind)!;
      const session = await PgSession.open(parsePgTarget(url));
      try {
        const layout = await detectLayout(session);
        expect(layout.timeKey).toBe('utc-wall');
        const params = new SqlParams();
        const where = filterSql(RANGE, params, layout.payloads, null, layout);
        const plan = await withClient(url, async (client) => {
          await client.query('SET enable_seqscan = off');
          const explained = await client.query<{ 'QUERY PLAN': string }>({ text: `EXPLAIN SELECT * FROM (${layout.relation}) ev WHERE ${where}`, values: params.values });
          return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
        });
        expect(plan).toContain(index);
      } finally {
        await session.close();
      }
    });

    it('selects the events of the range, bounds included and excluded as the zoned times would', async () => {
      const store = await openPgStore(urls.get(kind)!);
      try {
        const inRange = BANK_EVENTS.filter((event) => event.time >= RANGE.from && event.time < RANGE.to);
        const page = await store.page({ ...RANGE, offset: 0, limit: 50 });
        expect(page.total).toBe(inRange.length);
        expect(page.events.map((event) => event.time)).toEqual(inRange.map((event) => event.time));
        const rates = await store.rates({ ...RANGE, bucket: '1d' });
        expect(rates.totals.reduce((sum, count) => sum + count, 0)).toBe(inRange.length);
      } finally {
        store.close();
      }
    });
  });
});

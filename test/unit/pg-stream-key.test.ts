// A store that keys its streams by uuid (Python eventsourcing's originator_id; Marten's Guid identity) is read one
// stream at a time through its own index: the stream filter compares the uuid column, not its text form (a cast to
// text no index serves). Shown by the plan with sequential scans priced out, and by the answers themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../electron/postgres/pg-store.js';
import type { PgJournalStore } from '../../electron/postgres/pg-store.js';
import { filterSql, SqlParams } from '../../electron/postgres/pg-filter.js';
import { detectLayout } from '../../electron/postgres/pg-detect.js';
import { PgSession } from '../../electron/postgres/pg-session.js';
import { parsePgTarget } from '../../electron/postgres/pg-target.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { originatorId } from '../support/pg/eventsourcing.js';
import { writePgStore } from '../support/pg/stores.js';
import { withClient } from '../support/pg/sql.js';

describe('streams keyed by uuid', () => {
  let server: PgServer;
  let url: string;
  let store: PgJournalStore;
  beforeAll(async () => {
    server = await startPg();
    url = await server.createDatabase('uuid_streams');
    await writePgStore('eventsourcing', url, BANK_EVENTS);
    store = await openPgStore(url);
  }, 120_000);
  afterAll(async () => {
    store?.close();
    await server?.stop();
  });

  it('reads one stream through the index on its uuid column', async () => {
    const session = await PgSession.open(parsePgTarget(url));
    try {
      const layout = await detectLayout(session);
      expect(layout.streamKey).toBe('uuid');
      const params = new SqlParams();
      const where = filterSql({ stream: originatorId('account-1') }, params, layout.payloads, null, layout);
      const plan = await withClient(url, async (client) => {
        await client.query('SET enable_seqscan = off');
        const explained = await client.query<{ 'QUERY PLAN': string }>({ text: `EXPLAIN SELECT * FROM (${layout.relation}) ev WHERE ${where}`, values: params.values });
        return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toMatch(/Index (Only )?Scan/);
      expect(plan).not.toMatch(/Seq Scan/);
    } finally {
      await session.close();
    }
  });

  it('answers for a stream by the name shown, and for no stream by a name that is no uuid', async () => {
    const stream = originatorId('account-1');
    const expected = BANK_EVENTS.filter((event) => event.stream === 'account-1').length;
    expect(store.summary.events).toBe(BANK_EVENTS.length);
    const page = await store.page({ stream, offset: 0, limit: 50 });
    expect(page.total).toBe(expected);
    expect(page.events.map((event) => event.stream)).toEqual(Array(expected).fill(stream));
    expect(await store.hasStream(stream)).toBe(true);
    expect((await store.page({ stream: 'account-1', offset: 0, limit: 50 })).total).toBe(0);
    expect((await store.page({ stream: stream.toUpperCase(), offset: 0, limit: 50 })).total).toBe(0);
    expect(await store.hasStream('account-1')).toBe(false);
  });
});

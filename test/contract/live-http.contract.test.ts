import { afterAll, beforeAll, describe } from 'vitest';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { describeJournalApi } from './journal-api.contract.js';
import { httpHostTarget } from './http-host-target.js';
import { liveJournal } from './live-journals.js';

// The API contract over a live Message DB store through the browser host and the renderer's own HTTP client: what a
// live store answers must reach a page unchanged (positions, 0-based versions, the URL without its password). One
// store is enough for the transport; live.contract.test.ts asks every store in process. The file starts its own
// throwaway server, so its database may have the same name as that file's on the other server. The host opens a
// journal with its audit running (auditOnOpen): this run found that cancelSearch then cancelled the audit's pass and
// said there had been a search to cancel (it now stops searches alone).
describe('the live contract over HTTP', () => {
  let server: PgServer | undefined;
  beforeAll(async () => void (server = await startPg()), 300_000);
  afterAll(async () => server?.stop(), 120_000);

  const started = (): PgServer => {
    if (server === undefined) throw new Error('The PostgreSQL server for the live HTTP contract did not start.');
    return server;
  };

  describeJournalApi('HTTP (browser host)', httpHostTarget, { journal: liveJournal('message-db', started) });
});

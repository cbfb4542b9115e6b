import { describe } from 'vitest';
import { describeJournalApi } from './journal-api.contract.js';
import { httpHostTarget } from './http-host-target.js';
import { liveJournal, throwawayServer } from './live-journals.js';

// The API contract over a live Message DB store through the browser host and the renderer's own HTTP client: what a
// live store answers must reach a page unchanged (positions, 0-based versions, the URL without its password). One
// store is enough for the transport; live.contract.test.ts asks every store in process. The file starts its own
// throwaway server, so its database may have the same name as that file's on the other server. The host opens a
// journal with its audit running (auditOnOpen): this run found that cancelSearch then cancelled the audit's pass and
// said there had been a search to cancel (it now stops searches alone).
describe('the live contract over HTTP', () => {
  const started = throwawayServer();
  describeJournalApi('HTTP (browser host)', httpHostTarget, { journal: liveJournal('message-db', started) });
});

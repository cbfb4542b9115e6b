import { afterAll, beforeAll } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { describeJournalApi } from './journal-api.contract.js';
import { liveJournal } from './live-journals.js';
import type { LiveKind } from './live-journals.js';

// The API contract over live PostgreSQL stores: the same cases, asked of BANK_EVENTS as each store's own writer left
// them, through the service in this process. One throwaway server for the file, a database per store.
let server: PgServer | undefined;
beforeAll(async () => void (server = await startPg()), 300_000);
afterAll(async () => server?.stop(), 120_000);

const started = (): PgServer => {
  if (server === undefined) throw new Error('The PostgreSQL server for the live contract did not start.');
  return server;
};

for (const kind of ['message-db', 'marten', 'emmett', 'commanded', 'rails-event-store'] satisfies LiveKind[]) {
  describeJournalApi(
    'the service directly',
    async (samplePath) => {
      const services: JournalService[] = [];
      const session = (): JournalService => {
        const service = new JournalService({ samplePath });
        services.push(service);
        return service;
      };
      return {
        api: session(),
        another: async () => session(),
        // Each service holds its store's connections: closed before the server stops.
        close: async () => void (await Promise.all(services.map((service) => service.close()))),
      };
    },
    { journal: liveJournal(kind, started) },
  );
}

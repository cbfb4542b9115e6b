import { JournalService } from '../../electron/service/journal-service.js';
import { describeJournalApi } from './journal-api.contract.js';
import { liveJournal, throwawayServer } from './live-journals.js';
import type { LiveKind } from './live-journals.js';

// The API contract over live PostgreSQL stores: the same cases, asked of BANK_EVENTS as each store's own writer left
// them, through the service in this process. One throwaway server for the file, a database per store.
const started = throwawayServer();

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

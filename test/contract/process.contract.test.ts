import { beforeAll } from 'vitest';
import type { ServiceClient } from '../../electron/service/service-client.js';
import { assertServiceBuilt, forkedClient } from '../support/service-fork.js';
import { describeJournalApi } from './journal-api.contract.js';

// The fourth transport: the service in a process of its own (the compiled service-process.js, forked by Node with
// the messages Electron's utilityProcess carries in the app), asked through the main side's ServiceClient.
beforeAll(assertServiceBuilt);

describeJournalApi('a service process (fork)', async (samplePath) => {
  const clients: ServiceClient[] = [];
  const connect = (): ServiceClient => {
    const { client } = forkedClient({ samplePath, recentFile: null });
    clients.push(client);
    return client;
  };
  return {
    api: connect(),
    // A second window has a service process of its own: the two share nothing but the cache folder.
    another: async () => connect(),
    close: async () => void (await Promise.all(clients.map((client) => client.close()))),
  };
});

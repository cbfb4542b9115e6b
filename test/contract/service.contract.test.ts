import { JournalService } from '../../electron/service/journal-service.js';
import { describeJournalApi } from './journal-api.contract.js';

describeJournalApi('the service directly', async (samplePath) => ({
  api: new JournalService({ samplePath }),
  // The CLI's one service per run; two of them share nothing but the cache folder.
  another: async () => new JournalService({ samplePath }),
  close: async () => {},
}));

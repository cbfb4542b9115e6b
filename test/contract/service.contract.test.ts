import { JournalService } from '../../electron/service/journal-service.js';
import { describeJournalApi } from './journal-api.contract.js';

describeJournalApi('the service directly', async (samplePath) => ({
  api: new JournalService({ samplePath }),
  close: async () => {},
}));

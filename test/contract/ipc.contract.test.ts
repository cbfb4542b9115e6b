import { journalApiOver } from '../../shared/bridge.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { createIpcClient } from '../support/ipc-client.js';
import { describeJournalApi } from './journal-api.contract.js';

// The real main-side handlers and the real preload bridge over in-memory IPC, unwrapped as the page unwraps them.
describeJournalApi('Electron IPC', async (samplePath) => ({
  api: journalApiOver(await createIpcClient(new JournalService({ samplePath }))),
  close: async () => {},
}));

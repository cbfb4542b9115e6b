import { journalApiOver } from '../../shared/bridge.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { createIpcHarness } from '../support/ipc-client.js';
import { describeJournalApi } from './journal-api.contract.js';

// The real main-side handlers and the real preload bridge over in-memory IPC, unwrapped as the page unwraps them.
// A second window is a second page on the same main process, routed to a service of its own.
describeJournalApi('Electron IPC', async (samplePath) => {
  const harness = await createIpcHarness(new JournalService({ samplePath }));
  return {
    api: journalApiOver(harness.bridge),
    another: async () => journalApiOver(harness.addWindow(new JournalService({ samplePath }))),
    close: async () => {},
  };
});

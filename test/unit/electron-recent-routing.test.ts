// The recent list lives in the main process while each window's service runs elsewhere: recent() is answered there,
// and a journal opened by path in any window is added there.
import { expect, it } from 'vitest';
import { RecentJournals } from '../../electron/service/recent-journals.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { withRecentList } from '../../electron/shell/recent-routing.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';

it("answers recent() from the main process's list and adds what any window opens by path", async () => {
  const folder = tempFolder();
  const journal = writeNdjson(`${folder.path}/bank.ndjson`, BANK_EVENTS);
  const recent = new RecentJournals(null);
  recent.add('/earlier.ndjson');
  const [one, two] = [new JournalService({ samplePath: journal }), new JournalService({ samplePath: journal })].map((service) => withRecentList(service, recent));
  try {
    expect(await two!.recent()).toEqual(['/earlier.ndjson']);
    await one!.openJournal({ path: journal });
    expect(await two!.recent()).toEqual([journal, '/earlier.ndjson']);
    // The sample is no recent journal; a failed open adds nothing.
    await two!.openSample();
    await expect(two!.openJournal({ path: `${folder.path}/missing.ndjson` })).rejects.toMatchObject({ code: 'not-found' });
    expect(recent.list()).toEqual([journal, '/earlier.ndjson']);
    // Every other method is the service's own.
    expect((await one!.summary())?.name).toBe('bank.ndjson');
  } finally {
    await Promise.all([one!.close(), two!.close()]);
    folder.remove();
  }
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { tempFolder } from '../support/fixtures.js';
import { ACCOUNT, writeEventsourcingPython } from '../support/stores/eventsourcing-python.js';

const folder = tempFolder('eventlens-snapshots-');
const caches = tempFolder('eventlens-snapshot-cache-');
afterAll(() => {
  folder.remove();
  caches.remove();
});

describe('stored snapshots on the replay timeline', () => {
  it('are checked against the replayed state at their version, and a mismatch says what differs', async () => {
    const path = writeEventsourcingPython(join(folder.path, 'bank.sqlite'));
    const service = new JournalService({ samplePath: path, cacheDir: caches.path });
    try {
      await service.openJournal({ path });
      const merged = await service.replayAt({ stream: ACCOUNT, count: 3 });
      expect(merged.snapshots).toHaveLength(1);
      const [check] = merged.snapshots!;
      expect(check).toMatchObject({ version: 2, count: 2, matches: false });
      expect(check!.changes).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/_version', kind: 'added', after: 2 })]));

      // A reducer that rebuilds the aggregate as the store's own code does agrees with the snapshot.
      const reducer = join(folder.path, 'account.mjs');
      writeFileSync(
        reducer,
        [
          'export const init = () => ({});',
          'export function apply(state, event) {',
          "  if (event.type.endsWith('Opened')) return { _id: event.stream, _version: event.version, _created_on: event.time.replace('.000Z', '+00:00'), owner: event.data.owner, balance: event.data.balance };",
          "  if (event.type.endsWith('Deposited')) return { ...state, _version: event.version, balance: (Number(state.balance) + Number(event.data.amount)).toFixed(2) };",
          '  return { ...state, _version: event.version };',
          '}',
        ].join('\n'),
      );
      await service.loadReducer({ path: reducer });
      const custom = await service.replayAt({ stream: ACCOUNT, count: 1, reducer: 'custom' });
      expect(custom.snapshots).toEqual([expect.objectContaining({ version: 2, matches: true, changes: [] })]);
      const cli = await service.replay({ stream: ACCOUNT, reducer: 'custom' });
      expect(cli.snapshots?.[0]?.matches).toBe(true);
    } finally {
      await service.close();
    }
  });
});

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';
import { COMMIT_IDS, writeNEventStore } from '../support/stores/neventstore.js';
import { identities, readStore } from '../support/stores/read.js';

const folder = tempFolder();
const paths = {
  store: join(folder.path, 'bank.db'),
  broken: join(folder.path, 'broken.db'),
};
let before: Record<string, string>;

beforeAll(() => {
  writeNEventStore(paths.store);
  writeNEventStore(paths.broken, { badCommit: true });
  before = folderFingerprint(folder.path);
});
afterAll(() => {
  expect(folderFingerprint(folder.path)).toEqual(before);
  folder.remove();
});

// Commits expanded into their events; versions counted back from StreamRevision, the revision of a commit's last
// event; positions a running count in checkpoint order; another bucket than "default" prefixes the stream.
const EXPECTED = [
  { position: 1, stream: 'account-1', version: 1, type: 'Bank.Events.AccountOpened' },
  { position: 2, stream: 'account-1', version: 2, type: 'Bank.Events.MoneyDeposited' },
  { position: 3, stream: 'user-1', version: 1, type: 'Bank.Events.UserRegistered' },
  { position: 4, stream: 'account-1', version: 3, type: 'Bank.Events.MoneyWithdrawn' },
  { position: 5, stream: 'account-1', version: 4, type: 'Bank.Events.MoneyWithdrawn' },
  { position: 6, stream: 'account-1', version: 5, type: 'Bank.Events.AccountFrozen' },
  { position: 7, stream: 'archive/account-1', version: 1, type: 'Bank.Events.AccountOpened' },
];

describe('neventstore', () => {
  it('expands each commit into its events', async () => {
    const journal = await readStore(paths.store);
    expect(journal.format).toBe('neventstore');
    expect(journal.findings.list).toEqual([]);
    expect(identities(journal.events)).toEqual(EXPECTED);
    // CommitStamp, as text or as .NET ticks.
    expect(journal.events.map((e) => e.time)).toEqual([
      '2026-01-05T09:00:00.123Z',
      '2026-01-05T09:00:00.123Z',
      '2026-01-05T09:00:30.000Z',
      '2026-01-06T10:00:00.000Z',
      '2026-01-06T10:00:00.000Z',
      '2026-01-06T10:00:00.000Z',
      '2026-01-07T08:00:00.000Z',
    ]);
  });

  it('gives events no id: NEventStore identifies commits, not the events in them', async () => {
    const { events } = await readStore(paths.store);
    for (const event of events) expect(event).not.toHaveProperty('id');
  });

  it('shows bodies without Newtonsoft type names, and headers with their commit as metadata', async () => {
    const { events } = await readStore(paths.store);
    expect(events.map((e) => e.data)).toEqual([{ Owner: 'ada' }, { Amount: 100.5 }, { Name: 'Ada', Tags: ['vip'] }, { Amount: 40 }, { Amount: 10 }, {}, { Owner: 'old' }]);
    expect(events[0]!.metadata).toEqual({ Source: 'web', $commit: { id: COMMIT_IDS[0], sequence: 1, checkpoint: 1, items: 2, bucket: 'default', headers: { User: 'clerk' } } });
    expect(events[1]!.metadata).toEqual({ $commit: { id: COMMIT_IDS[0], sequence: 1, checkpoint: 1, items: 2, bucket: 'default', headers: { User: 'clerk' } } });
    expect(events[5]!.metadata).toEqual({ Reason: 'audit', $commit: { id: COMMIT_IDS[2], sequence: 2, checkpoint: 3, items: 3, bucket: 'default' } });
    // The type names removed are kept beside, the body's (the event's type with its assembly) first.
    expect(events[2]!.extra?.typeNames).toEqual(['Bank.Events.UserRegistered, Bank.Domain', 'System.Collections.Generic.List`1[[System.String, mscorlib]], mscorlib']);
  });

  it('turns a commit it cannot read into a finding naming it, and reads the others', async () => {
    const journal = await readStore(paths.broken);
    expect(identities(journal.events)).toEqual(
      EXPECTED.filter((e) => e.stream !== 'user-1').map((e, i) => ({ ...e, position: i + 1 })),
    );
    expect(journal.findings.list.map((f) => f.message)).toEqual([
      `broken.db commit ${COMMIT_IDS[1]} (checkpoint 2 of Commits): the payload is not a JSON list of events (NEventStore's JSON serializer); its event was left out.`,
    ]);
  });

  // Found by readers-fuzz-formats: a CommitStamp past the last date JavaScript shows threw a RangeError (toISOString),
  // and a payload too deep for the walk that drops type names overflowed the stack; either rejected the app's open.
  it('reads a commit stamped past the last date there is without a time, and leaves out a commit nested too deeply', async () => {
    const damaged = tempFolder();
    try {
      const path = join(damaged.path, 'damaged.db');
      copyFileSync(paths.store, path);
      const db = new Database(path);
      db.pragma('ignore_check_constraints = ON');
      db.prepare('UPDATE Commits SET CommitStamp = ? WHERE CheckpointNumber = 1').run(1e300);
      db.prepare('UPDATE Commits SET Payload = ? WHERE CheckpointNumber = 2').run(Buffer.from(`[{"Headers": {}, "Body": ${'['.repeat(100_000)}${']'.repeat(100_000)}}]`));
      db.close();
      const journal = await readStore(path);
      expect(identities(journal.events)).toEqual(EXPECTED.filter((e) => e.stream !== 'user-1').map((e, i) => ({ ...e, position: i + 1 })));
      expect(journal.events.slice(0, 2).map((e) => e.time)).toEqual([null, null]);
      expect(journal.findings.list.map((f) => [f.kind, f.place])).toEqual([
        ['bad-time', `event 1 of commit ${COMMIT_IDS[0]} (checkpoint 1 of Commits)`],
        ['bad-time', `event 2 of commit ${COMMIT_IDS[0]} (checkpoint 1 of Commits)`],
        ['too-deep', `commit ${COMMIT_IDS[1]} (checkpoint 2 of Commits)`],
      ]);
      const service = new JournalService({ samplePath: join(damaged.path, 'none'), cacheDir: join(damaged.path, 'cache') });
      try {
        expect((await service.openJournal({ path })).events).toBe(6);
      } finally {
        await service.close();
      }
    } finally {
      damaged.remove();
    }
  });
});

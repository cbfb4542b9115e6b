import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalError } from '../../shared/contract.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { eventsourcingPython } from '../../electron/readers/formats/sqlite/eventsourcing-python.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';
import { ACCOUNT, USER, newCipherKey, writeEventsourcingPython } from '../support/stores/eventsourcing-python.js';
import { identities, readSnapshots, readStore, refusal } from '../support/stores/read.js';

const folder = tempFolder();
const key = newCipherKey();
const paths = {
  plain: join(folder.path, 'bank.sqlite'),
  compressed: join(folder.path, 'compressed.sqlite'),
  encrypted: join(folder.path, 'encrypted.sqlite'),
  aes128: join(folder.path, 'aes128.sqlite'),
  broken: join(folder.path, 'broken.sqlite'),
  aggregates: join(folder.path, 'aggregates.sqlite'),
};
const key128 = newCipherKey(16);
let before: Record<string, string>;

beforeAll(() => {
  writeEventsourcingPython(paths.plain);
  writeEventsourcingPython(paths.compressed, { compress: true });
  writeEventsourcingPython(paths.encrypted, { compress: true, cipherKey: key });
  writeEventsourcingPython(paths.aes128, { cipherKey: key128 });
  writeEventsourcingPython(paths.broken, { badRow: true });
  writeEventsourcingPython(paths.aggregates, { aggregateRecorder: true });
  before = folderFingerprint(folder.path);
});
afterAll(() => {
  // Nothing written to the fixtures, no -wal/-shm/-journal beside them.
  expect(folderFingerprint(folder.path)).toEqual(before);
  folder.remove();
});

const EXPECTED = [
  { position: 1, stream: ACCOUNT, version: 1, type: 'bank.domain:Account.Opened' },
  { position: 2, stream: USER, version: 1, type: 'bank.domain:User.Registered' },
  { position: 3, stream: ACCOUNT, version: 2, type: 'bank.domain:Account.Deposited' },
  { position: 4, stream: ACCOUNT, version: 3, type: 'bank.domain:Account.Withdrawn' },
];

describe('eventsourcing-python', () => {
  it.each([
    ['plain JSON', paths.plain, undefined],
    ['zlib-compressed', paths.compressed, undefined],
    ['compressed and AES-256-GCM encrypted, with the key', paths.encrypted, key],
    ['AES-128-GCM encrypted, with the key', paths.aes128, key128],
  ])('reads %s states', async (_, path, cipherKey) => {
    const journal = await readStore(path, { cipherKey });
    expect(journal.format).toBe('eventsourcing-python');
    expect(journal.findings.list).toEqual([]);
    expect(identities(journal.events)).toEqual(EXPECTED);
    // Times come from the state's timestamp, in UTC (11:15+01:00 is 10:15Z).
    expect(journal.events.map((e) => e.time)).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T09:00:30.250Z',
      '2026-01-05T10:15:00.000Z',
      '2026-01-07T12:00:00.000Z',
    ]);
  });

  it('unwraps the default transcodings and keeps the event attributes without the envelope', async () => {
    const { events } = await readStore(paths.plain);
    expect(events[0]!.data).toEqual({ originator_topic: 'bank.domain:Account', owner: 'ada', balance: '0.00' });
    expect(events[2]!.data).toEqual({ amount: '100.50', by: USER });
    // An application's own transcoding keeps its wrapper: its name says what the value is.
    expect(events[3]!.data).toEqual({ amount: '40.00', fee: { _type_: 'money', _data_: { amount: '0.50', currency: 'EUR' } }, tags: ['atm', '2026-01-07T11:59:00+00:00'] });
    expect(events.every((e) => e.metadata === null)).toBe(true);
  });

  it('gives events no id: a stored event is known by its originator and version only', async () => {
    const { events } = await readStore(paths.plain);
    for (const event of events) expect(event).not.toHaveProperty('id');
  });

  it('fails as a whole, saying to give the key, when every state is encrypted and no key was given', async () => {
    const error = await refusal(readStore(paths.encrypted));
    expect(error.code).toBe('encrypted');
    expect(error.message).toBe('encrypted.sqlite: the events are encrypted (AES-GCM); the key they were written with is needed.');
  });

  it('says the key is wrong when it decrypts nothing, and what a key looks like when it is malformed', async () => {
    const wrong = await refusal(readStore(paths.encrypted, { cipherKey: newCipherKey() }));
    expect(wrong.code).toBe('encrypted');
    expect(wrong.message).toBe('encrypted.sqlite: the cipher key does not decrypt the events (AES-GCM authentication failed).');
    const malformed = await refusal(readStore(paths.encrypted, { cipherKey: 'c2hvcnQ=' }));
    expect(malformed.message).toContain('the cipher key must be base64 of 16, 24 or 32 bytes');
  });

  it('reads an unencrypted database even when a key is given', async () => {
    const journal = await readStore(paths.compressed, { cipherKey: key });
    expect(identities(journal.events)).toEqual(EXPECTED);
  });

  it('turns an undecodable state into a finding naming the row, and reads the rest', async () => {
    const journal = await readStore(paths.broken);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.findings.list).toHaveLength(1);
    expect(journal.findings.list[0]!.message).toBe('broken.sqlite row 5 of stored_events: the state looks like JSON but does not parse; the event was left out.');
  });

  it('reads an aggregate recorder table, which has no rowid, stream by stream, saying so', async () => {
    const journal = await readStore(paths.aggregates);
    expect(journal.format).toBe('eventsourcing-python');
    expect(identities(journal.events)).toEqual([
      { position: 1, stream: USER, version: 1, type: 'bank.domain:User.Registered' },
      { position: 2, stream: ACCOUNT, version: 1, type: 'bank.domain:Account.Opened' },
      { position: 3, stream: ACCOUNT, version: 2, type: 'bank.domain:Account.Deposited' },
      { position: 4, stream: ACCOUNT, version: 3, type: 'bank.domain:Account.Withdrawn' },
    ]);
    expect(journal.findings.list.map((f) => f.message)).toEqual(['aggregates.sqlite: stored_events has no rowid, so events are in stream order, numbered as read.']);
  });

  it('reads snapshots from stored_snapshots, encrypted ones with the key', () => {
    const expected = [
      {
        stream: ACCOUNT,
        version: 2,
        time: '2026-01-05T10:15:00.000Z',
        type: 'bank.domain:Account',
        state: { _id: ACCOUNT, _version: 2, _created_on: '2026-01-05T09:00:00+00:00', owner: 'ada', balance: '100.50' },
      },
    ];
    expect(readSnapshots(paths.plain, eventsourcingPython).snapshots).toEqual(expected);
    expect(readSnapshots(paths.encrypted, eventsourcingPython, key).snapshots).toEqual(expected);
    const locked = readSnapshots(paths.encrypted, eventsourcingPython);
    expect(locked.snapshots).toEqual([]);
    expect(locked.findings.list[0]!.message).toContain('open the store with its cipher key');
  });

  // Found by readers-fuzz-formats: each of these made the service's open (which imports this store into the cache)
  // reject with a RangeError, a SqliteError NOT NULL failure or a SqliteError "malformed", not a JournalError.
  describe('damaged copies, opened as the app opens them (imported into the cache)', () => {
    const damaged = tempFolder();
    afterAll(() => damaged.remove());
    const copy = (name: string, change: (db: Database.Database) => void) => {
      const path = join(damaged.path, name);
      copyFileSync(paths.plain, path);
      const db = new Database(path);
      change(db);
      db.close();
      return path;
    };
    const open = async (path: string) => {
      const service = new JournalService({ samplePath: join(damaged.path, 'none'), cacheDir: join(damaged.path, 'cache') });
      try {
        return await service.openJournal({ path });
      } finally {
        await service.close();
      }
    };

    it('leaves out a state nested too deeply to unwrap, naming its row, and reads the rest', async () => {
      const deep = `{"amount": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const path = copy('deep.sqlite', (db) => db.prepare('UPDATE stored_events SET state = ? WHERE rowid = 3').run(Buffer.from(deep)));
      const journal = await readStore(path);
      expect(identities(journal.events)).toEqual(EXPECTED.filter((e) => e.position !== 3));
      expect(journal.findings.list).toMatchObject([{ severity: 'error', kind: 'too-deep', place: 'row 3 of stored_events' }]);
      expect(journal.findings.list[0]!.message).toMatch(/^deep\.sqlite row 3 of stored_events: nested too deeply to be read \(.+\), so the event was left out\.$/);
      const summary = await open(path);
      expect(summary.events).toBe(3);
      expect(summary.findings.map((f) => f.kind)).toEqual(['too-deep']);
    });

    it('leaves out a snapshot whose originator_version is no whole number, saying so', async () => {
      const path = copy('snapshot.sqlite', (db) => db.prepare('UPDATE stored_snapshots SET originator_version = ?').run(Buffer.from([0])));
      const { snapshots, findings } = readSnapshots(path, eventsourcingPython);
      expect(snapshots).toEqual([]);
      expect(findings.list.map((f) => f.message)).toEqual([
        `snapshot.sqlite snapshot ${ACCOUNT} version \u0000: the originator_version is not a whole number; the snapshot was left out.`,
      ]);
      expect((await open(path)).events).toBe(4);
    });

    it('refuses a database damaged inside a table page with one JournalError naming the file', async () => {
      const path = copy('malformed.sqlite', () => {});
      const db = new Database(path, { readonly: true });
      const root = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'stored_events'").pluck().get() as number;
      const size = db.pragma('page_size', { simple: true }) as number;
      db.close();
      const bytes = readFileSync(path);
      // The b-tree page type byte: 0 is none SQLite knows.
      bytes[(root - 1) * size] = 0;
      writeFileSync(path, bytes);
      const refused = await open(path).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(JournalError);
      expect(refused).toMatchObject({ code: 'bad-format', message: 'malformed.sqlite could not be read as SQLite: database disk image is malformed.' });
      // Read whole (readJournal), it is refused in the same words.
      await expect(readStore(path)).rejects.toMatchObject({ code: 'bad-format', message: 'malformed.sqlite could not be read as SQLite: database disk image is malformed.' });
    });
  });
});

// Writes a database with NEventStore's SQLite schema (NEventStore.Persistence.Sql, SqliteStatements.resx): one row
// per commit, the payload a list of {Headers, Body} as NEventStore.Serialization.Json writes it (Newtonsoft,
// "$type" on bodies, UTF-8 with a byte-order mark), CommitId a Guid stored as 16 bytes.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS Commits (BucketId varchar(40) NOT NULL, StreamId char(40) NOT NULL, StreamIdOriginal text NOT NULL,
    StreamRevision int NOT NULL CHECK (StreamRevision > 0), Items int NOT NULL CHECK (Items > 0), CommitId guid NOT NULL CHECK (CommitId != 0),
    CommitSequence int NOT NULL CHECK (CommitSequence > 0), CommitStamp datetime NOT NULL, CheckpointNumber INTEGER PRIMARY KEY AUTOINCREMENT,
    Headers blob NULL, Payload blob NOT NULL);
  CREATE UNIQUE INDEX IF NOT EXISTS IX_Commits_CommitSequence ON Commits (BucketId, StreamId, CommitSequence);
  CREATE UNIQUE INDEX IF NOT EXISTS IX_Commits_CommitId ON Commits (BucketId, StreamId, CommitId);
  CREATE UNIQUE INDEX IF NOT EXISTS IX_Commits_Revisions ON Commits (BucketId, StreamId, StreamRevision, Items);
  CREATE INDEX IF NOT EXISTS IX_Commits_Stamp ON Commits (CommitStamp);
  CREATE TABLE IF NOT EXISTS Snapshots (BucketId varchar(40) NOT NULL, StreamId char(40) NOT NULL,
    StreamRevision int NOT NULL CHECK (StreamRevision > 0), Payload blob NOT NULL,
    CONSTRAINT PK_Snapshots PRIMARY KEY (BucketId, StreamId, StreamRevision));`;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const netJson = (value: unknown) => Buffer.concat([BOM, Buffer.from(JSON.stringify(value), 'utf8')]);

/** Guid.ToByteArray(): the first three groups little-endian, the rest as written. */
function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  const bytes = Buffer.from(hex, 'hex');
  bytes.subarray(0, 4).reverse();
  bytes.subarray(4, 6).reverse();
  bytes.subarray(6, 8).reverse();
  return bytes;
}

const event = (type: string, body: object, headers: object = {}) => ({ Headers: headers, Body: { $type: `${type}, Bank.Domain`, ...body } });

interface Commit {
  bucket: string;
  stream: string;
  revision: number;
  sequence: number;
  id: string;
  stamp: string | bigint;
  headers: object | null;
  events: unknown[];
}

export const COMMITS: Commit[] = [
  {
    bucket: 'default',
    stream: 'account-1',
    revision: 2,
    sequence: 1,
    id: '0b0e3c5a-1f2d-4c3b-8a9e-000000000001',
    stamp: '2026-01-05 09:00:00.1234567Z',
    headers: { User: 'clerk' },
    events: [event('Bank.Events.AccountOpened', { Owner: 'ada' }, { Source: 'web' }), event('Bank.Events.MoneyDeposited', { Amount: 100.5 })],
  },
  {
    bucket: 'default',
    stream: 'user-1',
    revision: 1,
    sequence: 1,
    id: '0b0e3c5a-1f2d-4c3b-8a9e-000000000002',
    stamp: '2026-01-05 09:00:30Z',
    headers: {},
    events: [event('Bank.Events.UserRegistered', { Name: 'Ada', Tags: { $type: 'System.Collections.Generic.List`1[[System.String, mscorlib]], mscorlib', $values: ['vip'] } })],
  },
  {
    bucket: 'default',
    stream: 'account-1',
    revision: 5,
    sequence: 2,
    id: '0b0e3c5a-1f2d-4c3b-8a9e-000000000003',
    // The provider's Ticks format: 2026-01-06T10:00:00Z.
    stamp: 639_032_904_000_000_000n,
    headers: null,
    events: [
      event('Bank.Events.MoneyWithdrawn', { Amount: 40 }),
      event('Bank.Events.MoneyWithdrawn', { Amount: 10 }),
      event('Bank.Events.AccountFrozen', {}, { Reason: 'audit' }),
    ],
  },
  {
    bucket: 'archive',
    stream: 'account-1',
    revision: 1,
    sequence: 1,
    id: '0b0e3c5a-1f2d-4c3b-8a9e-000000000004',
    stamp: '2026-01-07 08:00:00Z',
    headers: {},
    events: [event('Bank.Events.AccountOpened', { Owner: 'old' })],
  },
];

export const COMMIT_IDS = COMMITS.map((c) => c.id);

export function writeNEventStore(path: string, options: { badCommit?: boolean } = {}): string {
  const db = new Database(path);
  db.exec(SCHEMA);
  const insert = db.prepare(
    'INSERT INTO Commits (BucketId, StreamId, StreamIdOriginal, CommitId, CommitSequence, StreamRevision, Items, CommitStamp, Headers, Payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    COMMITS.forEach((c, index) => {
      const streamHash = createHash('sha1').update(c.stream).digest('hex');
      // A commit written by another serializer (binary, BSON) cannot be read as JSON.
      const payload = options.badCommit && index === 1 ? Buffer.from([0x16, 0x00, 0x00, 0x00, 0x04, 0x30, 0x00]) : netJson(c.events);
      insert.run(c.bucket, streamHash, c.stream, guidBytes(c.id), c.sequence, c.revision, c.events.length, c.stamp, c.headers === null ? null : netJson(c.headers), payload);
    });
  })();
  db.close();
  return path;
}

// Writes a database with SQL Stream Store's SQLite schema (src/SqlStreamStore.Sqlite/Scripts/Tables.sql): stream ids
// hashed (SHA-1) unless they are GUIDs, positions and versions from 0, metadata in "$$<stream>" streams.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS streams(id text NOT NULL UNIQUE, id_original text NOT NULL,
    id_internal integer NOT NULL PRIMARY KEY AUTOINCREMENT, version integer NOT NULL DEFAULT -1 CHECK (version >= -1),
    position integer NOT NULL DEFAULT -1, max_age integer NULL, max_count integer NULL);
  CREATE INDEX IF NOT EXISTS ix_id_original ON streams (id_original);
  CREATE TABLE IF NOT EXISTS messages (event_id CHAR(36) NOT NULL, stream_id_internal integer NOT NULL,
    stream_version integer NOT NULL CHECK (stream_version >= 0), [position] integer NOT NULL PRIMARY KEY,
    created_utc DATETIME NOT NULL, type CHAR(128) NOT NULL, json_data text NOT NULL, json_metadata text,
    FOREIGN KEY (stream_id_internal) REFERENCES streams (id_internal),
    UNIQUE (stream_id_internal, stream_version) UNIQUE (stream_id_internal, event_id));`;

export const ORDER_GUID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

export const STREAM_STORE_MESSAGES = [
  { stream: 'account-1', type: 'AccountOpened', data: { owner: 'ada' }, metadata: { user: 'clerk' }, created: '2026-01-05 09:00:00.25' },
  { stream: '$$account-1', type: '$stream-metadata', data: { StreamId: 'account-1', MaxAge: null, MaxCount: 100, MetaJson: null }, metadata: null, created: '2026-01-05 09:00:01' },
  { stream: ORDER_GUID, type: 'OrderPlaced', data: { lines: 2 }, metadata: null, created: '2026-01-05 09:10:00' },
  { stream: 'account-1', type: 'MoneyDeposited', data: { amount: 100 }, metadata: null, created: '2026-01-06 12:00:00.1234567' },
];

const isGuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const hashed = (id: string) => (isGuid(id) ? id : createHash('sha1').update(id, 'utf8').digest('hex').toUpperCase());

export function writeSqlStreamStore(path: string, options: { badRow?: boolean } = {}): string {
  const db = new Database(path);
  db.exec(SCHEMA);
  const createStream = db.prepare('INSERT INTO streams (id, id_original) VALUES (?, ?) ON CONFLICT (id) DO NOTHING');
  const streamOf = db.prepare('SELECT id_internal, version FROM streams WHERE id = ?');
  const insert = db.prepare(
    'INSERT INTO messages (event_id, stream_id_internal, stream_version, [position], created_utc, [type], json_data, json_metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const bump = db.prepare('UPDATE streams SET version = ?, position = ? WHERE id_internal = ?');
  db.transaction(() => {
    STREAM_STORE_MESSAGES.forEach((m, position) => {
      createStream.run(hashed(m.stream), m.stream);
      const stream = streamOf.get(hashed(m.stream)) as { id_internal: number; version: number };
      const data = options.badRow && position === 2 ? '{"lines": ' : JSON.stringify(m.data);
      const metadata = m.metadata === null ? null : JSON.stringify(m.metadata);
      insert.run(`9b7a6c50-0000-4000-8000-00000000000${position}`, stream.id_internal, stream.version + 1, position, m.created, m.type, data, metadata);
      bump.run(stream.version + 1, position, stream.id_internal);
    });
  })();
  db.close();
  return path;
}

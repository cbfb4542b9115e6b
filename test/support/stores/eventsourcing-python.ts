// Writes a database the way Python eventsourcing's SQLite application recorder does (eventsourcing/sqlite.py):
// JSON states with "_type_"/"_data_" transcodings, then optionally zlib, then optionally AES-GCM.
import { createCipheriv, randomBytes } from 'node:crypto';
import type { CipherGCMTypes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import Database from 'better-sqlite3';

export const ACCOUNT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const USER = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

const uuid = (hex: string) => ({ _type_: 'uuid_hex', _data_: hex });
const decimal = (text: string) => ({ _type_: 'decimal_str', _data_: text });
const datetime = (iso: string) => ({ _type_: 'datetime_iso', _data_: iso });

/** Rows in write order (rowid 1, 2, …): originator, version, topic and the event's attributes. */
export const PYTHON_EVENTS = [
  { id: ACCOUNT, version: 1, topic: 'bank.domain:Account.Opened', state: { timestamp: datetime('2026-01-05T09:00:00+00:00'), originator_topic: 'bank.domain:Account', owner: 'ada', balance: decimal('0.00') } },
  { id: USER, version: 1, topic: 'bank.domain:User.Registered', state: { timestamp: datetime('2026-01-05T09:00:30.250000+00:00'), originator_topic: 'bank.domain:User', name: 'Ada', email: 'ada@example.com' } },
  { id: ACCOUNT, version: 2, topic: 'bank.domain:Account.Deposited', state: { timestamp: datetime('2026-01-05T11:15:00+01:00'), amount: decimal('100.50'), by: uuid(USER) } },
  {
    id: ACCOUNT,
    version: 3,
    topic: 'bank.domain:Account.Withdrawn',
    state: { timestamp: datetime('2026-01-07T12:00:00+00:00'), amount: decimal('40.00'), fee: { _type_: 'money', _data_: { amount: '0.50', currency: 'EUR' } }, tags: ['atm', datetime('2026-01-07T11:59:00+00:00')] },
  },
];

/** The snapshot of the account at version 2, as Snapshot.take writes it (topic and state, plus timestamp). */
export const PYTHON_SNAPSHOT = {
  id: ACCOUNT,
  version: 2,
  topic: 'eventsourcing.domain:Snapshot',
  state: {
    timestamp: datetime('2026-01-05T10:15:00+00:00'),
    topic: 'bank.domain:Account',
    state: { _id: uuid(ACCOUNT), _version: 2, _created_on: datetime('2026-01-05T09:00:00+00:00'), owner: 'ada', balance: decimal('100.50') },
  },
};

export interface PythonStoreOptions {
  compress?: boolean;
  /** base64, as CIPHER_KEY is. */
  cipherKey?: string;
  /** Appends a fifth row whose state is broken JSON. */
  badRow?: boolean;
  /** The aggregate recorder's table (SQLiteAggregateRecorder): WITHOUT ROWID, so no global order. */
  aggregateRecorder?: boolean;
}

export function newCipherKey(bytes = 32): string {
  return randomBytes(bytes).toString('base64');
}

function storedState(state: unknown, options: PythonStoreOptions): Buffer {
  // json.dumps(separators=(",", ":"), ensure_ascii=False).encode("utf8"), as the JSONTranscoder writes.
  let bytes = Buffer.from(JSON.stringify(state), 'utf8');
  if (options.compress) bytes = deflateSync(bytes);
  if (options.cipherKey !== undefined) {
    const key = Buffer.from(options.cipherKey, 'base64');
    const nonce = randomBytes(12);
    const cipher = createCipheriv(`aes-${key.length * 8}-gcm` as CipherGCMTypes, key, nonce);
    const encrypted = Buffer.concat([cipher.update(bytes), cipher.final()]);
    bytes = Buffer.concat([nonce, cipher.getAuthTag(), encrypted]);
  }
  return bytes;
}

export function writeEventsourcingPython(path: string, options: PythonStoreOptions = {}): string {
  const db = new Database(path);
  const rowid = options.aggregateRecorder ? ' WITHOUT ROWID' : '';
  db.exec(`CREATE TABLE IF NOT EXISTS stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB,
      PRIMARY KEY (originator_id, originator_version))${rowid};
    CREATE TABLE IF NOT EXISTS stored_snapshots (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB,
      PRIMARY KEY (originator_id, originator_version)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS tracking (application_name text, notification_id int,
      PRIMARY KEY (application_name, notification_id)) WITHOUT ROWID;`);
  const insert = (table: string) => db.prepare(`INSERT INTO ${table} VALUES (?,?,?,?)`);
  db.transaction(() => {
    for (const e of PYTHON_EVENTS) insert('stored_events').run(e.id, e.version, e.topic, storedState(e.state, options));
    if (options.badRow) insert('stored_events').run(USER, 2, 'bank.domain:User.Renamed', Buffer.from('{"timestamp": {"_type_": "datetime_iso", '));
    const s = PYTHON_SNAPSHOT;
    insert('stored_snapshots').run(s.id, s.version, s.topic, storedState(s.state, options));
  })();
  db.close();
  return path;
}

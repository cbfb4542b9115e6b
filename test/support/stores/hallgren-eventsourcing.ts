// Writes a database the way hallgren/eventsourcing's SQLite event store does (eventstore/sql/sqlite.go): JSON data
// and metadata blobs, timestamps as Go's time.RFC3339 in the writer's local zone.
import Database from 'better-sqlite3';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id VARCHAR NOT NULL, version INTEGER,
    reason VARCHAR, type VARCHAR, timestamp VARCHAR, data BLOB, metadata BLOB, UNIQUE (id, type, version));
  CREATE INDEX IF NOT EXISTS id_type ON events (id, type);`;

export const HALLGREN_EVENTS = [
  { id: '7', type: 'Person', version: 1, reason: 'Born', timestamp: '2026-01-05T10:00:00+01:00', data: { name: 'Ada' }, metadata: { source: 'import' } },
  // Another aggregate type with the same id: a different stream.
  { id: '7', type: 'Order', version: 1, reason: 'Created', timestamp: '2026-01-05T09:30:00Z', data: { lines: 1 }, metadata: null },
  { id: '7', type: 'Person', version: 2, reason: 'AgedOneYear', timestamp: '2026-01-06T09:00:00-05:00', data: {}, metadata: {} },
];

export function writeHallgren(path: string, options: { badRow?: boolean } = {}): string {
  const db = new Database(path);
  db.exec(SCHEMA);
  const insert = db.prepare('Insert into events (id, version, reason, type, timestamp, data, metadata) values (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    HALLGREN_EVENTS.forEach((e, index) => {
      const data = options.badRow && index === 1 ? '{"lines": 1' : JSON.stringify(e.data);
      // json.Marshal of a nil metadata map is "null".
      insert.run(e.id, e.version, e.reason, e.type, e.timestamp, Buffer.from(data), Buffer.from(JSON.stringify(e.metadata)));
    });
  })();
  db.close();
  return path;
}

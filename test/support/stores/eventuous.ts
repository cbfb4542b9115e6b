// Writes a database with Eventuous's SQLite schema (src/Sqlite/.../Scripts/1_Schema.sql, schema "eventuous"):
// stream positions from 0, created as Microsoft.Data.Sqlite writes a DateTime.
import Database from 'better-sqlite3';

const schema = (prefix: string) => `
  CREATE TABLE IF NOT EXISTS ${prefix}_streams (stream_id INTEGER PRIMARY KEY AUTOINCREMENT, stream_name TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL DEFAULT(-1));
  CREATE TABLE IF NOT EXISTS ${prefix}_messages (global_position INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL,
    message_type TEXT NOT NULL, stream_id INTEGER NOT NULL REFERENCES ${prefix}_streams(stream_id), stream_position INTEGER NOT NULL,
    json_data TEXT NOT NULL, json_metadata TEXT, created TEXT NOT NULL,
    UNIQUE(stream_id, stream_position), UNIQUE(stream_id, message_id), CHECK(stream_position >= 0));
  CREATE INDEX IF NOT EXISTS idx_${prefix}_messages_stream_id ON ${prefix}_messages(stream_id);
  CREATE TABLE IF NOT EXISTS ${prefix}_checkpoints (id TEXT PRIMARY KEY, position INTEGER NULL);`;

export const EVENTUOUS_EVENTS = [
  { stream: 'Booking-1', type: 'V1.RoomBooked', data: { roomId: '101', price: 90.5 }, metadata: { $correlationId: 'c-1' }, created: '2026-01-05 09:00:00.1234567' },
  { stream: 'Booking-2', type: 'V1.RoomBooked', data: { roomId: '102', price: 120 }, metadata: null, created: '2026-01-05 09:05:00' },
  { stream: 'Booking-1', type: 'V1.PaymentRecorded', data: { amount: 90.5 }, metadata: { $correlationId: 'c-1', $causationId: 'm-1' }, created: '2026-01-06 10:00:00.5' },
  { stream: 'Booking-1', type: 'V1.BookingFullyPaid', data: {}, metadata: {}, created: '2026-01-06 10:00:01' },
];

export function writeEventuous(path: string, options: { prefix?: string; badRow?: boolean } = {}): string {
  const prefix = options.prefix ?? 'eventuous';
  const db = new Database(path);
  db.exec(schema(prefix));
  const insertStream = db.prepare(`INSERT INTO ${prefix}_streams (stream_name) VALUES (?) ON CONFLICT (stream_name) DO NOTHING`);
  const streamOf = db.prepare(`SELECT stream_id, version FROM ${prefix}_streams WHERE stream_name = ?`);
  const bump = db.prepare(`UPDATE ${prefix}_streams SET version = ? WHERE stream_id = ?`);
  const insert = db.prepare(
    `INSERT INTO ${prefix}_messages (message_id, message_type, stream_id, stream_position, json_data, json_metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    EVENTUOUS_EVENTS.forEach((e, index) => {
      insertStream.run(e.stream);
      const stream = streamOf.get(e.stream) as { stream_id: number; version: number };
      const position = stream.version + 1;
      const data = options.badRow && index === 1 ? '{"roomId": "102", ' : JSON.stringify(e.data);
      insert.run(`00000000-0000-0000-0000-00000000000${index + 1}`, e.type, stream.stream_id, position, data, e.metadata === null ? null : JSON.stringify(e.metadata), e.created);
      bump.run(position, stream.stream_id);
    });
  })();
  db.close();
  return path;
}

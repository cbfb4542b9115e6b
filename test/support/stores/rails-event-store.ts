// Writes a database with Rails Event Store's ActiveRecord schema (the generator's migration template, SQLite),
// payloads as Ruby's YAML.dump writes them (the default) or as JSONClient writes them.
import Database from 'better-sqlite3';

export type ResSerializer = 'yaml' | 'json';

interface ResEvent {
  id: string;
  type: string;
  yaml: { data: string; metadata: string };
  json: { data: string; metadata: string };
  createdAt: string;
  validAt?: string;
}

export const ORDER_PLACED = '6a54dd54-0d4f-4e8c-9b1f-0d4c3f4b6a01';

export const RES_EVENTS: ResEvent[] = [
  {
    id: ORDER_PLACED,
    type: 'Ordering::OrderPlaced',
    yaml: {
      data: '---\n:order_id: 42\n:amount: !ruby/object:BigDecimal 18:0.1005e3\n:currency: :eur\n:lines:\n- :sku: A-1\n  :quantity: 2\n',
      metadata: '---\n:correlation_id: 6a54dd54-0d4f-4e8c-9b1f-0d4c3f4b6a01\n:remote_ip: 127.0.0.1\n',
    },
    json: {
      data: '{"order_id":42,"amount":"100.5","currency":"eur","lines":[{"sku":"A-1","quantity":2}]}',
      metadata: '{"correlation_id":"6a54dd54-0d4f-4e8c-9b1f-0d4c3f4b6a01","remote_ip":"127.0.0.1"}',
    },
    createdAt: '2026-01-05 09:00:00.123456',
  },
  {
    id: '6a54dd54-0d4f-4e8c-9b1f-0d4c3f4b6a02',
    type: 'Customers::CustomerRegistered',
    yaml: {
      data: '--- !ruby/hash:ActiveSupport::HashWithIndifferentAccess\nname: Ada\nemail: ada@example.com\n',
      // One value in JSON inside a YAML database: the serializer is decided per value.
      metadata: '{"correlation_id":"c-2"}',
    },
    json: { data: '{"name":"Ada","email":"ada@example.com"}', metadata: '{"correlation_id":"c-2"}' },
    createdAt: '2026-01-05 09:00:30.000000',
  },
  {
    id: '6a54dd54-0d4f-4e8c-9b1f-0d4c3f4b6a03',
    type: 'Ordering::OrderPaid',
    yaml: { data: '---\n:order_id: 42\n:paid_at: 2026-01-06 08:00:00.000000000 Z\n', metadata: '--- {}\n' },
    json: { data: '{"order_id":42,"paid_at":"2026-01-06T08:00:00.000Z"}', metadata: '{}' },
    createdAt: '2026-01-06 10:00:00.000000',
    // Recorded later than it took effect: valid_at is the time shown.
    validAt: '2026-01-06 08:00:00.000000',
  },
  {
    id: '6a54dd54-0d4f-4e8c-9b1f-0d4c3f4b6a04',
    type: 'Audit::NotePublished',
    yaml: { data: '---\n:text: published to the global stream only\n', metadata: '--- {}\n' },
    json: { data: '{"text":"published to the global stream only"}', metadata: '{}' },
    createdAt: '2026-01-06 11:00:00.000000',
  },
  {
    id: '6a54dd54-0d4f-4e8c-9b1f-0d4c3f4b6a05',
    type: 'Notifications::EmailSent',
    yaml: { data: '---\n:to: ada@example.com\n', metadata: '--- {}\n' },
    json: { data: '{"to":"ada@example.com"}', metadata: '{}' },
    createdAt: '2026-01-07 12:00:00.000000',
  },
  {
    id: '6a54dd54-0d4f-4e8c-9b1f-0d4c3f4b6a06',
    type: 'Notifications::EmailSent',
    yaml: { data: '---\n:to: grace@example.com\n', metadata: '--- {}\n' },
    json: { data: '{"to":"grace@example.com"}', metadata: '{}' },
    createdAt: '2026-01-07 12:30:00.000000',
  },
];

/** Links in the order they were made: [event index, stream, position] (null: appended with expected_version :any). */
export const RES_LINKS: [number, string, number | null][] = [
  [0, 'Ordering::Order$42', 0],
  [0, 'Customers::Customer$7', 0],
  [1, 'Customers::Customer$7', 1],
  [2, 'Ordering::Order$42', 1],
  [4, 'Notifications', null],
  [5, 'Notifications', null],
  // Linked afterwards (event_store.link), into a stream counted by link order.
  [0, 'Reports$2026-01', null],
];

const SCHEMA = `
  CREATE TABLE event_store_events_in_streams (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, stream varchar NOT NULL,
    position integer, event_id varchar(36) NOT NULL, created_at datetime(6) NOT NULL);
  CREATE UNIQUE INDEX index_event_store_events_in_streams_on_stream_and_position ON event_store_events_in_streams (stream, position);
  CREATE INDEX index_event_store_events_in_streams_on_created_at ON event_store_events_in_streams (created_at);
  CREATE UNIQUE INDEX index_event_store_events_in_streams_on_stream_and_event_id ON event_store_events_in_streams (stream, event_id);
  CREATE TABLE event_store_events (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, event_id varchar(36) NOT NULL,
    event_type varchar NOT NULL, metadata blob, data blob NOT NULL, created_at datetime(6) NOT NULL, valid_at datetime(6));
  CREATE UNIQUE INDEX index_event_store_events_on_event_id ON event_store_events (event_id);
  CREATE INDEX index_event_store_events_on_created_at ON event_store_events (created_at);
  CREATE INDEX index_event_store_events_on_valid_at ON event_store_events (valid_at);
  CREATE INDEX index_event_store_events_on_event_type ON event_store_events (event_type);
  CREATE TABLE schema_migrations (version varchar NOT NULL PRIMARY KEY);
  CREATE TABLE ar_internal_metadata (key varchar NOT NULL PRIMARY KEY, value varchar, created_at datetime(6) NOT NULL, updated_at datetime(6) NOT NULL);`;

export function writeRailsEventStore(path: string, serializer: ResSerializer, options: { badRow?: boolean } = {}): string {
  const db = new Database(path);
  db.exec(SCHEMA);
  const insertEvent = db.prepare('INSERT INTO event_store_events (event_id, event_type, metadata, data, created_at, valid_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertLink = db.prepare('INSERT INTO event_store_events_in_streams (stream, position, event_id, created_at) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    RES_EVENTS.forEach((e, index) => {
      const payload = e[serializer];
      // The binary columns hold the serialized text's bytes.
      const data = options.badRow && index === 3 ? '--- {broken: [' : payload.data;
      insertEvent.run(e.id, e.type, Buffer.from(payload.metadata), Buffer.from(data), e.createdAt, e.validAt ?? null);
    });
    for (const [index, stream, position] of RES_LINKS) {
      const e = RES_EVENTS[index]!;
      insertLink.run(stream, position, e.id, e.createdAt);
    }
  })();
  db.close();
  return path;
}

// Rails Event Store on PostgreSQL (RailsEventStore/rails_event_store, ruby_event_store-active_record): the tables of
// the generator's postgres/create_event_store_events_template.erb with `--data-type jsonb` (JSON client, the layout
// RES recommends over its YAML-in-bytea default), as ActiveRecord creates them, and each append as
// EventRepository#append_to_stream does it: insert_all! into event_store_events, then into
// event_store_events_in_streams, in one transaction. Appends carry a numeric expected version (as AggregateRoot's
// repository does), so positions are 0-based; `expected_version: :any` would leave them NULL.
// Time: event_store_events.created_at is the event's own timestamp (client-given): the fixture's time, in UTC
// without zone. event_store_events_in_streams.created_at is the append's Time.now.utc in RES: here also the
// fixture's time, as if appended at that moment. valid_at stays NULL (RES stores it only when it differs).
import { createHash, randomUUID } from 'node:crypto';
import type { FixtureEvent } from '../fixtures.js';
import { appendsOf, inTransaction, utcTimestamp, withClient } from './sql.js';

/** Rails names a foreign key fk_rails_ + the first 10 hex digits of SHA-256("<table>_<column>_fk"). */
const foreignKey = `fk_rails_${createHash('sha256').update('event_store_events_in_streams_event_id_fk').digest('hex').slice(0, 10)}`;

const SCHEMA = `
CREATE TABLE schema_migrations (version character varying NOT NULL PRIMARY KEY);
CREATE TABLE ar_internal_metadata (
  key character varying NOT NULL PRIMARY KEY,
  value character varying,
  created_at timestamp(6) without time zone NOT NULL,
  updated_at timestamp(6) without time zone NOT NULL
);

CREATE TABLE event_store_events (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL,
  event_type character varying NOT NULL,
  metadata jsonb,
  data jsonb NOT NULL,
  created_at timestamp(6) without time zone NOT NULL,
  valid_at timestamp(6) without time zone
);
CREATE UNIQUE INDEX index_event_store_events_on_event_id ON event_store_events (event_id);
CREATE INDEX index_event_store_events_on_event_type ON event_store_events (event_type);
CREATE INDEX index_event_store_events_on_created_at ON event_store_events (created_at);
CREATE INDEX index_event_store_events_on_valid_at ON event_store_events (valid_at);
CREATE INDEX index_event_store_events_on_as_of ON event_store_events (COALESCE(valid_at, created_at));

CREATE TABLE event_store_events_in_streams (
  id bigserial PRIMARY KEY,
  stream character varying NOT NULL,
  position integer,
  event_id uuid NOT NULL,
  created_at timestamp(6) without time zone NOT NULL
);
CREATE INDEX index_event_store_events_in_streams_on_event_id ON event_store_events_in_streams (event_id);
CREATE INDEX index_event_store_events_in_streams_on_created_at ON event_store_events_in_streams (created_at);
CREATE UNIQUE INDEX index_event_store_events_in_streams_on_stream_and_position ON event_store_events_in_streams (stream, position);
CREATE UNIQUE INDEX index_event_store_events_in_streams_on_stream_and_event_id ON event_store_events_in_streams (stream, event_id);
ALTER TABLE event_store_events_in_streams ADD CONSTRAINT ${foreignKey} FOREIGN KEY (event_id) REFERENCES event_store_events (event_id);

INSERT INTO schema_migrations (version) VALUES ('20260105090000');
INSERT INTO ar_internal_metadata (key, value, created_at, updated_at) VALUES ('environment', 'production', now(), now());
`;

/** A multi-row INSERT of `columns` for `rows`, numbered parameters in order (what insert_all! sends). */
function insertAll(table: string, columns: string[], rows: unknown[][]): [string, unknown[]] {
  const values = rows.map((row, r) => `(${row.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
  return [`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, rows.flat()];
}

export async function writeRailsEventStore(url: string, events: FixtureEvent[]): Promise<void> {
  await withClient(url, async (client) => {
    await inTransaction(client, () => client.query(SCHEMA));
    for (const { stream, events: batch } of appendsOf(events)) {
      const ids = batch.map(() => randomUUID());
      await inTransaction(client, async () => {
        // The record's metadata without timestamp/valid_at, which have their own columns: {} when there is none.
        const eventRows = batch.map((event, i) => [ids[i], JSON.stringify(event.data), JSON.stringify(event.metadata ?? {}), event.type, utcTimestamp(event.time), null]);
        await client.query(...insertAll('event_store_events', ['event_id', 'data', 'metadata', 'event_type', 'created_at', 'valid_at'], eventRows));
        // position = resolved expected version + index + 1; the fixture's version is 1-based, RES's 0-based.
        const streamRows = batch.map((event, i) => [stream, event.version - 1, ids[i], utcTimestamp(event.time)]);
        await client.query(...insertAll('event_store_events_in_streams', ['stream', 'position', 'event_id', 'created_at'], streamRows));
      });
    }
  });
}

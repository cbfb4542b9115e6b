// Commanded's EventStore (commanded/eventstore): the schema of lib/event_store/sql/init.ex (what `mix event_store.init`
// runs: tables, the `$all` stream 0, the no_update_/no_delete_ triggers, notify_events on `<schema>.events`) and each
// append as the one CTE statement of lib/event_store/sql/statements/insert_events.sql.eex, which also links every
// event into `$all` (stream 0) at the next global position.
// Data: jsonb (EventStore.JsonbSerializer) by default, or bytea holding JSON text (EventStore.JsonSerializer).
// Time: events.created_at is given by the client per event, so it is the fixture's time.
import { randomUUID } from 'node:crypto';
import type { FixtureEvent } from '../fixtures.js';
import { appendsOf, inTransaction, withClient } from './sql.js';

export type CommandedDataType = 'jsonb' | 'bytea';

function schema(dataType: CommandedDataType): string {
  return `
SET LOCAL search_path TO "public";

CREATE TABLE streams (
  stream_id bigserial PRIMARY KEY NOT NULL,
  stream_uuid text NOT NULL,
  stream_version bigint default 0 NOT NULL,
  stream_origin bigint default 0 NOT NULL,
  created_at timestamp with time zone DEFAULT NOW() NOT NULL,
  deleted_at timestamp with time zone
);
CREATE UNIQUE INDEX ix_streams_stream_uuid ON streams (stream_uuid);

CREATE TABLE events (
  event_id uuid PRIMARY KEY NOT NULL,
  event_type text NOT NULL,
  causation_id uuid NULL,
  correlation_id uuid NULL,
  data ${dataType} NOT NULL,
  metadata ${dataType} NULL,
  created_at timestamp with time zone DEFAULT NOW() NOT NULL
);

CREATE TABLE stream_events (
  event_id uuid NOT NULL REFERENCES events (event_id),
  stream_id bigint NOT NULL REFERENCES streams (stream_id),
  stream_version bigint NOT NULL,
  original_stream_id bigint REFERENCES streams (stream_id),
  original_stream_version bigint,
  PRIMARY KEY (event_id, stream_id)
);
CREATE UNIQUE INDEX ix_stream_events ON stream_events (stream_id, stream_version);

CREATE OR REPLACE FUNCTION event_store_exception() RETURNS trigger AS $$
DECLARE
  message text;
BEGIN
  message := 'EventStore: ' || TG_ARGV[0];
  RAISE EXCEPTION USING MESSAGE = message;
END;
$$ LANGUAGE plpgsql;

-- Deletes only with eventstore.enable_hard_deletes (or eventstore.reset) on in the session.
CREATE OR REPLACE FUNCTION event_store_delete() RETURNS trigger AS $$
DECLARE
  message text;
BEGIN
  IF current_setting('eventstore.enable_hard_deletes', true) = 'on' OR current_setting('eventstore.reset', true) = 'on' THEN
    RETURN OLD;
  ELSE
    message := 'EventStore: ' || TG_ARGV[0];
    RAISE EXCEPTION USING MESSAGE = message, ERRCODE = 'feature_not_supported';
  END IF;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER no_delete_streams BEFORE DELETE ON streams FOR EACH STATEMENT EXECUTE PROCEDURE event_store_delete('Cannot delete streams');
CREATE TRIGGER no_delete_events BEFORE DELETE ON events FOR EACH STATEMENT EXECUTE PROCEDURE event_store_delete('Cannot delete events');
CREATE TRIGGER no_update_events BEFORE UPDATE ON events FOR EACH STATEMENT EXECUTE PROCEDURE event_store_exception('Cannot update events');
CREATE TRIGGER no_delete_stream_events BEFORE DELETE ON stream_events FOR EACH STATEMENT EXECUTE PROCEDURE event_store_delete('Cannot delete stream events');
CREATE TRIGGER no_update_stream_events BEFORE UPDATE ON stream_events FOR EACH STATEMENT EXECUTE PROCEDURE event_store_exception('Cannot update stream events');

-- Payload 'stream_uuid,stream_id,first_version,last_version' on channel '<schema>.events'.
CREATE OR REPLACE FUNCTION notify_events() RETURNS trigger AS $$
DECLARE
  old_stream_version bigint;
  channel text;
  payload text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    old_stream_version := OLD.stream_version + 1;
  ELSE
    old_stream_version := 1;
  END IF;
  channel := TG_TABLE_SCHEMA || '.events';
  payload := NEW.stream_uuid || ',' || NEW.stream_id || ',' || old_stream_version || ',' || NEW.stream_version;
  PERFORM pg_notify(channel, payload);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

INSERT INTO streams (stream_id, stream_uuid, stream_version, stream_origin) VALUES (0, '$all', 0, 0);

CREATE TRIGGER event_notification AFTER INSERT OR UPDATE ON streams FOR EACH ROW EXECUTE PROCEDURE notify_events();

CREATE TABLE subscriptions (
  subscription_id bigserial PRIMARY KEY NOT NULL,
  stream_uuid text NOT NULL,
  subscription_name text NOT NULL,
  last_seen bigint NULL,
  created_at timestamp with time zone DEFAULT NOW() NOT NULL
);
CREATE UNIQUE INDEX ix_subscriptions_stream_uuid_subscription_name ON subscriptions (stream_uuid, subscription_name);

CREATE TABLE snapshots (
  source_uuid text PRIMARY KEY NOT NULL,
  source_version bigint NOT NULL,
  source_type text NOT NULL,
  data ${dataType} NOT NULL,
  metadata ${dataType} NULL,
  created_at timestamp with time zone DEFAULT NOW() NOT NULL
);

CREATE TABLE schema_migrations (
  major_version int NOT NULL,
  minor_version int NOT NULL,
  patch_version int NOT NULL,
  migrated_at timestamp with time zone DEFAULT NOW() NOT NULL,
  PRIMARY KEY (major_version, minor_version, patch_version)
);
INSERT INTO schema_migrations (major_version, minor_version, patch_version) VALUES (1, 3, 2);
`;
}

/** $1 is the stream's id when it exists (else its name, and the stream row is inserted); $2 the event count; then
 * nine parameters an event: id, type, causation, correlation, data, metadata, created_at, 1-based index, version. */
function insertEvents(count: number, streamExists: boolean): string {
  const param = (event: number, field: number) => `$${event * 9 + field}`;
  const indexes = Array.from({ length: count }, (_, i) => `(${param(i, 3)}::uuid, ${param(i, 10)}::int, ${param(i, 11)}::bigint)`);
  const rows = Array.from({ length: count }, (_, i) => `(${[3, 4, 5, 6, 7, 8, 9].map((field) => param(i, field)).join(', ')})`);
  const stream = streamExists
    ? 'UPDATE public.streams SET stream_version = stream_version + $2::bigint WHERE stream_id = $1::bigint RETURNING stream_id'
    : 'INSERT INTO public.streams (stream_uuid, stream_version) VALUES ($1, $2::bigint) RETURNING stream_id';
  return `
WITH
  new_events_indexes (event_id, index, stream_version) AS (VALUES ${indexes.join(', ')}),
  events AS (
    INSERT INTO public.events (event_id, event_type, causation_id, correlation_id, data, metadata, created_at)
    VALUES ${rows.join(', ')}
  ),
  stream AS (${stream}),
  source_stream_events AS (
    INSERT INTO public.stream_events (event_id, stream_id, stream_version, original_stream_id, original_stream_version)
    SELECT new_events_indexes.event_id, stream.stream_id, new_events_indexes.stream_version, stream.stream_id, new_events_indexes.stream_version
    FROM new_events_indexes, stream
  ),
  linked_stream AS (
    UPDATE public.streams SET stream_version = stream_version + $2::bigint WHERE stream_id = 0
    RETURNING stream_version - $2::bigint AS initial_stream_version
  )
INSERT INTO public.stream_events (event_id, stream_id, stream_version, original_stream_id, original_stream_version)
SELECT new_events_indexes.event_id, 0, linked_stream.initial_stream_version + new_events_indexes.index, stream.stream_id, new_events_indexes.stream_version
FROM new_events_indexes, linked_stream, stream`;
}

function payload(value: unknown, dataType: CommandedDataType): string | Buffer | null {
  if (value === undefined) return null;
  const json = JSON.stringify(value);
  return dataType === 'jsonb' ? json : Buffer.from(json, 'utf8');
}

export async function writeCommanded(url: string, events: FixtureEvent[], dataType: CommandedDataType): Promise<void> {
  await withClient(url, (client) => inTransaction(client, () => client.query(schema(dataType))));
  await appendCommanded(url, events, dataType);
}

/** Appends to a store writeCommanded made, as the appender does: each stream's batch in a transaction of its own. */
export async function appendCommanded(url: string, events: FixtureEvent[], dataType: CommandedDataType): Promise<void> {
  await withClient(url, async (client) => {
    for (const { stream, events: batch } of appendsOf(events)) {
      await inTransaction(client, async () => {
        // The appender looks the stream up first (query_stream_info) and checks the expected version against it.
        const found = await client.query<{ stream_id: string; stream_version: string }>('SELECT stream_id, stream_version FROM public.streams WHERE stream_uuid = $1', [stream]);
        const existing = found.rows[0];
        const current = Number(existing?.stream_version ?? 0);
        if (batch[0]?.version !== current + 1) throw new Error(`Commanded: ${stream} is at version ${current}, the fixture appends ${batch[0]?.version}.`);
        const parameters: unknown[] = [existing ? existing.stream_id : stream, batch.length];
        batch.forEach((event, index) => {
          parameters.push(randomUUID(), event.type, null, null, payload(event.data, dataType), payload(event.metadata, dataType), event.time, index + 1, event.version);
        });
        await client.query(insertEvents(batch.length, existing !== undefined), parameters);
      });
    }
  });
}

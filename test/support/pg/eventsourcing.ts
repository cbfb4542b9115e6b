// Python eventsourcing's PostgreSQL application recorder (pyeventsourcing/eventsourcing, eventsourcing/postgres.py,
// psycopg 3 version) for an application named "BankAccounts": its table bankaccounts_events (name lowercased +
// "_events"), the composite type stored_event_uuid, the notification_id index and es_insert_events_uuid, and each
// append as PostgresApplicationRecorder.insert_events does it: one transaction of SET LOCAL lock_timeout, LOCK TABLE
// … IN EXCLUSIVE MODE, NOTIFY on the table's channel, then INSERT … SELECT … FROM unnest(<stored_event_uuid[]>).
// Streams: originator_id must be a UUID, so each stream name maps to a name-based UUID (RFC 4122 version 5: SHA-1 of
// the ORIGINATORS namespace + the name; see originatorId); the name itself is stored nowhere.
// Events: topic = the fixture's type; state = the event's attributes as the library's JSON transcoder writes them
// (bytea, UTF-8, compact), the fixture's data spread into them, or under "value" when the data is not an object.
// Time: the event's timestamp attribute in state ({"_type_": "datetime_iso", "_data_": isoformat}), the fixture's.
// Metadata: the library has none; the fixture's metadata is left out.
import { createHash } from 'node:crypto';
import type { FixtureEvent } from '../fixtures.js';
import type { Json } from '../../../shared/model.js';
import { appendsOf, inTransaction, withClient } from './sql.js';

export const EVENTSOURCING_TABLE = 'bankaccounts_events';
/** The namespace of the originator ids made from stream names (a fixed, otherwise meaningless UUID). */
export const ORIGINATORS = '5f0c6a52-8a8e-4c4e-9d53-0e2a9c1f7b10';

const TABLE_SQL = `public.${EVENTSOURCING_TABLE}`;

const SCHEMA = `
CREATE TYPE public.stored_event_uuid AS (originator_id uuid, originator_version bigint, topic text, state bytea);
CREATE TABLE IF NOT EXISTS ${TABLE_SQL} (
  originator_id uuid NOT NULL,
  originator_version bigint NOT NULL,
  topic text,
  state bytea,
  notification_id bigserial,
  PRIMARY KEY (originator_id, originator_version)
) WITH (
  autovacuum_enabled = true,
  autovacuum_vacuum_threshold = 100000000,
  autovacuum_vacuum_scale_factor = 0.5,
  autovacuum_analyze_threshold = 1000,
  autovacuum_analyze_scale_factor = 0.01
);
CREATE UNIQUE INDEX IF NOT EXISTS ${EVENTSOURCING_TABLE}_notification_id_idx ON ${TABLE_SQL} (notification_id ASC);
CREATE OR REPLACE FUNCTION es_insert_events_uuid(events public.stored_event_uuid[]) RETURNS SETOF bigint
LANGUAGE plpgsql AS $BODY$
BEGIN
  SET LOCAL lock_timeout = '0s';
  NOTIFY ${EVENTSOURCING_TABLE};
  RETURN QUERY
  INSERT INTO ${TABLE_SQL} AS t (originator_id, originator_version, topic, state)
  SELECT originator_id, originator_version, topic, state FROM unnest(events)
  RETURNING notification_id;
END;
$BODY$;
`;

/** The originator id for a stream name: SHA-1 of namespace bytes + name, stamped version 5 and RFC 4122 variant. */
export function originatorId(stream: string): string {
  const hash = createHash('sha1').update(Buffer.from(ORIGINATORS.replace(/-/g, ''), 'hex')).update(stream, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Python's datetime.isoformat() of an aware UTC instant: microseconds only when non-zero, offset +00:00. */
function pythonIso(iso: string): string {
  const date = new Date(iso);
  const seconds = date.toISOString().slice(0, 19);
  const micros = date.getUTCMilliseconds() * 1000;
  return `${seconds}${micros === 0 ? '' : `.${String(micros).padStart(6, '0')}`}+00:00`;
}

function state(event: FixtureEvent): Buffer {
  const attributes = typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data) ? event.data : { value: event.data };
  const body: { [key: string]: Json } = { timestamp: { _type_: 'datetime_iso', _data_: pythonIso(event.time) }, ...attributes };
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/** PostgreSQL's text form of a composite or array element: double-quoted, with " and \ escaped. */
function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** The stored_event_uuid[] parameter as text: what psycopg's composite adapter sends. */
function storedEvents(batch: FixtureEvent[]): string {
  const rows = batch.map((event) => {
    const fields = [originatorId(event.stream), String(event.version), event.type, `\\x${state(event).toString('hex')}`];
    return quoted(`(${fields.map(quoted).join(',')})`);
  });
  return `{${rows.join(',')}}`;
}

export async function writeEventsourcing(url: string, events: FixtureEvent[]): Promise<void> {
  await withClient(url, (client) => inTransaction(client, () => client.query(SCHEMA)));
  await appendEventsourcing(url, events);
}

/** Appends to a store writeEventsourcing made, as the recorder does: lock, NOTIFY, insert, in one transaction. */
export async function appendEventsourcing(url: string, events: FixtureEvent[]): Promise<void> {
  await withClient(url, async (client) => {
    for (const { events: batch } of appendsOf(events)) {
      await inTransaction(client, async () => {
        await client.query("SET LOCAL lock_timeout = '0s'");
        await client.query(`LOCK TABLE ${TABLE_SQL} IN EXCLUSIVE MODE`);
        await client.query(`NOTIFY ${EVENTSOURCING_TABLE}`);
        await client.query(
          `INSERT INTO ${TABLE_SQL} AS t (originator_id, originator_version, topic, state) SELECT originator_id, originator_version, topic, state FROM unnest($1::public.stored_event_uuid[]) RETURNING notification_id`,
          [storedEvents(batch)],
        );
      });
    }
  });
}

// Marten (JasperFx/marten, 9.x defaults): the event store schema Weasel generates from EventsTable.cs, StreamsTable.cs,
// EventProgressionTable.cs and EventGraph.FeatureSchema.cs, for string stream identity (mt_streams.id and
// mt_events.stream_id are varchar, so 'account-1' is the stream's own key), one tenant, bigint events, the headers
// metadata column on (where the fixture's metadata goes), and mt_quick_append_events as QuickAppendEventFunction.cs
// writes it for the QuickWithServerTimestamps append mode (Marten 9's default), which is how events are written here.
// Time: that mode passes each event's timestamp to the function, so mt_events.timestamp is the fixture's time;
// mt_streams.timestamp/created are the server's now(), as in Marten.
import { randomUUID } from 'node:crypto';
import type { FixtureEvent } from '../fixtures.js';
import { appendsOf, inTransaction, withClient } from './sql.js';

const SCHEMA = `
CREATE TABLE public.mt_streams (
  id               varchar     NOT NULL,
  type             varchar     NULL,
  version          bigint      NULL,
  timestamp        timestamptz NOT NULL DEFAULT (now()),
  snapshot         jsonb       NULL,
  snapshot_version integer     NULL,
  created          timestamptz NOT NULL DEFAULT (now()),
  tenant_id        varchar     NULL DEFAULT '*DEFAULT*',
  is_archived      boolean     NULL DEFAULT FALSE,
  CONSTRAINT pkey_mt_streams_id PRIMARY KEY (id)
);

CREATE TABLE public.mt_events (
  seq_id         bigint       NOT NULL,
  id             uuid         NOT NULL,
  stream_id      varchar      NULL,
  version        bigint       NOT NULL,
  data           jsonb        NOT NULL,
  bdata          bytea        NULL,
  type           varchar(500) NOT NULL,
  timestamp      timestamptz  NOT NULL DEFAULT (now()),
  tenant_id      varchar      NULL DEFAULT '*DEFAULT*',
  mt_dotnet_type varchar      NULL,
  headers        jsonb        NULL,
  is_archived    boolean      NULL DEFAULT FALSE,
  CONSTRAINT pkey_mt_events_seq_id PRIMARY KEY (seq_id)
);
ALTER TABLE public.mt_events ADD CONSTRAINT fkey_mt_events_stream_id
  FOREIGN KEY (stream_id) REFERENCES public.mt_streams (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX pk_mt_events_stream_and_version ON public.mt_events USING btree (stream_id, version);

CREATE SEQUENCE public.mt_events_sequence;
ALTER SEQUENCE public.mt_events_sequence OWNED BY public.mt_events.seq_id;

CREATE TABLE public.mt_event_progression (
  name         varchar                  NOT NULL,
  last_seq_id  bigint                   NULL,
  last_updated timestamp with time zone NULL DEFAULT (transaction_timestamp()),
  CONSTRAINT pk_mt_event_progression PRIMARY KEY (name)
);

-- One call appends a batch to one stream: creates the stream row at version 0 when missing, refuses an archived
-- stream, numbers the events on from the stream's version, and answers [new version, seq_id of each event].
CREATE OR REPLACE FUNCTION public.mt_quick_append_events(
  stream varchar, stream_type varchar, tenantid varchar, event_ids uuid[], event_types varchar[],
  dotnet_types varchar[], bodies jsonb[], bdatas bytea[], headers jsonb[], timestamps timestamp with time zone[]
) RETURNS bigint[] AS $$
DECLARE
  event_version bigint;
  stream_is_archived boolean;
  event_id uuid;
  index int;
  seq bigint;
  actual_tenant varchar;
  return_value bigint[];
BEGIN
  SELECT version, is_archived INTO event_version, stream_is_archived FROM public.mt_streams WHERE id = stream;
  IF event_version IS NULL THEN
    event_version = 0;
    INSERT INTO public.mt_streams (id, type, version, timestamp, tenant_id) VALUES (stream, stream_type, 0, now(), tenantid);
  ELSE
    IF stream_is_archived THEN
      RAISE EXCEPTION 'Attempted to append event to archived stream with Id ''%''.', stream USING ERRCODE = 'MT001';
    END IF;
    IF tenantid IS NOT NULL THEN
      SELECT tenant_id INTO actual_tenant FROM public.mt_streams WHERE id = stream;
      IF actual_tenant != tenantid THEN
        RAISE EXCEPTION 'The tenantid does not match the existing stream';
      END IF;
    END IF;
  END IF;

  index := 1;
  return_value := ARRAY[event_version + array_length(event_ids, 1)];
  FOREACH event_id IN ARRAY event_ids LOOP
    seq := nextval('public.mt_events_sequence');
    return_value := array_append(return_value, seq);
    event_version := event_version + 1;
    INSERT INTO public.mt_events
      (seq_id, id, stream_id, version, data, bdata, type, tenant_id, timestamp, mt_dotnet_type, is_archived, headers)
    VALUES
      (seq, event_id, stream, event_version, bodies[index], bdatas[index], event_types[index], tenantid,
       timestamps[index], dotnet_types[index], FALSE, headers[index]);
    index := index + 1;
  END LOOP;

  UPDATE public.mt_streams SET version = event_version, timestamp = now() WHERE id = stream;
  RETURN return_value;
END
$$ LANGUAGE plpgsql;
`;

/** Marten's aggregate alias: here the stream name's prefix ('account-1' → 'account'). */
function aggregateType(stream: string): string {
  return stream.split('-')[0] ?? stream;
}

/** The CLR type Marten records beside the alias: 'money_deposited' → 'Bank.Events.MoneyDeposited, Bank'. */
function dotnetType(alias: string): string {
  const name = alias
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `Bank.Events.${name}, Bank`;
}

export async function writeMarten(url: string, events: FixtureEvent[]): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(SCHEMA);
    for (const { stream, events: batch } of appendsOf(events)) {
      await inTransaction(client, () =>
        client.query('SELECT public.mt_quick_append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
          stream,
          aggregateType(stream),
          '*DEFAULT*',
          batch.map(() => randomUUID()),
          batch.map((event) => event.type),
          batch.map((event) => dotnetType(event.type)),
          // node-postgres sends arrays as text arrays: each body is JSON text for a jsonb element.
          batch.map((event) => JSON.stringify(event.data)),
          batch.map(() => null),
          batch.map((event) => (event.metadata === undefined ? null : JSON.stringify(event.metadata))),
          batch.map((event) => event.time),
        ]),
      );
    }
  });
}

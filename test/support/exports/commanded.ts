// Commanded EventStore rows as its own $all read selects them (query_stream_events_forward over stream 0): the
// stream_version is the global position, original_stream_version the version in the event's stream. data and
// metadata are bytea by default (printed "\x…"), or jsonb.
import type { FixtureEvent } from '../fixtures.js';
import { bytea, timestamptz, uuid } from './row-values.js';

export function commandedRows(events: readonly FixtureEvent[], { jsonb = false } = {}) {
  const stored = (value: unknown) => (jsonb ? value : bytea(JSON.stringify(value)));
  return events.map((event, i) => ({
    stream_version: i + 1,
    event_id: uuid(i),
    stream_uuid: event.stream,
    original_stream_version: event.version,
    event_type: event.type,
    correlation_id: null,
    causation_id: null,
    data: stored(event.data),
    metadata: event.metadata === undefined ? null : stored(event.metadata),
    created_at: timestamptz(event.time),
  }));
}

/** A bare join of events and stream_events, without the streams table: streams are known by their integer id. */
export function commandedJoinRows(events: readonly FixtureEvent[], streamIds: ReadonlyMap<string, number>) {
  return events.map((event, i) => ({
    event_id: uuid(i),
    event_type: event.type,
    data: bytea(JSON.stringify(event.data)),
    metadata: null,
    created_at: timestamptz(event.time),
    stream_id: streamIds.get(event.stream),
    stream_version: event.version,
  }));
}

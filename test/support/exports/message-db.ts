// Message DB's message_store.messages rows: position counts from 0, time is UTC without a zone.
import type { FixtureEvent } from '../fixtures.js';
import { timestamp, uuid } from './row-values.js';

export function messageDbRows(events: readonly FixtureEvent[], { jsonAsText = false } = {}) {
  const json = (value: unknown) => (jsonAsText && value !== null ? JSON.stringify(value) : value);
  return events.map((event, i) => ({
    id: uuid(i),
    stream_name: event.stream,
    type: event.type,
    position: event.version - 1,
    global_position: i + 1,
    data: json(event.data),
    metadata: json(event.metadata ?? null),
    time: timestamp(event.time),
  }));
}

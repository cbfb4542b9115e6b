// Marten's mt_events rows, as a JSON export of the table prints them (jsonb columns as JSON values, or as text).
import type { FixtureEvent } from '../fixtures.js';
import { pascal, timestamptz, uuid } from './row-values.js';

export function martenRows(events: readonly FixtureEvent[], { jsonAsText = false } = {}) {
  const json = (value: unknown) => (jsonAsText && value !== null ? JSON.stringify(value) : value);
  return events.map((event, i) => ({
    seq_id: i + 1,
    id: uuid(i),
    stream_id: event.stream,
    version: event.version,
    data: json(event.data),
    type: event.type,
    timestamp: timestamptz(event.time),
    tenant_id: '*DEFAULT*',
    mt_dotnet_type: `Bank.Events.${pascal(event.type)}, Bank`,
    correlation_id: null,
    causation_id: null,
    headers: json(event.metadata ?? null),
    is_archived: false,
  }));
}

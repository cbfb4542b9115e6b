// Commanded EventStore (Elixir, PostgreSQL): events joined to stream_events and streams, as the store reads them
// itself (query_stream_events_forward): stream_version, event_id, stream_uuid, original_stream_version, event_type,
// correlation_id, causation_id, data, metadata, created_at. Read from $all (stream_id 0), which is how a whole journal
// is exported, stream_version is the global position and original_stream_version the version in the event's stream.
// A join without the streams table has original_stream_id or stream_id (integers) in place of stream_uuid.
import { rowExportLayout } from './row-export.js';

export const commanded = rowExportLayout({
  id: 'commanded',
  recognises: (has) =>
    has('event_id') && has('event_type') && (has('stream_uuid') || has('original_stream_version') || (has('stream_id') && has('stream_version') && has('created_at'))),
  roles: {
    // stream_uuid is the name the application gave the stream; the integer ids are all a bare join carries.
    stream: ['stream_uuid', 'original_stream_id', 'stream_id'],
    version: ['original_stream_version', 'stream_version'],
    // Only when original_stream_version took the version is stream_version left to be the position.
    position: ['stream_version'],
    type: ['event_type'],
    // data and metadata are bytea unless the store was created with jsonb; bytea arrives as "\x…" hex, decoded.
    data: ['data'],
    time: ['created_at'],
    id: ['event_id'],
  },
  payloads: ['metadata'],
});

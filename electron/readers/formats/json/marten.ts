// Marten (PostgreSQL) mt_events rows: seq_id, id, stream_id, version, data, type, timestamp, tenant_id,
// mt_dotnet_type, and optionally correlation_id, causation_id, headers, is_archived.
import { rowExportLayout } from './row-export.js';

export const marten = rowExportLayout({
  id: 'marten',
  // mt_dotnet_type and tenant_id are Marten's own names; seq_id with stream_id and version is its event table.
  recognises: (has) => has('seq_id') && has('stream_id') && has('version') && (has('mt_dotnet_type') || has('tenant_id')),
  roles: {
    stream: ['stream_id'],
    version: ['version'],
    position: ['seq_id'],
    // The event type alias ("account_opened"); the .NET class name stays in metadata as mt_dotnet_type.
    type: ['type'],
    data: ['data'],
    time: ['timestamp'],
    // mt_events.id, the event's Guid (seq_id is the global order).
    id: ['id'],
  },
  payloads: ['headers'],
});

// Message DB (PostgreSQL) message_store.messages rows: global_position, position, time, stream_name, type, data,
// metadata, id.
import { rowExportLayout } from './row-export.js';

export const messageDb = rowExportLayout({
  id: 'message-db',
  recognises: (has) => has('stream_name') && has('global_position') && has('position'),
  roles: {
    stream: ['stream_name'],
    // position counts from 0 within the stream, and is kept so: Message DB's tools and handlers use that number.
    version: ['position'],
    position: ['global_position'],
    type: ['type'],
    data: ['data'],
    // time is a timestamp without zone that Message DB writes in UTC; zone-less times are read as UTC.
    time: ['time'],
    // The message's uuid (global_position is the order).
    id: ['id'],
  },
  payloads: ['metadata'],
});

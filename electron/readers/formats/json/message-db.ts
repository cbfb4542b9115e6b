// Message DB (PostgreSQL) message_store.messages rows: global_position, position, time, stream_name, type, data,
// metadata, id. Read as the live store reads its table (electron/postgres/pg-layouts.ts messageDb): the metadata
// column is the event's metadata, and global_position (and a time finer than the millisecond) are among its other
// fields, so an export compares with the store it came from as the same events.
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
  metadata: ['metadata'],
  payloads: ['metadata'],
});

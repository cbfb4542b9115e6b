// Axon Framework's JPA/JDBC event table: DomainEventEntry (globalIndex, aggregateIdentifier, sequenceNumber, type,
// eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp), or Spring's domain_event_entry with
// the same columns in snake_case.
import { noteOnce } from './file-memory.js';
import { fromBytea, textOf } from './payloads.js';
import { rowExportLayout } from './row-export.js';
import type { RecordContext, RecordPlace } from '../types.js';

/**
 * Axon serializes with XStream unless told to use Jackson: such payloads and metadata are XML. They are shown as the
 * XML text, and the file gets one notice (every event would have the same one).
 */
function keepXmlAsText(value: unknown, column: string, place: RecordPlace, context: RecordContext): unknown {
  const decoded = fromBytea(value);
  const text = textOf(decoded);
  if (text === null || !text.trimStart().startsWith('<')) return decoded;
  noteOnce(context, {
    severity: 'info',
    kind: 'xml-payload',
    place: place.description,
    message: `${context.file} ${place.description}: the ${column} is XML (Axon's XStream serializer), not JSON; XML payloads are shown as text.`,
  });
  return text;
}

export const axon = rowExportLayout({
  id: 'axon',
  recognises: (has) => has('aggregate_identifier') && has('sequence_number') && has('payload_type'),
  roles: {
    stream: ['aggregate_identifier'],
    // sequenceNumber counts from 0 per aggregate, kept as Axon numbers it.
    version: ['sequence_number'],
    position: ['global_index'],
    // The event's class; the `type` column is the aggregate's type and stays in metadata.
    type: ['payload_type'],
    data: ['payload'],
    time: ['time_stamp'],
    // eventIdentifier, the event message's identifier (a UUID by default).
    id: ['event_identifier'],
  },
  payloads: ['meta_data'],
  readStored: keepXmlAsText,
});

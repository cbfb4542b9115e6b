// EventSourcingDB's own NDJSON: the lines its read API streams ({"type": "event", "payload": <CloudEvent with hash
// and predecessorhash>}) and its backups ({"type": "event", "payload": {"event": <CloudEvent>, "hash": "…"}}).
// Each event is a CloudEvent whose subject is its stream; the server numbers events across the store by their id.
import type { Json, JournalEvent } from '../../../../shared/model.js';
import type { Role } from '../../field-names.js';
import type { JsonLayout, RecordContext, RecordPlace } from '../types.js';
import { readCloudEventData } from './cloudevents-data.js';
import { noteOnce } from './file-memory.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The CloudEvent a line carries, and the line's members around it (the backup's hash beside the event). */
function eventOf(record: Record<string, unknown>): { event: Record<string, unknown>; around: Record<string, unknown> } | null {
  const payload = record.payload;
  if (!isObject(payload)) return null;
  if (isObject(payload.event)) {
    const { event, ...around } = payload;
    return { event, around };
  }
  return { event: payload, around: {} };
}

function isEventLine(record: Record<string, unknown>): boolean {
  if (record.type !== 'event') return false;
  const found = eventOf(record);
  return found !== null && typeof found.event.specversion === 'string' && typeof found.event.subject === 'string' && typeof found.event.type === 'string';
}

/** A global id as EventSourcingDB writes it ("0", "1", …): the event's place in the store. */
function storePosition(id: unknown): number | undefined {
  return typeof id === 'string' && /^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : undefined;
}

export const eventSourcingDb: JsonLayout = {
  id: 'eventsourcingdb',
  matches: (first) => isEventLine(first),
  toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
    const found = record.type === 'event' ? eventOf(record) : null;
    if (found === null) {
      // Heartbeats and the like carry no event; an error line says why the export stopped.
      const error = record.type === 'error';
      noteOnce(context, {
        severity: error ? 'error' : 'info',
        kind: error ? 'store-error' : 'not-an-event',
        place: place.description,
        message: error
          ? `${context.file} ${place.description}: the server reported an error instead of an event: ${JSON.stringify(record.payload ?? null).slice(0, 200)}.`
          : `${context.file} ${place.description}: a ${JSON.stringify(String(record.type)).slice(0, 40)} line, not an event; such lines are left out.`,
      });
      return [];
    }
    const { event: cloudEvent, around } = found;
    const roles: Partial<Record<Role, unknown>> = {
      stream: cloudEvent.subject,
      position: storePosition(cloudEvent.id),
      type: cloudEvent.type,
      time: cloudEvent.time,
      id: cloudEvent.id,
    };
    const event = context.builder.build((role) => roles[role], place.description, place.order);
    if (event === null) return [];
    const data = readCloudEventData(cloudEvent, place, context);
    // The hash covers the attributes as written (time with its nanoseconds), so metadata keeps every one of them,
    // and what the line holds around the event (the backup's hash, its line type) besides.
    const { data: _data, ...attributes } = cloudEvent;
    const metadata = { ...attributes, ...around, ...lineMembers(record) } as Json;
    return [{ ...event, data: data.value, metadata }];
  },
};

/** Members of the line other than its type and payload (none in what the server writes), kept under their names. */
function lineMembers(record: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, payload: _payload, ...rest } = record;
  return rest;
}

// A Temporal workflow's event history as `temporal workflow show --output json` prints it ({"events": [...]}), or
// its events one per line. One file is one workflow: its events are one stream.
import type { Json, JournalEvent } from '../../../../shared/model.js';
import type { Role } from '../../field-names.js';
import type { JsonLayout, RecordContext, RecordPlace } from '../types.js';
import { fileStem } from '../../file-stem.js';
import { FileMemory } from './file-memory.js';
import { readablePayloads } from './temporal-payloads.js';

const TYPE_PREFIX = 'EVENT_TYPE_';

/**
 * One vocabulary for event types, whichever way the history was printed: the Temporal CLI and proto3 JSON write the
 * enum's name (EVENT_TYPE_WORKFLOW_EXECUTION_STARTED), older servers and SDK fixtures the Go name
 * (WorkflowExecutionStarted). The Go name is shown; the name as written stays in metadata (eventType).
 */
export function temporalTypeName(written: string): string {
  if (!written.startsWith(TYPE_PREFIX) || !/^[A-Z0-9_]+$/.test(written)) return written;
  return written
    .slice(TYPE_PREFIX.length)
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word[0] + word.slice(1).toLowerCase())
    .join('');
}

/** The workflow id of the file's history, when its start event said it. */
const workflowIds = new FileMemory<string>();

/** Every history event carries its details under one "<kind>EventAttributes" member. */
function attributesKey(record: Record<string, unknown>): string | undefined {
  return Object.keys(record).find((key) => key.endsWith('EventAttributes'));
}

function isHistoryEvent(record: Record<string, unknown>): boolean {
  return record.eventId !== undefined && (typeof record.eventType === 'string' || typeof record.eventType === 'number') && attributesKey(record) !== undefined;
}


/**
 * The workflow id, which only the start event's attributes carry, and only from recent servers on (workflowType
 * and firstExecutionRunId are always there, but name the type and the run, not the workflow). Other attributes'
 * workflowIds (parent, child, external executions) name other workflows. Later events do not repeat the id, so it is
 * remembered for the rest of the file; a file whose start event has none is named after the file.
 */
function workflowStream(key: string, attributes: unknown, context: RecordContext): string {
  if (key === 'workflowExecutionStartedEventAttributes') {
    // A new start (NDJSON of several histories) forgets the previous workflow's id.
    const id = typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>).workflowId : undefined;
    workflowIds.set(context, typeof id === 'string' && id !== '' ? id : fileStem(context.file));
  }
  return workflowIds.get(context) ?? fileStem(context.file);
}

export const temporalHistory: JsonLayout = {
  id: 'temporal-history',
  recordsKey: 'events',
  matches: (first) => isHistoryEvent(first),
  toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
    const key = attributesKey(record);
    if (key === undefined) return [];
    // A type is a name (or the enum's number); anything else in its place leaves the event without one, a finding.
    const eventType = typeof record.eventType === 'string' || typeof record.eventType === 'number' ? String(record.eventType) : undefined;
    const roles: Partial<Record<Role, unknown>> = {
      stream: workflowStream(key, record[key], context),
      // eventId numbers the history from 1, one workflow per file: it is the version. Printed as a string (int64).
      version: record.eventId,
      type: eventType === undefined ? undefined : temporalTypeName(eventType),
      time: record.eventTime,
      // eventId, also the version, is the event's id in its history: unique within one workflow, not across a file of several.
      id: record.eventId,
    };
    const event = context.builder.build((role) => roles[role], place.description, place.order);
    if (event === null) return [];
    // Every member but the attributes, as written: eventId, eventType as printed, eventTime with its nanoseconds,
    // taskId, version, workerMayIgnore, links…
    const metadata = Object.fromEntries(Object.entries(record).filter(([name]) => name !== key)) as Json;
    return [{ ...event, data: readablePayloads(record[key]) as Json, metadata }];
  },
};

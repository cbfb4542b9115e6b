// A layout tested on its own: the context the pipeline gives it, and records fed the way the pipeline feeds them.
import type { JournalEvent } from '../../../shared/model.js';
import { EventBuilder } from '../../../electron/readers/event-builder.js';
import type { ColumnMap, JsonLayout, RecordContext } from '../../../electron/readers/formats/types.js';
import { FindingLog } from '../../../electron/readers/loaded-journal.js';

export function recordContext(file = 'export.json', map?: ColumnMap): RecordContext {
  const findings = new FindingLog();
  return { file, findings, builder: new EventBuilder(file, findings), ...(map && { map }) };
}

/** Every record through the layout in file order, places named as for an array ("item 3"). */
export function readRecords(layout: JsonLayout, records: readonly Record<string, unknown>[], context = recordContext()): JournalEvent[] {
  return records.flatMap((record, i) => layout.toEvents(record, { description: `item ${i + 1}`, order: i + 1 }, context));
}

/** The parts of an event most tests compare. */
export function essentials(events: readonly JournalEvent[]) {
  return events.map(({ stream, version, type, time, data }) => ({ stream, version, type, time, data }));
}

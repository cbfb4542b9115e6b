// JSON and NDJSON events whose fields have common names (stream/streamId/aggregate_id, type/eventType, …).
import type { JournalEvent } from '../../../shared/model.js';
import { recordAccessor } from '../event-builder.js';
import type { Role } from '../field-names.js';
import type { ColumnMap, JsonLayout, RecordContext, RecordPlace } from './types.js';

function mappedAccessor(record: Record<string, unknown>, map: ColumnMap | undefined): (role: Role) => unknown {
  const byName = recordAccessor(record);
  if (!map) return byName;
  return (role) => {
    const field = map[role];
    return field !== undefined && Object.hasOwn(record, field) ? record[field] : byName(role);
  };
}

export const genericJson: JsonLayout = {
  id: 'json',
  matches: () => true,
  toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
    const event = context.builder.build(mappedAccessor(record, context.map), place.description, place.order);
    return event ? [event] : [];
  },
};

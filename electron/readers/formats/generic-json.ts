// JSON and NDJSON events whose fields have common names (stream/streamId/aggregate_id, type/eventType, …), or the
// names the user gave with --map.
import type { Json, JournalEvent } from '../../../shared/model.js';
import { recordAccessor, recordRoles } from '../event-builder.js';
import type { Role } from '../field-names.js';
import { keptExactly } from '../kept-exactly.js';
import type { ColumnMap, JsonLayout, RecordContext, RecordPlace } from './types.js';

/**
 * A mapped role reads only its named field: guessing behind the user's back would hide a wrong map. The event id,
 * found by name, is dropped when the map gives its field to another role ("stream=id"): that field names the
 * stream, and every event of it would seem to share one id.
 */
function mappedAccessor(record: Record<string, unknown>, map: ColumnMap | undefined): (role: Role) => unknown {
  const byName = recordAccessor(record);
  if (!map) return byName;
  return (role) => {
    const field = map[role];
    if (field === undefined) {
      if (role === 'id' && isMappedField(map, recordRoles(record).id)) return undefined;
      return byName(role);
    }
    return Object.hasOwn(record, field) ? record[field] : undefined;
  };
}

function isMappedField(map: ColumnMap, field: string | undefined): boolean {
  return field !== undefined && Object.entries(map).some(([role, name]) => role !== 'table' && name === field);
}

/** Which field each role reads: the map's where it names one, the field found by name otherwise. */
function fieldsRead(record: Record<string, unknown>, map: ColumnMap | undefined): Map<string, Role[]> {
  const byName = recordRoles(record);
  const fields = new Map<string, Role[]>();
  for (const role of Object.keys(byName) as Role[]) {
    const field = map?.[role] ?? byName[role]!;
    if (role === 'id' && map && map.id === undefined && isMappedField(map, field)) continue;
    fields.set(field, [...(fields.get(field) ?? []), role]);
  }
  if (map) for (const role of Object.keys(map) as (Role | 'table')[]) {
    const field = map[role];
    if (role === 'table' || field === undefined || fields.get(field)?.includes(role)) continue;
    fields.set(field, [...(fields.get(field) ?? []), role]);
  }
  return fields;
}

/**
 * The record's members no event field holds as written (JournalEvent.extra); undefined when there are none. A
 * `digest` of 64 hex digits is the one Eventlens writes beside each event it exports (`eventlens events`): derived
 * from the event, not part of it, so an export reads back as the events it holds. The audit checks it
 * (electron/audit/export-digest.ts).
 */
function extraFields(record: Record<string, unknown>, map: ColumnMap | undefined): { [name: string]: Json } | undefined {
  const read = fieldsRead(record, map);
  let extra: { [name: string]: Json } | undefined;
  const exported = isExportDigest('digest', record.digest) && !read.has('digest');
  for (const [name, value] of Object.entries(record)) {
    if (exported && name === 'digest') continue;
    // An export writes the event's own extra members as one `extra` object: they are the record's again.
    if (exported && name === 'extra' && !read.has(name) && isObject(value)) {
      extra = { ...extra, ...(value as { [name: string]: Json }) };
      continue;
    }
    const roles = read.get(name);
    if (roles !== undefined && roles.every((role) => keptExactly(role, value))) continue;
    (extra ??= {})[name] = value as Json;
  }
  return extra;
}

const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isExportDigest(name: string, value: unknown): value is string {
  return name === 'digest' && typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** Stream and type are required: a record missing the field mapped to one is left out, naming that field. */
function missingMappedField(record: Record<string, unknown>, map: ColumnMap | undefined): [Role, string] | null {
  for (const role of ['stream', 'type'] as const) {
    const field = map?.[role];
    if (field !== undefined && !Object.hasOwn(record, field)) return [role, field];
  }
  return null;
}

export const genericJson: JsonLayout = {
  id: 'json',
  matches: () => true,
  toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
    const missing = missingMappedField(record, context.map);
    if (missing !== null) {
      const [role, field] = missing;
      context.findings.add({
        severity: 'error',
        kind: 'missing-field',
        place: place.description,
        message: `${context.file} ${place.description}: no field ${JSON.stringify(field)} (the field named for ${role}), so the event was left out.`,
      });
      return [];
    }
    const event = context.builder.build(mappedAccessor(record, context.map), place.description, place.order);
    if (event === null) return [];
    const extra = extraFields(record, context.map);
    return [extra === undefined ? event : { ...event, extra }];
  },
  payloadsOf(record: Record<string, unknown>, context: RecordContext) {
    if (missingMappedField(record, context.map) !== null) return null;
    const payloads = context.builder.payloads(mappedAccessor(record, context.map));
    const extra = payloads && extraFields(record, context.map);
    return extra ? { ...payloads, extra } : payloads;
  },
  // A file whose first record names no stream but is an event (it has a type, or a `name` for one) is one aggregate's
  // history (the seed article's export): one stream. A record naming neither is no event this layout knows.
  streamless: (first, map) => {
    if (map?.stream !== undefined) return false;
    const roles = recordRoles(first);
    return roles.stream === undefined && (map?.type !== undefined || roles.type !== undefined);
  },
};

// PostgreSQL-native stores reach users as exported table rows (psql or COPY JSON, ORM dumps): a JSON array or NDJSON
// of row objects. Each store's rows are told apart by their column names; this turns a description of those columns
// into a layout, so each store's file says only what is particular to it.
import type { Json, JournalEvent } from '../../../../shared/model.js';
import { normalizeName } from '../../field-names.js';
import { keptExactly } from '../../kept-exactly.js';
import type { Role } from '../../field-names.js';
import type { JsonLayout, RecordContext, RecordPlace } from '../types.js';
import { readPayload } from './payloads.js';
import { roleExtra } from './row-extra.js';

/**
 * Roles in the order columns are given to them: version before position, so a column can only serve one; the event
 * id last, so its column is never one another role needed.
 */
const ROLE_ORDER = ['stream', 'version', 'position', 'type', 'data', 'time', 'id'] as const;
type RowRole = (typeof ROLE_ORDER)[number];

export interface RowShape {
  /** The format id reported for the file. */
  id: string;
  /**
   * Whether a row is this store's, given a test for its columns. Names are compared as field-names does (case, "_"
   * and "-" ignored), so snake_case SQL columns and camelCase ORM properties are one name.
   */
  recognises(has: (column: string) => boolean): boolean;
  /** Candidate columns per role, first present wins. Columns given no role are the event's metadata (see `metadata`). */
  roles: Record<RowRole, readonly string[]>;
  /**
   * The store's own metadata column, where its live relation reads one (first present wins): it is then the event's
   * metadata, as the live store shows it, and the columns given no role go in `extra` (row-extra.ts) instead.
   */
  metadata?: readonly string[];
  /**
   * Metadata columns that, like data, hold a JSON payload (jsonb, or JSON in text or bytea). Exports write these
   * either as JSON values or as JSON text; read as JSON text whenever they are strings. Other columns are plain
   * values, where "123" stays a string.
   */
  payloads: readonly string[];
  /** A store's own reading of a stored value before the usual decoding (Axon's XML payloads stay text). */
  readStored?(value: unknown, column: string, place: RecordPlace, context: RecordContext): unknown;
}

/** The row's own key for each normalized column name. */
function columnsOf(record: Record<string, unknown>): Map<string, string> {
  const columns = new Map<string, string>();
  for (const key of Object.keys(record)) if (!columns.has(normalizeName(key))) columns.set(normalizeName(key), key);
  return columns;
}

function assignColumns(shape: RowShape, columns: Map<string, string>): Partial<Record<RowRole, string>> {
  const taken = new Set<string>();
  const assigned: Partial<Record<RowRole, string>> = {};
  for (const role of ROLE_ORDER) {
    const column = shape.roles[role].map((name) => columns.get(normalizeName(name))).find((key) => key !== undefined && !taken.has(key));
    if (column === undefined) continue;
    assigned[role] = column;
    taken.add(column);
  }
  return assigned;
}

export function rowExportLayout(shape: RowShape): JsonLayout {
  const payloadColumns = new Set(shape.payloads.map(normalizeName));
  const stored = (record: Record<string, unknown>, column: string, place: RecordPlace, context: RecordContext): unknown =>
    shape.readStored ? shape.readStored(record[column], column, place, context) : record[column];

  return {
    id: shape.id,
    matches(first: Record<string, unknown>): boolean {
      const columns = columnsOf(first);
      return shape.recognises((column) => columns.has(normalizeName(column)));
    },
    toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
      const assigned = assignColumns(shape, columnsOf(record));
      const get = (role: Role): unknown => {
        const column = role === 'data' || role === 'metadata' ? undefined : assigned[role];
        return column === undefined ? undefined : stored(record, column, place, context);
      };
      const event = context.builder.build(get, place.description, place.order);
      if (event === null) return [];
      const data = assigned.data === undefined ? null : readPayload(stored(record, assigned.data, place, context), 'data', place, context, true);
      const read = (column: string) => readPayload(stored(record, column, place, context), column, place, context, payloadColumns.has(normalizeName(column)));
      if (shape.metadata !== undefined) return [withExtra(event, data, record, assigned, metadataColumn(shape.metadata, record, assigned), read)];
      // Every other column (ids, tenant, correlation, the store's own metadata or headers column) is kept under its
      // own name, JSON text parsed, so nothing the row said is lost. The event id column stays too: the id is a
      // reading of the row, as in the other formats, and metadata keeps what the export holds.
      // A position, a time finer than the millisecond, a version that is no number: kept besides, as written.
      const used = new Set(Object.entries(assigned).flatMap(([role, column]) => (role === 'id' || !keptExactly(role as Role, record[column]) ? [] : [column])));
      const metadata: Record<string, Json> = {};
      for (const column of Object.keys(record)) {
        if (used.has(column)) continue;
        metadata[column] = read(column);
      }
      return [{ ...event, data, metadata }];
    },
  };
}

/** The row's key of the store's metadata column, where it has one no role took. */
function metadataColumn(names: readonly string[], record: Record<string, unknown>, assigned: Partial<Record<RowRole, string>>): string | undefined {
  const columns = columnsOf(record);
  const taken = new Set(Object.values(assigned));
  return names.map((name) => columns.get(normalizeName(name))).find((key) => key !== undefined && !taken.has(key));
}

/**
 * The event as the live store reads the row: the metadata column as its metadata (JSON text parsed), and in `extra`
 * each role's column the event does not hold exactly and every column no role takes (row-extra.ts), so nothing the row
 * said is lost.
 */
function withExtra(
  event: JournalEvent,
  data: Json,
  record: Record<string, unknown>,
  assigned: Partial<Record<RowRole, string>>,
  metadata: string | undefined,
  read: (column: string) => Json,
): JournalEvent {
  const roles = new Map(Object.entries(assigned).map(([role, column]) => [column, role as Role]));
  // Gathered as entries: a column named "__proto__" stays a member (an assignment would set the prototype).
  const members: [string, Json][] = [];
  for (const column of Object.keys(record)) {
    const role = roles.get(column);
    if (column === metadata || role === 'data') continue;
    members.push(...(role === undefined ? [[column, read(column)] as [string, Json]] : Object.entries(roleExtra(role, record[column], event))));
  }
  const built: JournalEvent = { ...event, data, metadata: metadata === undefined ? null : read(metadata) };
  if (members.length > 0) built.extra = Object.fromEntries(members);
  return built;
}

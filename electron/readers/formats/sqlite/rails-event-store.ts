// Rails Event Store (RailsEventStore/rails_event_store, ruby_event_store-active_record): event_store_events holds
// each event once; event_store_events_in_streams links it into the streams it belongs to.
import type Database from 'better-sqlite3';
import { cloneJson } from '../../../../shared/deep-json.js';
import type { Json, JournalEvent } from '../../../../shared/model.js';
import { EventBuilder } from '../../event-builder.js';
import { listTables, quote } from '../../sqlite-open.js';
import type { ReadContext, SqliteLayout, Tables } from '../types.js';
import { buildDecoded } from './decoded-event.js';
import { addFinding } from './findings.js';
import { otherColumns, otherColumnsObject, withFinerTime } from './other-columns.js';
import { hasColumn, tableWith } from './schema.js';
import { decodeRubyPayload } from './ruby-payload.js';

/**
 * RES's global stream is implicit (nothing in events_in_streams); an event linked nowhere else is shown in a
 * stream of that name, "all" (what RES called it when it still wrote those links).
 */
export const GLOBAL_STREAM = 'all';

interface ResTables {
  events: string;
  links: string;
  /** Older schemas have no event_id: the events' own id is the UUID the links point at. */
  eventKey: string;
  validAt: boolean;
  /** The event's and the link's other columns as one JSON object, the link's named "<links table>.<column>". */
  extra: string;
}

function findTables(tables: Tables): ResTables | null {
  const events = tableWith(tables, 'event_store_events', ['id', 'event_type', 'data', 'metadata', 'created_at']);
  const links = tableWith(tables, 'event_store_events_in_streams', ['stream', 'position', 'event_id']);
  if (events === undefined || links === undefined) return null;
  const eventKey = hasColumn(tables, events, 'event_id') ? 'event_id' : 'id';
  const validAt = hasColumn(tables, events, 'valid_at');
  // With valid_at the time shown, created_at (when it was recorded) is a fact of its own, kept with the others.
  const eventUsed = [eventKey, 'event_type', 'data', 'metadata', validAt ? 'valid_at' : 'created_at'];
  const others = otherColumnsObject([
    ...otherColumns(tables, events, eventUsed, 'e'),
    ...otherColumns(tables, links, ['stream', 'position', 'event_id'], 'l', `${links}.`),
  ]);
  const time = validAt ? 'valid_at' : 'created_at';
  return { events, links, eventKey, validAt, extra: withFinerTime(others, { name: time, column: `e.${quote(time)}` }) };
}

interface LinkedRow {
  event_row: number;
  event_id: unknown;
  event_type: unknown;
  data: unknown;
  metadata: unknown;
  time: unknown;
  stream: string | null;
  version: number | null;
  extra: string | null;
}

/**
 * One row per link, in global order (the events' order, RES's "all"), an event's links in the order they were made.
 * A NULL link position (expected_version :any) is counted in link order, 0-based as RES numbers positions: cheap here,
 * where the file is read once. The NULL is kept among the other fields (`<links table>.position`: null), as the live
 * store marks such links (whose versions there are link ids), so either reading says the store gave it no number.
 */
function select(t: ResTables): string {
  const time = t.validAt ? 'COALESCE(e.valid_at, e.created_at)' : 'e.created_at';
  const unnumbered = `json_set(COALESCE(${t.extra}, '{}'), '$."${t.links.replace(/'/g, "''")}.position"', NULL)`;
  return (
    `SELECT e.rowid AS event_row, e.${quote(t.eventKey)} AS event_id, e.event_type, e.data, e.metadata, ${time} AS time, l.stream AS stream, ` +
    `CASE WHEN l.rowid IS NULL THEN NULL ELSE COALESCE(l.position, ROW_NUMBER() OVER (PARTITION BY l.stream ORDER BY l.rowid) - 1) END AS version, ` +
    `CASE WHEN l.rowid IS NOT NULL AND l.position IS NULL THEN ${unnumbered} ELSE ${t.extra} END AS extra ` +
    `FROM ${quote(t.events)} AS e LEFT JOIN ${quote(t.links)} AS l ON l.event_id = e.${quote(t.eventKey)} ` +
    'ORDER BY e.rowid, l.rowid'
  );
}

interface DecodedPayloads {
  data: Json;
  metadata: Json;
  /** The YAML tags of each payload, where it had some (yamlTags in the event's other fields). */
  yamlTags?: { [field: string]: Json };
}

function decodePayloads(row: LinkedRow, place: string, context: ReadContext): DecodedPayloads {
  const tags: { [field: string]: Json } = {};
  const decode = (field: 'data' | 'metadata'): Json => {
    const decoded = decodeRubyPayload(row[field]);
    if (decoded.problem !== undefined) addFinding(context, 'warning', 'undecodable-payload', place, `the ${field} ${decoded.problem}; shown as text.`);
    if (decoded.tags !== undefined) tags[field] = decoded.tags;
    return decoded.value;
  };
  const decoded: DecodedPayloads = { data: decode('data'), metadata: decode('metadata') };
  return Object.keys(tags).length === 0 ? decoded : { ...decoded, yamlTags: tags };
}

export const railsEventStore: SqliteLayout = {
  id: 'rails-event-store',
  matches: (tables) => findTables(tables) !== null,

  *events(db: Database.Database, context: ReadContext): Iterable<JournalEvent> {
    const found = findTables(listTables(db));
    if (found === null) return;
    const builder = new EventBuilder(context.file, context.findings, true);
    let globalVersion = 0;
    // An event appears once per stream it is linked to, so positions are a running count of what is shown.
    let position = 0;
    let payloads: { row: number | null; values: DecodedPayloads } = { row: null, values: { data: null, metadata: null } };
    for (const row of db.prepare(select(found)).iterate() as Iterable<LinkedRow>) {
      const place = `event ${String(row.event_id)} (row ${row.event_row} of ${found.events})`;
      // An event's links are adjacent rows: its payloads are decoded (and reported) once.
      if (payloads.row !== row.event_row) payloads = { row: row.event_row, values: decodePayloads(row, place, context) };
      else payloads.values = cloneJson(payloads.values);
      const stream = row.stream ?? GLOBAL_STREAM;
      const version = row.stream === null ? globalVersion++ : row.version;
      // Each link shows the event under its one event_id: the same id in several streams is one event, linked.
      const columns = { stream, version, position: position + 1, type: row.event_type, time: row.time, id: row.event_id };
      const { data, metadata, yamlTags } = payloads.values;
      const event = buildDecoded(builder, columns, data, metadata, place, position + 1, row.extra, yamlTags && { yamlTags });
      if (event === null) continue;
      position += 1;
      yield event;
    }
  },
};

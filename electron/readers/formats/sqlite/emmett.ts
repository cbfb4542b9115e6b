// Emmett (event-driven-io/emmett, emmett-sqlite): emt_messages holds events and commands, one row each. Stores
// made by emmett-sqlite before messages replaced events (up to 0.3x) keep events only, in emt_events.
import type Database from 'better-sqlite3';
import type { JournalEvent } from '../../../../shared/model.js';
import { listTables, quote } from '../../sqlite-open.js';
import type { ReadContext, SqliteLayout, Tables } from '../types.js';
import { addJournalFinding } from './findings.js';
import { eventsFromSelect } from './in-place.js';
import { otherColumns, otherColumnsObject, withFinerTime } from './other-columns.js';
import type { OtherColumn } from './other-columns.js';
import { columnOrNull, hasColumn, tableWith } from './schema.js';

const COLUMNS = ['stream_id', 'stream_position', 'message_kind', 'message_type', 'message_data', 'message_metadata', 'global_position', 'created'];

const EARLY_COLUMNS = ['stream_id', 'stream_position', 'event_type', 'event_data', 'event_metadata', 'global_position', 'created', 'event_id'];

function messagesTable(tables: Tables): string | undefined {
  return tableWith(tables, 'emt_messages', COLUMNS);
}

function eventsTable(tables: Tables): string | undefined {
  return tableWith(tables, 'emt_events', EARLY_COLUMNS);
}

/** The row's other columns (partition, is_archived, message_schema_version…) and a time finer than milliseconds. */
function extra(tables: Tables, table: string, used: string[]): string {
  const time: OtherColumn = { name: 'created', column: quote('created') };
  return withFinerTime(otherColumnsObject(otherColumns(tables, table, used)), time);
}

/** The early schema's select: every row is an event. */
function earlySelect(tables: Tables, table: string): string {
  return (
    'SELECT global_position AS position, stream_id AS stream, stream_position AS version, event_type AS type, ' +
    `created AS time, event_data AS data, event_metadata AS metadata, event_id AS id, ${extra(tables, table, EARLY_COLUMNS)} AS extra FROM ${quote(table)}`
  );
}

/**
 * Commands (message_kind 'C') are not events and stay out. Messages of archived streams stay in: they are
 * history the store still holds, and hiding them would make versions look missing; a finding says how many.
 */
function select(tables: Tables, table: string): string {
  return (
    'SELECT global_position AS position, stream_id AS stream, stream_position AS version, message_type AS type, ' +
    `created AS time, message_data AS data, message_metadata AS metadata, ${columnOrNull(tables, table, 'message_id')} AS id, ` +
    // message_kind is 'E' on every row shown.
    `${extra(tables, table, [...COLUMNS, 'message_id'])} AS extra FROM ${quote(table)} WHERE message_kind = 'E'`
  );
}

function reportLeftAndKept(db: Database.Database, context: ReadContext, table: string, archiving: boolean): void {
  const archived = archiving ? "SUM(message_kind = 'E' AND is_archived)" : '0';
  const counts = db
    .prepare(`SELECT SUM(message_kind <> 'E') AS commands, ${archived} AS archived FROM ${quote(table)}`)
    .get() as { commands: number | null; archived: number | null };
  if (counts.commands) {
    const commands = counts.commands === 1 ? '1 command' : `${counts.commands} commands`;
    addJournalFinding(context, 'info', 'commands-left-out', `${commands} (message_kind 'C') left out: commands are not events; they still count in their stream's positions.`);
  }
  if (counts.archived) {
    const archived = counts.archived === 1 ? '1 event belongs' : `${counts.archived} events belong`;
    addJournalFinding(context, 'info', 'archived-events', `${archived} to archived streams (is_archived); shown with the rest.`);
  }
}

export const emmett: SqliteLayout = {
  id: 'emmett',
  matches: (tables) => messagesTable(tables) !== undefined || eventsTable(tables) !== undefined,

  *events(db: Database.Database, context: ReadContext): Iterable<JournalEvent> {
    const tables = listTables(db);
    const table = messagesTable(tables);
    if (table === undefined) {
      const early = eventsTable(tables);
      if (early !== undefined) yield* eventsFromSelect(db, context, earlySelect(tables, early), early);
      return;
    }
    yield* eventsFromSelect(db, context, select(tables, table), table);
    reportLeftAndKept(db, context, table, hasColumn(tables, table, 'is_archived'));
  },

  inPlaceSelect(tables: Tables): string | null {
    const table = messagesTable(tables);
    if (table !== undefined) return select(tables, table);
    const early = eventsTable(tables);
    return early === undefined ? null : earlySelect(tables, early);
  },
};

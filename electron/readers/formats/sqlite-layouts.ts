// The SQLite layouts Eventlens recognises, most specific first; the generic one-table layout is the last resort.
import { genericSqlite } from './generic-sqlite.js';
import { emmett } from './sqlite/emmett.js';
import { eventsourcingPython } from './sqlite/eventsourcing-python.js';
import { eventuous } from './sqlite/eventuous.js';
import { hallgrenEventsourcing } from './sqlite/hallgren-eventsourcing.js';
import { neventstore } from './sqlite/neventstore.js';
import { railsEventStore } from './sqlite/rails-event-store.js';
import { sqlStreamStore } from './sqlite/sql-stream-store.js';
import type { SqliteLayout } from './types.js';

// Each store layout asks for its own table names and columns together, so none takes another's database, and a
// plain events table still falls through to the generic layout.
export const SQLITE_LAYOUTS: readonly SqliteLayout[] = [
  eventsourcingPython,
  railsEventStore,
  emmett,
  eventuous,
  sqlStreamStore,
  neventstore,
  hallgrenEventsourcing,
  genericSqlite,
];

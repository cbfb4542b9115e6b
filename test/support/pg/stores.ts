// Live PostgreSQL event stores for tests: each store's own schema, written through its own write path. One file per
// store says what it creates, how it writes and which time it keeps.
import type { FixtureEvent } from '../fixtures.js';
import type { CommandedDataType } from './commanded.js';
import { writeCommanded } from './commanded.js';
import { writeEmmett } from './emmett.js';
import { writeEventsourcing } from './eventsourcing.js';
import { writeMarten } from './marten.js';
import { writeMessageDb } from './message-db.js';
import { writeRailsEventStore } from './rails-event-store.js';
import { checkVersions } from './sql.js';

export type PgStoreKind = 'message-db' | 'emmett' | 'marten' | 'commanded' | 'rails-event-store' | 'eventsourcing';

export const PG_STORE_KINDS: PgStoreKind[] = ['message-db', 'emmett', 'marten', 'commanded', 'rails-event-store', 'eventsourcing'];

export interface PgStoreOptions {
  /** Message DB and Emmett take no time from the client: leave the server's now() instead of the fixture's time. */
  serverTimes?: boolean;
  /** Commanded's column_data_type: jsonb (JsonbSerializer, the default here) or bytea holding JSON (JsonSerializer). */
  commandedDataType?: CommandedDataType;
}

/** Creates the store's schema in the database at `url` (empty) and appends `events` in order through the store's
 * documented write path. Versions in `events` are 1-based per stream; each store numbers them its own way. */
export async function writePgStore(kind: PgStoreKind, url: string, events: FixtureEvent[], options: PgStoreOptions = {}): Promise<void> {
  checkVersions(events);
  const keepTimes = !options.serverTimes;
  switch (kind) {
    case 'message-db':
      return writeMessageDb(url, events, keepTimes);
    case 'emmett':
      return writeEmmett(url, events, keepTimes);
    case 'marten':
      return writeMarten(url, events);
    case 'commanded':
      return writeCommanded(url, events, options.commandedDataType ?? 'jsonb');
    case 'rails-event-store':
      return writeRailsEventStore(url, events);
    case 'eventsourcing':
      return writeEventsourcing(url, events);
  }
}

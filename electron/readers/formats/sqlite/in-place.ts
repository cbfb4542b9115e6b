// Layouts whose rows are events one to one read through the very SELECT the app's store runs in place,
// so the imported journal and the in-place one cannot disagree.
import type Database from 'better-sqlite3';
import type { JournalEvent } from '../../../../shared/model.js';
import { EventBuilder } from '../../event-builder.js';
import type { Role } from '../../field-names.js';
import { listTables } from '../../sqlite-open.js';
import { extraOf, withStoredVersion } from './other-columns.js';
import type { ReadContext, SqliteLayout, Tables } from '../types.js';

export function* eventsFromSelect(db: Database.Database, context: ReadContext, select: string, table: string): Iterable<JournalEvent> {
  const builder = new EventBuilder(context.file, context.findings, true);
  const statement = db.prepare(`SELECT * FROM (${select}) ORDER BY position`);
  let order = 0;
  for (const row of statement.iterate() as Iterable<Record<Role | 'extra', unknown>>) {
    order += 1;
    const event = builder.build((role) => row[role], `row ${String(row.position ?? order)} of ${table}`, order);
    if (event === null) continue;
    const extra = withStoredVersion(extraOf(row.extra), row.version);
    if (extra !== undefined) event.extra = extra;
    yield event;
  }
}

/**
 * A layout read entirely through one SELECT: `find` locates the store's tables (null when absent), `select` builds
 * the query from them and `table` names the table for findings.
 */
export function selectLayout<Found>(
  id: string,
  find: (tables: Tables) => Found | null,
  select: (found: Found) => string,
  table: (found: Found) => string,
): SqliteLayout {
  return {
    id,
    matches: (tables) => find(tables) !== null,
    *events(db: Database.Database, context: ReadContext): Iterable<JournalEvent> {
      const found = find(listTables(db));
      if (found !== null) yield* eventsFromSelect(db, context, select(found), table(found));
    },
    inPlaceSelect(tables: Tables): string | null {
      const found = find(tables);
      return found === null ? null : select(found);
    },
  };
}

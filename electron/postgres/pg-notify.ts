// The channels a store announces its appends on, where it has any: Eventlens LISTENs on them to look at once instead of
// at the next poll (LISTEN changes nothing on the server and runs in a read-only session). Stores that do not notify
// are polled only. Channel names are as each store's own code writes them (docs/postgresql-stores.md).
import type { PgLayout } from './pg-layouts.js';

export function notifyChannels(layout: PgLayout): string[] {
  switch (layout.id) {
    case 'commanded':
      // notify_events() on every insert into and update of `streams`: '<schema>.events' since 1.1.0, 'events' before.
      return [`${layout.schema}.events`, 'events'];
    case 'eventsourcing-python': {
      // Each insert transaction NOTIFYs the events table's name, a schema-qualified name with its dot as '_'.
      const table = layout.tables[0];
      return table === undefined ? [] : [table, `${layout.schema}_${table}`];
    }
    default:
      return [];
  }
}

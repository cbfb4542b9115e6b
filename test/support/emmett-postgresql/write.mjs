// Appends events with Emmett's own PostgreSQL client (run by test/support/pg/emmett.ts, in this folder's own
// node_modules, because the root project pins an older emmett). Usage: node write.mjs URL < appends.json, where the
// JSON is [{ stream, events: [{ type, data, metadata? }] }]; each entry is one appendToStream call, in order. The
// client creates its schema on first use (autoMigration CreateOrUpdate, its default).
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';

const url = process.argv[2];
if (!url) throw new Error('usage: node write.mjs POSTGRES_URL < appends.json');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const appends = JSON.parse(input);

const store = getPostgreSQLEventStore(url);
try {
  for (const { stream, events } of appends) await store.appendToStream(stream, events);
} finally {
  await store.close();
}

// BANK_EVENTS in a live PostgreSQL store, written through the store's own write path (test/support/pg/stores.ts), as
// the journal the API contract asks about. What such a journal answers otherwise than the file, and why:
// - versions: as the store numbers them (Message DB from 0, Marten from 1);
// - positions: the store's global sequence, which leaves a value unused for every write rolled back, so they may skip;
// - name and path: the URL without its password; the report is named after the database;
// - findings: opening says whether the store's tables are guarded against UPDATE and DELETE (these are not);
// - another export of the same history: Eventlens' own (`eventlens events URL`), which the README says compares as
//   the store does. A store's table exported as rows (row_to_json) keeps its ids and positions in metadata, which the
//   live event does not, so it never compares identical (README, "Not there yet").
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Json, JournalEvent } from '../../shared/model.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';
import type { PgServer } from '../support/pg/cluster.js';
import { withClient } from '../support/pg/sql.js';
import { writePgStore } from '../support/pg/stores.js';
import type { PgStoreKind } from '../support/pg/stores.js';
import type { JournalSource } from './journal-under-test.js';

/** A store's event table, as the test reads its positions and removes events from it. */
interface EventTable {
  title: string;
  format: string;
  firstVersion: 0 | 1;
  /** The table's global positions, in order. */
  positions: string;
  /** Takes away the scratch streams' events (and anything else of theirs the store keeps). */
  forget: string[];
}

const TABLES = {
  'message-db': {
    title: 'Message DB',
    format: 'message-db',
    firstVersion: 0,
    positions: 'SELECT global_position::text AS position FROM message_store.messages ORDER BY global_position',
    forget: [`DELETE FROM message_store.messages WHERE stream_name LIKE 'scratch-%'`],
  },
  marten: {
    title: 'Marten',
    format: 'marten',
    firstVersion: 1,
    positions: 'SELECT seq_id::text AS position FROM public.mt_events ORDER BY seq_id',
    forget: [`DELETE FROM public.mt_events WHERE stream_id LIKE 'scratch-%'`, `DELETE FROM public.mt_streams WHERE id LIKE 'scratch-%'`],
  },
} satisfies Partial<Record<PgStoreKind, EventTable>>;

export type LiveKind = keyof typeof TABLES;

/**
 * BANK_EVENTS with a scratch event after every other one. Their global positions stay unused once they are deleted,
 * as a rolled-back write leaves its sequence value: a writer takes the journal whole, so the gaps are made this way.
 */
function withScratchEvents(events: readonly FixtureEvent[]): FixtureEvent[] {
  return events.flatMap((event, index) => (index % 2 === 0 ? [event, { stream: `scratch-${index}`, version: 1, type: 'scratch', time: event.time, data: {} }] : [event]));
}

/** The store's events as `eventlens events URL` prints them (cli/commands.ts): a JSON line each, in global order. */
async function exportEvents(url: string): Promise<JournalEvent[]> {
  const service = new JournalService({ samplePath: '' });
  try {
    await service.openJournal({ path: url });
    return (await service.events({ limit: 100 })).events;
  } finally {
    await service.close();
  }
}

function writeLines(path: string, events: readonly JournalEvent[]): string {
  writeFileSync(path, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  return path;
}

/** BANK_EVENTS in a database of `server()` (started by the test file, once), written by `kind`'s own writer. */
export function liveJournal(kind: LiveKind, server: () => PgServer): JournalSource {
  const table: EventTable = TABLES[kind];
  return {
    label: `a live ${table.title} store`,
    live: true,
    async write(folder) {
      const database = `contract_${kind.replaceAll('-', '_')}`;
      const url = await server().createDatabase(database);
      await writePgStore(kind, url, withScratchEvents(BANK_EVENTS));
      const positions = await withClient(url, async (client) => {
        for (const sql of table.forget) await client.query(sql);
        return (await client.query<{ position: string }>(table.positions)).rows.map((row) => Number(row.position));
      });
      const exported = await exportEvents(url);
      // Named as it is shown: a password given in the URL (EVENTLENS_TEST_PG's) is used, never shown.
      const shown = new URL(url);
      shown.password = '';
      return {
        path: url,
        shownPath: shown.toString(),
        name: shown.toString(),
        format: table.format,
        live: true,
        firstVersion: table.firstVersion,
        positions,
        openingFindings: [expect.objectContaining({ kind: 'no-history-guard', severity: 'info' })],
        reportName: `${decodeURIComponent(shown.pathname.slice(1))}-audit.html`,
        sameHistory: writeLines(join(folder, `${database}.ndjson`), exported),
        // The export edited by hand: its own digest of that event no longer holds, and the comparison finds the edit.
        async changedHistory(into, data: Json) {
          const second = table.firstVersion + 1;
          const changed = exported.map((event) => (event.stream === 'account-1' && event.version === second ? { ...event, data } : event));
          return writeLines(join(into, `${database}-changed.ndjson`), changed);
        },
      };
    },
  };
}

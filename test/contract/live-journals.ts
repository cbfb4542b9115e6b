// BANK_EVENTS in a live PostgreSQL store, written through the store's own write path (test/support/pg/stores.ts), as
// the journal the API contract asks about. What such a journal answers otherwise than the file, and why:
// - versions: as the store numbers them (Message DB and Rails Event Store from 0, the others from 1);
// - positions: the store's global sequence, which leaves a value unused for every write rolled back (or, in Commanded's
//   $all stream, for every event deleted), so they may skip;
// - name and path: the URL without its password; the report is named after the database;
// - findings: opening says whether the store's tables are guarded against UPDATE and DELETE (per store, in TABLES:
//   Commanded's schema declares triggers against both, the others declare none);
// - another export of the same history: Eventlens' own (`eventlens events URL`), which the README says compares as
//   the store does. A store's table exported as rows (row_to_json) keeps its ids and positions in metadata, which the
//   live event does not, so it never compares identical (README, "Not there yet").
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Json, JournalEvent } from '../../shared/model.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { BANK_EVENTS } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
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
  /** Takes away the scratch streams' events (and anything else of theirs the store keeps), run in order on one session. */
  forget: string[];
  /** The findings the summary has as soon as the store opens (expect matchers): what pg-guards.ts says of its tables. */
  openingFindings: readonly unknown[];
}

/** A store whose schema declares no trigger or rule against UPDATE or DELETE on its event tables. */
const UNGUARDED = [expect.objectContaining({ kind: 'no-history-guard', severity: 'info' })];

// Python eventsourcing is not among them: its stream ids are uuids made from the names (test/support/pg/eventsourcing.ts
// originatorId), so the store has no stream "account-1", and the contract asks for streams by the fixture's names.
const TABLES = {
  'message-db': {
    title: 'Message DB',
    format: 'message-db',
    firstVersion: 0,
    positions: 'SELECT global_position::text AS position FROM message_store.messages ORDER BY global_position',
    forget: [`DELETE FROM message_store.messages WHERE stream_name LIKE 'scratch-%'`],
    openingFindings: UNGUARDED,
  },
  marten: {
    title: 'Marten',
    format: 'marten',
    firstVersion: 1,
    positions: 'SELECT seq_id::text AS position FROM public.mt_events ORDER BY seq_id',
    forget: [`DELETE FROM public.mt_events WHERE stream_id LIKE 'scratch-%'`, `DELETE FROM public.mt_streams WHERE id LIKE 'scratch-%'`],
    openingFindings: UNGUARDED,
  },
  // Emmett keeps commands in emt_messages too (message_kind 'C'); the journal is its events. A stream is its
  // messages and its emt_streams row.
  emmett: {
    title: 'Emmett',
    format: 'emmett',
    firstVersion: 1,
    positions: `SELECT global_position::text AS position FROM public.emt_messages WHERE message_kind = 'E' ORDER BY global_position`,
    forget: [`DELETE FROM public.emt_messages WHERE stream_id LIKE 'scratch-%'`, `DELETE FROM public.emt_streams WHERE stream_id LIKE 'scratch-%'`],
    openingFindings: UNGUARDED,
  },
  // The global position is the event's version in the $all stream (stream 0), which counts every event written, so
  // it is gapless until an event goes. The scratch streams go as Commanded's own hard delete takes a stream
  // (hard_delete_stream.sql.eex: its stream_events rows and their links in $all, its events, its streams row), which
  // the no_delete_ triggers allow only with eventstore.enable_hard_deletes on in the session. Like that delete, it
  // leaves $all's stream_version (the head) at the count of events ever written.
  commanded: {
    title: 'Commanded',
    format: 'commanded',
    firstVersion: 1,
    positions: 'SELECT stream_version::text AS position FROM public.stream_events WHERE stream_id = 0 ORDER BY stream_version',
    forget: [
      `SET eventstore.enable_hard_deletes = 'on'`,
      `WITH scratch AS (SELECT stream_id FROM public.streams WHERE stream_uuid LIKE 'scratch-%'),
       deleted_stream_events AS (DELETE FROM public.stream_events WHERE stream_id IN (SELECT stream_id FROM scratch) RETURNING event_id),
       linked_events AS (DELETE FROM public.stream_events WHERE event_id IN (SELECT event_id FROM deleted_stream_events)),
       events AS (DELETE FROM public.events WHERE event_id IN (SELECT event_id FROM deleted_stream_events))
       DELETE FROM public.streams WHERE stream_id IN (SELECT stream_id FROM scratch)`,
      'RESET eventstore.enable_hard_deletes',
    ],
    // The schema of test/support/pg/commanded.ts (init.ex's) declares five BEFORE triggers: no_delete_ on each
    // table, no_update_ on events and stream_events (event_notification runs AFTER, and guards nothing).
    openingFindings: [
      expect.objectContaining({
        kind: 'history-guard',
        severity: 'info',
        place: 'schema public',
        message:
          'Commanded EventStore guards its history: trigger no_delete_events before DELETE on events; trigger no_update_events before UPDATE on events; ' +
          'trigger no_delete_stream_events before DELETE on stream_events; trigger no_update_stream_events before UPDATE on stream_events; ' +
          'trigger no_delete_streams before DELETE on streams.',
      }),
    ],
  },
  // The global position is event_store_events.id; the versions are the links' positions, 0-based, as appends with a
  // numeric expected version leave them. A stream is its links (event_store_events_in_streams), and a scratch event
  // is linked nowhere else, so its event row goes with its link (in one statement: the link refers to the event).
  'rails-event-store': {
    title: 'Rails Event Store',
    format: 'rails-event-store',
    firstVersion: 0,
    positions: 'SELECT id::text AS position FROM public.event_store_events ORDER BY id',
    forget: [
      `WITH links AS (DELETE FROM public.event_store_events_in_streams WHERE stream LIKE 'scratch-%' RETURNING event_id)
       DELETE FROM public.event_store_events WHERE event_id IN (SELECT event_id FROM links)`,
    ],
    openingFindings: UNGUARDED,
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

/**
 * One throwaway PostgreSQL server for the describe block (or file) this is called in: started before its cases,
 * stopped after. Answers the server, once started.
 */
export function throwawayServer(): () => PgServer {
  let server: PgServer | undefined;
  beforeAll(async () => void (server = await startPg()), 300_000);
  afterAll(async () => server?.stop(), 120_000);
  return () => {
    if (server === undefined) throw new Error('The PostgreSQL server for the live contract did not start.');
    return server;
  };
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
        openingFindings: table.openingFindings,
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

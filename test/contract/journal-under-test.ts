// The journal the API contract asks about: BANK_EVENTS as a file, or as a live store. Where a journal's answers
// differ from the file's for a reason of its own (how its store numbers versions and positions, what it is named),
// the difference is stated here, once, and the contract's cases read it from here.
import { join } from 'node:path';
import type { Json } from '../../shared/model.js';
import { BANK_EVENTS, writeNdjson } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';

export interface JournalUnderTest {
  /** What openJournal is given. */
  path: string;
  /** The summary's path and the recent list's entry: the file's full path; a live store's URL without its password. */
  shownPath: string;
  /** The summary's name, as the recent list, reports and messages name the journal. */
  name: string;
  format: string;
  /** A live store's summary says which store it is (summary.live) and whether it guards its history. */
  live: boolean;
  /** The version of a stream's first event: BANK_EVENTS count from 1, some stores from 0 (Message DB). */
  firstVersion: 0 | 1;
  /** The global position of each BANK_EVENTS event, in the fixture's order: a store's sequence may leave gaps. */
  positions: readonly number[];
  /** The findings the summary has as soon as the journal opens (each as an expect matcher). */
  openingFindings: readonly unknown[];
  /** The audit report's file name. */
  reportName: string;
  /** Another export of the same history in other bytes: a comparison with it finds the events identical. */
  sameHistory: string;
  /** Writes an export like sameHistory whose account-1 second event holds `data` instead, and answers its path. */
  changedHistory(folder: string, data: Json): Promise<string>;
}

export interface JournalSource {
  /** Named in the suite's title. */
  label: string;
  /** Known before the journal is written: the cases that read files of their own only run beside a file journal. */
  live: boolean;
  /** Writes BANK_EVENTS (any file in `folder`, which the suite then watches for writes) and describes the journal. */
  write(folder: string): Promise<JournalUnderTest>;
}

/** BANK_EVENTS as NDJSON (the suite has written bank.ndjson and its SQLite copy bank.sqlite in `folder` already). */
export const NDJSON_JOURNAL: JournalSource = {
  label: 'an NDJSON file',
  live: false,
  async write(folder) {
    return {
      path: join(folder, 'bank.ndjson'),
      shownPath: join(folder, 'bank.ndjson'),
      name: 'bank.ndjson',
      format: 'ndjson',
      live: false,
      firstVersion: 1,
      positions: BANK_EVENTS.map((_, index) => index + 1),
      openingFindings: [],
      reportName: 'bank-audit.html',
      // The SQLite copy holds the same history in other bytes.
      sameHistory: join(folder, 'bank.sqlite'),
      changedHistory: async (into, data) => writeNdjson(join(into, 'bank-changed.ndjson'), withSecondDeposit(BANK_EVENTS, data)),
    };
  },
};

function withSecondDeposit(events: readonly FixtureEvent[], data: Json): FixtureEvent[] {
  return events.map((event) => (event.stream === 'account-1' && event.version === 2 ? { ...event, data } : event));
}

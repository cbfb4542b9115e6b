// How the fidelity properties read a journal and judge an edited copy of it: its events as the service pages them,
// digested, and what the edited copy failed to show of the edit (its event digests and `eventlens diff` must both tell).
import { expect } from 'vitest';
import { compareJournals } from '../../../electron/audit/compare.js';
import { eventDigest } from '../../../electron/audit/digest.js';
import { openStore } from '../../../electron/store/open-store.js';
import type { JournalStore } from '../../../electron/store/journal-store.js';
import type { JournalEvent } from '../../../shared/model.js';

export interface ReadJournal {
  store: JournalStore;
  events: JournalEvent[];
  /** Event digests, sorted: the events as a multiset. */
  digests: string[];
  /** stream@version of every event, sorted. */
  keys: string[];
  /** stream@version=position of every event, sorted. */
  positions: string[];
}

export async function readJournalEvents(path: string, cacheDir: string): Promise<ReadJournal> {
  const store = await openStore(path, { cacheDir, signal: new AbortController().signal, onProgress: () => {} });
  // The service's event pages: the store's page, each event digested (electron/service/journal-service.ts).
  const { events, total } = await store.page({ offset: 0, limit: 100_000 });
  expect(events).toHaveLength(total);
  return {
    store,
    events,
    digests: events.map((event) => eventDigest(event)).sort(),
    keys: events.map((event) => `${event.stream}@${event.version}`).sort(),
    positions: events.map((event) => `${event.stream}@${event.version}=${event.position}`).sort(),
  };
}

export const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, i) => value === b[i]);

const findingsOf = (store: JournalStore) => store.summary.findings.map((f) => `${f.severity} ${f.kind} (${f.place})`);

/** What the edited copy failed to show of the edit; empty when its events and the diff both tell. */
export async function problemsOf(original: ReadJournal, edited: ReadJournal): Promise<string[]> {
  const problems: string[] = [];
  if (sameList(original.digests, edited.digests)) {
    const findings = findingsOf(edited.store);
    problems.push(`all ${edited.events.length} event digests stayed the same (findings: ${findings.length === 0 ? 'none' : findings.join('; ')})`);
  }
  const comparison = await compareJournals(original.store, edited.store);
  if (comparison.identical) problems.push('eventlens diff calls the two exports identical');
  if (sameList(original.keys, edited.keys) && comparison.modified < 1) {
    problems.push(`the same stream@version keys, yet the diff reports no event modified (added ${comparison.added}, removed ${comparison.removed})`);
  }
  return problems;
}

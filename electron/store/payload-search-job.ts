// A payload search (a condition, or text in records read back from the journal file) over a range of a journal's
// events, in a worker thread: the worker opens its own connections from a recipe the store gives (the cache file and
// the journal, or the journal read in place), so two run side by side on the two halves while the service answers.
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { JournalError } from '../../shared/contract.js';
import { parseCondition } from '../../shared/condition.js';
import type { ColumnMap } from '../readers/formats/types.js';
import { currentSqliteBinding, openReadOnly } from '../readers/sqlite-open.js';
import { createInPlaceView, inPlaceDecode, VIEW } from './in-place.js';
import { conditionSearch, fileTextSearch } from './payload-search.js';
import type { PayloadSources } from './payload-reader.js';
import { cacheRowDecoder } from './record-decoder.js';
import { SourceRecords } from './source-records.js';

/** How to read a journal's events and payloads again from another thread. */
export type StoreRecipe =
  | { kind: 'cache'; file: string; journal: string; name: string; layout: string | null; map: ColumnMap | null }
  | { kind: 'in-place'; journal: string; select: string };

export interface PayloadSearchJob {
  recipe: StoreRecipe;
  /** A payload condition (`data.amount > 100`), or lower-case text looked for in records read back from the file. */
  find: { condition: string } | { text: string };
  /** The seqs tested: after `after`, up to and including `last`. */
  after: number;
  last: number;
}

function openSources(recipe: StoreRecipe): { sources: PayloadSources; relation: string; close: () => void } {
  // (A store read in place has no records in a file: its text searches are SQL, in the service's own connection.)
  if (recipe.kind === 'in-place') {
    const db = openReadOnly(recipe.journal);
    createInPlaceView(db, recipe.select);
    return { sources: { db, payloads: VIEW, decode: inPlaceDecode }, relation: VIEW, close: () => db.close() };
  }
  // The cache file is the app's own and may be written meanwhile (its indexes): read through SQLite's locking, not as
  // an immutable file.
  const binding = currentSqliteBinding();
  const db = new Database(recipe.file, { readonly: true, fileMustExist: true, ...(binding !== undefined && { nativeBinding: binding }) });
  db.pragma('busy_timeout = 10000');
  let source: SourceRecords;
  try {
    source = new SourceRecords(recipe.journal);
  } catch (error) {
    db.close();
    throw error;
  }
  const decode = cacheRowDecoder(recipe.layout, recipe.map, recipe.name);
  return {
    sources: { db, payloads: 'payloads', source, decode },
    relation: 'events',
    close: () => {
      source.close();
      db.close();
    },
  };
}

/** The job's search, a page at a time: yields the events scanned so far, returns the seqs that match in order. */
function* search(job: PayloadSearchJob, sources: PayloadSources, relation: string): Generator<number, number[]> {
  if ('condition' in job.find) return yield* conditionSearch(sources, relation, parseCondition(job.find.condition), job.after, job.last);
  return yield* fileTextSearch(sources, job.find.text, job.after, job.last);
}

/** The seqs of the range that match, in order; `onProgress` hears the events scanned so far after each page. */
export function runPayloadSearchJob(job: PayloadSearchJob, onProgress: (scanned: number) => void = () => {}): number[] {
  const { sources, relation, close } = openSources(job.recipe);
  try {
    const pages = search(job, sources, relation);
    for (;;) {
      const next = pages.next();
      if (next.done) return next.value;
      onProgress(next.value);
    }
  } finally {
    close();
  }
}

/**
 * The same search in this thread (where no worker can run: from TypeScript sources), one page per turn of the event
 * loop, so other calls, progress reports and a cancel are answered meanwhile.
 */
export async function runPayloadSearchInTurns(job: PayloadSearchJob, signal: AbortSignal, onProgress: (scanned: number) => void): Promise<number[]> {
  const { sources, relation, close } = openSources(job.recipe);
  try {
    const pages = search(job, sources, relation);
    for (;;) {
      if (signal.aborted) throw new JournalError('cancelled', 'The search was cancelled.');
      const next = pages.next();
      if (next.done) return next.value;
      onProgress(next.value);
      await nextTurn();
    }
  } finally {
    close();
  }
}

// A payload search (a condition, or text in records read back from the journal file) over a range of a journal's
// events, in a worker thread: the worker opens its own connections from a recipe the store gives (the cache file and
// the journal, or the journal read in place), so two run side by side on the two halves while the service answers.
import Database from 'better-sqlite3';
import { parseCondition } from '../../shared/condition.js';
import type { ColumnMap } from '../readers/formats/types.js';
import { currentSqliteBinding, openReadOnly } from '../readers/sqlite-open.js';
import { createInPlaceView, inPlaceDecode, VIEW } from './in-place.js';
import { conditionMatches, fileTextMatches } from './payload-search.js';
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

/** The seqs of the range that match, in order. */
export function runPayloadSearchJob(job: PayloadSearchJob): number[] {
  const { sources, relation, close } = openSources(job.recipe);
  try {
    if ('condition' in job.find) return conditionMatches(sources, relation, parseCondition(job.find.condition), job.after, job.last);
    return fileTextMatches(sources, job.find.text, job.after, job.last);
  } finally {
    close();
  }
}

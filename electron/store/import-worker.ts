// Worker thread entry: imports one journal into its cache file and reports progress to the main thread.
// (Splitting reading and writing over two threads was measured slower: moving the rows between threads costs more
// than the writes it would overlap.)
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { errorReply } from '../../shared/contract.js';
import type { ErrorRemedy } from '../../shared/contract.js';
import { useSqliteBinding } from '../readers/sqlite-open.js';
import type { ImportRequest } from './import-journal.js';
import type { IndexRequest } from './index-builder.js';
import type { SummaryPassRequest } from './summary-pass.js';
import type { PayloadSearchJob } from './payload-search-job.js';

export interface WorkerInput {
  /** Import a journal into a cache file, or build the narrow index of a SQLite store read in place. */
  job:
    | { kind: 'import'; request: ImportRequest }
    | { kind: 'index'; request: IndexRequest }
    | { kind: 'cache-index'; file: string }
    /** Part of a SQLite store's summary, run beside the other part. */
    | { kind: 'summary-pass'; request: SummaryPassRequest }
    /** A payload search over part of a journal's events. */
    | { kind: 'payload-search'; job: PayloadSearchJob };
  sqliteBinding?: string;
}

export type WorkerMessage =
  | { kind: 'progress'; bytesRead: number; events: number }
  | { kind: 'done'; result?: unknown }
  | { kind: 'failed'; code: string; message: string; remedy?: ErrorRemedy };

const input = workerData as WorkerInput;
useSqliteBinding(input.sqliteBinding);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

// Each job loads only its own modules: a worker is started per job, and the readers an import needs take a good part
// of the time a summary pass has.
async function run(job: WorkerInput['job']): Promise<unknown> {
  if (job.kind === 'import') {
    const { importJournal } = await import('./import-journal.js');
    await importJournal(job.request, (progress) => post({ kind: 'progress', ...progress }));
  } else if (job.kind === 'index') (await import('./index-builder.js')).buildIndex(job.request);
  else if (job.kind === 'cache-index') (await import('./cache-index.js')).indexCache(job.file);
  else if (job.kind === 'payload-search') {
    // Progress a page at a time (thousands of events): the window shows how far the search has got.
    return (await import('./payload-search-job.js')).runPayloadSearchJob(job.job, (scanned) => post({ kind: 'progress', bytesRead: 0, events: scanned }));
  }
  else return (await import('./summary-pass.js')).runSummaryPass(job.request);
  return undefined;
}

/** The journal a job reads, for messages. */
function journalOf(job: WorkerInput['job']): string {
  if (job.kind === 'cache-index') return job.file;
  if (job.kind === 'payload-search') return job.job.recipe.journal;
  return job.request.path;
}

/** SQLite's codes for a file that is not (or no longer) a sound database: a page overwritten, cut off, unreadable. */
const DAMAGE = /^SQLITE_(CORRUPT|NOTADB|IOERR)/;

run(input.job).then(
  (result) => post(result === undefined ? { kind: 'done' } : { kind: 'done', result }),
  (error: unknown) => {
    // A damaged page is the journal's fault, not ours: said in the words an open on the main thread uses, naming it.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && DAMAGE.test(code)) {
      post({ kind: 'failed', code: 'bad-format', message: `${basename(journalOf(input.job))} could not be read as SQLite: ${(error as Error).message}.` });
      return;
    }
    const reply = errorReply(error);
    if (!reply.ok) post({ kind: 'failed', ...reply.error });
  },
);

// Reading a whole journal into its cache file: any format, event by event, with progress. Runs in a worker thread
// in the app (see importer.ts), so the window and the API stay responsive while a big file loads.
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import { detectFileKind } from '../readers/detect.js';
import type { ReadContext } from '../readers/formats/types.js';
import { detectJsonShape, readJsonEvents } from '../readers/json/json-journal.js';
import { FindingLog } from '../readers/loaded-journal.js';
import { listTables } from '../readers/sqlite-open.js';
import { chooseSqliteLayout, openSqliteJournal } from '../readers/sqlite-reader.js';
import { CacheBuilder } from './cache-builder.js';

export interface ImportRequest {
  path: string;
  cacheFile: string;
  key: string;
  read: Pick<ReadContext, 'map' | 'cipherKey'>;
}

export interface ImportProgress {
  bytesRead: number;
  events: number;
}

/** How often progress is reported, in events. */
const PROGRESS_EVERY = 5000;

export async function importJournal(request: ImportRequest, onProgress: (progress: ImportProgress) => void, signal?: AbortSignal): Promise<void> {
  const name = basename(request.path);
  const { kind } = await detectFileKind(request.path);
  const findings = new FindingLog();
  const context: ReadContext = { file: name, findings, ...request.read };
  mkdirSync(dirname(request.cacheFile), { recursive: true });
  const builder = new CacheBuilder(request.cacheFile);
  let bytesRead = 0;
  const report = () => onProgress({ bytesRead, events: builder.events });
  try {
    let format: string;
    if (kind === 'sqlite') {
      const db = openSqliteJournal(request.path);
      try {
        const layout = chooseSqliteLayout(listTables(db), name, context);
        format = layout.id;
        for (const event of layout.events(db, context)) {
          builder.add(event);
          if (builder.events % PROGRESS_EVERY === 0) {
            if (signal?.aborted) throw cancelled(name);
            report();
          }
        }
      } finally {
        db.close();
      }
    } else {
      const shape = await detectJsonShape(request.path, context);
      if (shape === null) throw new JournalError('bad-format', `${name} is not JSON.`);
      const reading = readJsonEvents(request.path, shape, {
        context,
        ...(signal && { signal }),
        onProgress: (bytes) => {
          bytesRead = bytes;
        },
      });
      format = shape.format;
      try {
        for (;;) {
          const next = await reading.next();
          if (next.done) {
            format = next.value;
            break;
          }
          builder.add(next.value);
          if (builder.events % PROGRESS_EVERY === 0) report();
        }
      } catch (error) {
        if (signal?.aborted) throw cancelled(name);
        if (error instanceof JournalError) throw error;
        // The file vanished or its gzip broke mid-way: what was read stays usable, the rest is a finding.
        findings.add({
          severity: 'error',
          kind: 'read-failed',
          place: `after ${builder.events} events`,
          message: `${name} could not be read to the end (${(error as Error).message}); the ${builder.events} events before that are shown.`,
        });
      }
    }
    const first = findings.list[0];
    if (builder.events === 0 && first !== undefined) {
      // Nothing readable at all: an empty view would hide the problem, so the first reason is the error.
      const more = findings.total > 1 ? ` (and ${findings.total - 1} more problems)` : '';
      throw new JournalError('bad-format', `No events could be read. ${first.message}${more}`);
    }
    report();
    builder.finish({ format, source: request.path, key: request.key }, findings.list, findings.overflow);
  } catch (error) {
    builder.abandon();
    throw error;
  }
}

export function cancelled(name: string): JournalError {
  return new JournalError('cancelled', `Opening ${name} was cancelled.`);
}

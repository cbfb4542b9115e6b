// Importing a journal: rows read from it go into the cache file, then its indexes and summary. In the app this runs
// in a worker thread (importer.ts), so the window and the API stay responsive while a big file loads.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { ReadContext } from '../readers/formats/types.js';
import { JSON_LAYOUTS } from '../readers/formats/json-layouts.js';
import { startCacheBuild } from './cache-build.js';
import { readRowBatches } from './row-source.js';
import type { ReadOutcome, RowBatch } from './row-source.js';

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

export async function importRows(request: ImportRequest, batches: AsyncIterator<RowBatch, ReadOutcome>, onProgress: (progress: ImportProgress) => void): Promise<void> {
  mkdirSync(dirname(request.cacheFile), { recursive: true });
  const builder = startCacheBuild(request.cacheFile);
  try {
    let outcome: ReadOutcome;
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        outcome = next.value;
        break;
      }
      await builder.addBatch(next.value);
      onProgress({ bytesRead: next.value.bytesRead, events: builder.events });
    }
    // The reason given is the first error: a notice (one stream, say) explains nothing when no event could be read.
    const first = outcome.findings.find((finding) => finding.severity === 'error') ?? outcome.findings[0];
    if (builder.events === 0 && first !== undefined) {
      // Nothing readable at all: an empty view would hide the problem, so the first reason is the error.
      const others = outcome.findings.length - 1 + outcome.overflow;
      const more = others > 0 ? ` (and ${others} more problems)` : '';
      const hint = first.kind === 'missing-field' ? ` ${mappingHint()}` : '';
      throw new JournalError('bad-format', `No events could be read. ${first.message}${more}${hint}`);
    }
    await builder.finish(
      { format: outcome.format, source: request.path, key: request.key, layout: outcome.layout, map: request.read.map ?? null },
      outcome.findings,
      outcome.overflow,
      outcome.snapshots,
    );
  } catch (error) {
    builder.abandon();
    throw error;
  }
}

/** What was tried, and how to name the fields by hand, for a journal whose records no layout recognised. */
function mappingHint(): string {
  return (
    `Tried the layouts ${JSON_LAYOUTS.map((layout) => layout.id).join(', ')}. If the events use other field names, ` +
    'name them: --map stream=FIELD,version=FIELD,type=FIELD,data=FIELD,time=FIELD (in the app: "Map columns…" when opening).'
  );
}

export function importJournal(request: ImportRequest, onProgress: (progress: ImportProgress) => void, signal?: AbortSignal): Promise<void> {
  return importRows(request, readRowBatches(request.path, request.read, signal), onProgress);
}

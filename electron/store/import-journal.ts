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
      const unrecognised = first.kind === 'missing-field';
      const hint = unrecognised ? ` ${mappingHint()}` : '';
      // How to name the fields is each surface's to say (remedy "map"): the CLI's --map, the app's Map columns… dialog.
      throw new JournalError('bad-format', `No events could be read. ${first.message}${more}${hint}`, unrecognised ? 'map' : undefined);
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

/** What was tried, for a journal whose records no layout recognised; naming the fields by hand is the remedy. */
function mappingHint(): string {
  return `Tried the layouts ${JSON_LAYOUTS.map((layout) => layout.id).join(', ')}. If the events use other field names, name them by hand.`;
}

export function importJournal(request: ImportRequest, onProgress: (progress: ImportProgress) => void, signal?: AbortSignal): Promise<void> {
  return importRows(request, readRowBatches(request.path, request.read, signal), onProgress);
}

// `eventlens info`: the journal's summary. A journal read before is answered from its cache (store/cache-lookup.ts)
// when that cache still answers for the file as it is now; that path loads no reader, no journal service and, once
// the entry has its summary card, not even SQLite, so a script calling `info` in a loop pays little more than Node's
// own start-up each time (test/bench/cli-start.mjs measures it).
import { basename, resolve } from 'node:path';
import type { JournalSummary } from '../../shared/model.js';
import { cachedSummary } from '../store/cache-lookup.js';
import { defaultCacheDir } from '../store/cache-key.js';
import { formatCount, printJson, say } from './output.js';

/** Prints the summary as `info` does: the five fields with --json, else lines for a person with the first findings. */
export function printSummary(summary: JournalSummary, json: boolean): void {
  const { format, events, streams, firstTime, lastTime, live } = summary;
  if (json) return printJson({ format, events, streams, firstTime, lastTime, ...(live && { live }) });
  say`${summary.path}`;
  say`format   ${format}`;
  if (live) say`store    ${live.store}, schema ${live.schema}${live.parts.length ? ` (${live.parts.join(', ')})` : ''}, live`;
  say`events   ${formatCount(events)}${events === 0 ? ' (the journal holds no events)' : ''}`;
  say`streams  ${formatCount(streams)}`;
  say`from     ${firstTime ?? '(no times)'}`;
  say`to       ${lastTime ?? '(no times)'}`;
  const findings = summary.findings.length + summary.moreFindings;
  if (findings > 0) {
    say`findings ${formatCount(findings)}`;
    for (const finding of summary.findings.slice(0, 20)) say`  ${finding.severity}: ${finding.message}`;
  }
}

/**
 * Prints `info` from the journal's cache and returns true, or returns false (nothing printed) when there is no cache
 * that answers for the file: the caller then opens it with the journal service. The path and name are those
 * JournalService.openJournal gives the summary, so both ways print the same.
 */
export function infoFromCache(file: string, json: boolean, cacheDir = defaultCacheDir()): boolean {
  const path = resolve(file);
  const summary = cachedSummary(path, { cacheDir, name: basename(path) });
  if (summary === null) return false;
  printSummary(summary, json);
  return true;
}

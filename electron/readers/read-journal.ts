// The one entry point for reading any journal file.
import { JournalError } from '../../shared/contract.js';
import { detectFormat } from './detect.js';
import type { DetectedFormat } from './detect.js';
import { readJsonArray } from './json-reader.js';
import type { LoadedJournal } from './loaded-journal.js';
import { readNdjson } from './ndjson-reader.js';
import { readSqlite } from './sqlite-reader.js';

export async function readJournal(path: string): Promise<LoadedJournal> {
  const journal = await readByFormat(path, await detectFormat(path));
  const first = journal.findings.list[0];
  if (journal.events.length === 0 && first !== undefined) {
    // Nothing readable at all: an empty view would hide the problem, so the first reason is the error.
    const more = journal.findings.total > 1 ? ` (and ${journal.findings.total - 1} more problems)` : '';
    throw new JournalError('bad-format', `No events could be read. ${first.message}${more}`);
  }
  return journal;
}

function readByFormat(path: string, format: DetectedFormat): Promise<LoadedJournal> | LoadedJournal {
  switch (format) {
    case 'sqlite':
      return readSqlite(path);
    case 'json':
      return readJsonArray(path);
    case 'ndjson':
      return readNdjson(path);
  }
}

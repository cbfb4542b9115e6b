// The one entry point for reading any journal file.
import { detectFormat } from './detect.js';
import { readJsonArray } from './json-reader.js';
import type { LoadedJournal } from './loaded-journal.js';
import { readNdjson } from './ndjson-reader.js';
import { readSqlite } from './sqlite-reader.js';

export async function readJournal(path: string): Promise<LoadedJournal> {
  switch (await detectFormat(path)) {
    case 'sqlite':
      return readSqlite(path);
    case 'json':
      return readJsonArray(path);
    case 'ndjson':
      return readNdjson(path);
  }
}

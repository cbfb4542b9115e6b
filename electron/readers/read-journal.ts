// Reading any journal file whole into memory: detection, the format's layout, findings.
import { basename } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { JournalEvent } from '../../shared/model.js';
import { detectFileKind } from './detect.js';
import type { FileKind } from './detect.js';
import { readWholeDocument } from './documents.js';
import type { ColumnMap } from './formats/types.js';
import { detectJsonShape, readDocument, readJsonEvents } from './json/json-journal.js';
import type { EventBatch, JsonReadEnd } from './json/json-journal.js';
import { FindingLog } from './loaded-journal.js';
import type { LoadedJournal } from './loaded-journal.js';
import { readSqlite } from './sqlite-reader.js';

export interface ReadOptions {
  cipherKey?: string;
  map?: ColumnMap;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number) => void;
}

export async function readJournal(path: string, options: ReadOptions = {}): Promise<LoadedJournal> {
  const { kind } = await detectFileKind(path);
  const journal = kind === 'sqlite' ? readSqlite(path, options) : await readJsonJournal(path, kind, options);
  const first = journal.findings.list.find((finding) => finding.severity === 'error') ?? journal.findings.list[0];
  if (journal.events.length === 0 && first !== undefined) {
    // Nothing readable at all: an empty view would hide the problem, so the first reason is the error.
    const more = journal.findings.total > 1 ? ` (and ${journal.findings.total - 1} more problems)` : '';
    throw new JournalError('bad-format', `No events could be read. ${first.message}${more}`);
  }
  return journal;
}

async function readJsonJournal(path: string, kind: Exclude<FileKind, 'sqlite'>, options: ReadOptions): Promise<LoadedJournal> {
  const name = basename(path);
  const findings = new FindingLog();
  const context = { file: name, findings, ...(options.map && { map: options.map }), ...(options.cipherKey && { cipherKey: options.cipherKey }) };
  const events: JournalEvent[] = [];
  let reading: AsyncGenerator<EventBatch, JsonReadEnd>;
  let format: string;
  if (kind === 'json') {
    const shape = await detectJsonShape(path, context);
    if (shape === null) throw new JournalError('bad-format', `${name} is not JSON.`);
    reading = readJsonEvents(path, shape, { context, ...(options.signal && { signal: options.signal }), ...(options.onProgress && { onProgress: options.onProgress }) });
    format = shape.format;
  } else {
    reading = readDocument(await readWholeDocument(path, kind, findings, options.signal && { signal: options.signal }), context);
    format = kind;
  }
  try {
    for (;;) {
      const next = await reading.next();
      if (next.done) {
        format = next.value.format;
        break;
      }
      for (const event of next.value.events) events.push(event);
    }
  } catch (error) {
    if (error instanceof JournalError) throw error;
    // The file vanished or its gzip broke mid-way: what was read stays usable, the rest is a finding.
    findings.add({ severity: 'error', kind: 'read-failed', place: `after ${events.length} events`, message: `${name} could not be read to the end (${(error as Error).message}); the ${events.length} events before that are shown.` });
  }
  return { format, events, findings };
}

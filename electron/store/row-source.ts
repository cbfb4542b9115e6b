// The reading half of an import: any journal as batches of cache rows, with its format and findings at the end.
import { basename } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { Finding } from '../../shared/model.js';
import { detectFileKind } from '../readers/detect.js';
import type { ReadContext, SnapshotRecord } from '../readers/formats/types.js';
import { detectJsonShape, eventRows, readDocument, readJsonRows } from '../readers/json/json-journal.js';
import type { JsonReadEnd } from '../readers/json/json-journal.js';
import { readWholeDocument } from '../readers/documents.js';
import { RowBatchBuilder } from '../readers/event-rows.js';
import { FindingLog } from '../readers/loaded-journal.js';
import { listTables } from '../readers/sqlite-open.js';
import { chooseSqliteLayout, openSqliteJournal } from '../readers/sqlite-reader.js';

import type { RowBatch } from '../readers/event-rows.js';

export type { RowBatch };

export interface ReadOutcome {
  format: string;
  /** Snapshots the store keeps of its aggregates (for checking replays against them). */
  snapshots: SnapshotRecord[];
  /** The JSON layout whose records the cache keeps as text (to turn back into events when read), if any. */
  layout: string | null;
  findings: Finding[];
  overflow: number;
}

const SQLITE_BATCH = 5000;

/** SQLite's codes for a file that is not (or no longer) a sound database: a page overwritten, cut off, unreadable. */
export function isSqliteDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR)/.test(code);
}

export function cancelled(name: string): JournalError {
  return new JournalError('cancelled', `Opening ${name} was cancelled.`);
}

/** `scan: false` reads every NDJSON line and array item with JSON.parse (to compare the two ways in tests). */
export async function* readRowBatches(
  path: string,
  read: Pick<ReadContext, 'map' | 'cipherKey'>,
  signal?: AbortSignal,
  options: { scan?: boolean } = {},
): AsyncGenerator<RowBatch, ReadOutcome> {
  const name = basename(path);
  const { kind } = await detectFileKind(path);
  const findings = new FindingLog();
  const context: ReadContext = { file: name, findings, ...read };
  const snapshots: SnapshotRecord[] = [];
  const outcome = (format: string, layout: string | null = null): ReadOutcome => ({ format, layout, snapshots, findings: findings.list, overflow: findings.overflow });

  if (kind === 'sqlite') {
    const db = openSqliteJournal(path);
    try {
      const layout = chooseSqliteLayout(listTables(db), name, context);
      const rows = new RowBatchBuilder();
      let read = 0;
      try {
        for (const event of layout.events(db, context)) {
          rows.addEvent(event, null, null);
          read += 1;
          if (rows.size >= SQLITE_BATCH) {
            if (signal?.aborted) throw cancelled(name);
            yield rows.take(0)!;
          }
        }
      } catch (error) {
        // A damaged page met mid-way: the events read before it stay usable, and a finding says where reading stopped.
        // Met before any event, it is the refusal below.
        if (!isSqliteDamage(error) || read === 0) throw error;
        findings.add({
          severity: 'error',
          kind: 'read-failed',
          place: `after ${read} events`,
          message: `${name} could not be read to the end (${(error as Error).message}); the ${read} events before that are shown.`,
        });
        const rest = rows.take(0);
        if (rest !== null) yield rest;
        return outcome(layout.id);
      }
      const rest = rows.take(0);
      if (rest !== null) yield rest;
      if (layout.snapshots) for (const snapshot of layout.snapshots(db, context)) snapshots.push(snapshot);
      return outcome(layout.id);
    } catch (error) {
      if (error instanceof JournalError) throw error;
      // A damaged database (a page overwritten or cut off: SQLITE_CORRUPT) stops any layout's query mid-way: one
      // clear refusal, worded as readSqlite and the in-place open word it.
      throw new JournalError('bad-format', `${name} could not be read as SQLite: ${(error as Error).message}.`);
    } finally {
      db.close();
    }
  }

  let reading: AsyncGenerator<RowBatch, JsonReadEnd>;
  let format: JsonReadEnd;
  if (kind === 'json') {
    const shape = await detectJsonShape(path, context);
    if (shape === null) throw new JournalError('bad-format', `${name} is not JSON.`);
    reading = readJsonRows(path, shape, { context, ...(signal && { signal }), ...(options.scan === false && { scan: false }) });
    format = { format: shape.format, layout: shape.layout.id };
  } else {
    const document = await readWholeDocument(path, kind, findings, signal && { signal });
    reading = eventRows(readDocument(document, context), false, () => 0);
    format = { format: kind, layout: kind };
  }
  let events = 0;
  try {
    for (;;) {
      const next = await reading.next();
      if (next.done) return outcome(next.value.format, next.value.layout);
      events += next.value.count;
      yield next.value;
    }
  } catch (error) {
    if (signal?.aborted) throw cancelled(name);
    if (error instanceof JournalError) throw error;
    // The file vanished or its gzip broke mid-way: what was read stays usable, the rest is a finding.
    findings.add({
      severity: 'error',
      kind: 'read-failed',
      place: `after ${events} events`,
      message: `${name} could not be read to the end (${(error as Error).message}); the ${events} events before that are shown.`,
    });
    return outcome(format.format, format.layout);
  }
}

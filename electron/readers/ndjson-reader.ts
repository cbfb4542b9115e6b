// NDJSON: one event object per line, read as a stream so the file never has to fit in memory as text.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { JournalEvent } from '../../shared/model.js';
import { EventBuilder, recordAccessor } from './event-builder.js';
import { FindingLog } from './loaded-journal.js';
import type { LoadedJournal } from './loaded-journal.js';

export async function readNdjson(path: string): Promise<LoadedJournal> {
  const name = basename(path);
  const findings = new FindingLog();
  const builder = new EventBuilder(name, findings);
  const events: JournalEvent[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  let order = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const place = `line ${lineNumber}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      findings.add({
        severity: 'error',
        kind: 'not-json',
        place,
        message: `${name} ${place}: not valid JSON (${(error as Error).message}), so it was left out.`,
      });
      continue;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      findings.add({ severity: 'error', kind: 'not-an-event', place, message: `${name} ${place}: not an object, so it was left out.` });
      continue;
    }
    order += 1;
    const event = builder.build(recordAccessor(record as Record<string, unknown>), place, order);
    if (event) events.push(event);
  }
  return { format: 'ndjson', events, findings };
}

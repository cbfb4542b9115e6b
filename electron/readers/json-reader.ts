// A JSON array of event objects, read whole. (Streaming big arrays is the scale work's concern.)
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import { EventBuilder, recordAccessor } from './event-builder.js';
import { FindingLog } from './loaded-journal.js';
import type { LoadedJournal } from './loaded-journal.js';

export async function readJsonArray(path: string): Promise<LoadedJournal> {
  const name = basename(path);
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new JournalError('bad-format', `${name} is not valid JSON: ${(error as Error).message}.`);
  }
  if (!Array.isArray(parsed)) {
    throw new JournalError('bad-format', `${name} holds a JSON ${typeof parsed}, not an array of events.`);
  }
  const findings = new FindingLog();
  const builder = new EventBuilder(name, findings);
  const events = [];
  for (let i = 0; i < parsed.length; i++) {
    const item: unknown = parsed[i];
    const place = `item ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      findings.add({ severity: 'error', kind: 'not-an-event', place, message: `${name} ${place}: not an object, so it was left out.` });
      continue;
    }
    const event = builder.build(recordAccessor(item as Record<string, unknown>), place, i + 1);
    if (event) events.push(event);
  }
  return { format: 'json', events, findings };
}

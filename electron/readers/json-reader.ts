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
  const items = eventArray(parsed, name);
  const findings = new FindingLog();
  const builder = new EventBuilder(name, findings);
  const events = [];
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
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

/** Keys under which exports commonly wrap their event array: {"events": [...]}. */
const WRAPPER_KEYS = ['events', 'items', 'entries', 'records', 'messages', 'data'];

function eventArray(parsed: unknown, name: string): unknown[] {
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed === 'object' && parsed !== null) {
    const record = parsed as Record<string, unknown>;
    for (const key of WRAPPER_KEYS) if (Array.isArray(record[key])) return record[key];
    const keys = Object.keys(record).slice(0, 8).map((k) => JSON.stringify(k)).join(', ');
    throw new JournalError(
      'bad-format',
      `${name} holds one JSON object (keys ${keys || 'none'}), not events: expected an array of events, ` +
        `an object with an "events" array, or NDJSON with one event per line.`,
    );
  }
  throw new JournalError('bad-format', `${name} holds a JSON ${parsed === null ? 'null' : typeof parsed}, not an array of events.`);
}

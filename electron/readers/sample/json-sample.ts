// The first records of a JSON-family journal (NDJSON lines, an array's items, or the records a one-object document
// wraps), read no further than a bound: the file may be gigabytes, or only the start of one (a browser sends that much).
import type { FieldSample } from '../../../shared/model.js';
import { arrayItems } from '../json/array-items.js';
import { readBytes } from '../json/byte-source.js';
import { detectJsonShape, WRAPPER_KEYS } from '../json/json-journal.js';
import { splitLines } from '../json/lines.js';
import { FindingLog } from '../loaded-journal.js';
import { FieldTally, MAX_FIELDS, SAMPLE_RECORDS } from './field-tally.js';

/** Content read at most (decompressed): the first records of any journal fit in far less. */
export const SAMPLE_BYTES = 8 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file's content up to `limit` bytes; `cut` is set when there was more. A damaged gzip ends it early, quietly. */
async function* boundedBytes(path: string, limit: number, state: { cut: boolean }, signal: AbortSignal): AsyncGenerator<Buffer> {
  let size = 0;
  try {
    for await (const chunk of readBytes(path, { signal })) {
      if (size + chunk.length >= limit) {
        yield chunk.subarray(0, limit - size);
        state.cut = true;
        return;
      }
      size += chunk.length;
      yield chunk;
    }
  } catch {
    // A cut-off gzip (the start of a file a browser sent) still gave its first records.
    state.cut = true;
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The last line or item of a cut-off file, or a broken record: not counted.
    return undefined;
  }
}

export async function sampleJson(path: string, name: string): Promise<FieldSample> {
  const tally = new FieldTally();
  const notes: string[] = [];
  const shape = await detectJsonShape(path, { file: name, findings: new FindingLog() });
  const state = { cut: false };
  const controller = new AbortController();
  try {
    const bytes = boundedBytes(path, SAMPLE_BYTES, state, controller.signal);
    if (shape?.container === 'lines') {
      reading: for await (const lines of splitLines(bytes)) {
        for (const line of lines) {
          if (line.tooLarge || line.text.trim() === '') continue;
          const record = parsed(line.text);
          if (isRecord(record)) tally.add(record);
          if (tally.full) break reading;
        }
      }
    } else if (shape?.container === 'array') {
      for await (const item of arrayItems(bytes)) {
        if (item.tooLarge) continue;
        const record = parsed(item.text);
        if (isRecord(record)) tally.add(record);
        if (tally.full) break;
      }
    } else if (shape?.container === 'object') {
      const parts: Buffer[] = [];
      for await (const chunk of bytes) parts.push(chunk);
      const document = state.cut ? undefined : parsed(Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, ''));
      if (state.cut) notes.push(`${name} is one JSON object larger than ${SAMPLE_BYTES / 1024 ** 2} MB: its records are not listed here.`);
      else if (isRecord(document)) sampleDocument(document, name, tally, notes);
    }
  } catch {
    // Not an array after all, or broken past repair: what was read so far is the sample.
  } finally {
    controller.abort();
  }
  if (tally.records === 0 && notes.length === 0) notes.push(`No JSON records were found at the start of ${name}.`);
  else if (state.cut && !tally.full && shape?.container !== 'object') notes.push(`Only the first ${SAMPLE_BYTES / 1024 ** 2} MB of ${name} were read.`);
  if (tally.leftOut) notes.push(`Its records have more fields than the ${MAX_FIELDS} listed.`);
  return { kind: 'json', sources: tally.records === 0 ? [] : [tally.source(null)], notes };
}

/** A one-object document: the records it wraps under a common key, as a column map reads them (json-journal.ts). */
function sampleDocument(document: Record<string, unknown>, name: string, tally: FieldTally, notes: string[]): void {
  const key = WRAPPER_KEYS.find((candidate) => Array.isArray(document[candidate]));
  if (key === undefined) {
    notes.push(`${name} holds one JSON object with no list of records (such as "events"), so it has no fields to name.`);
    return;
  }
  for (const record of (document[key] as unknown[]).slice(0, SAMPLE_RECORDS)) if (isRecord(record)) tally.add(record);
  notes.push(`The records of ${name} are listed from its "${key}" array.`);
}

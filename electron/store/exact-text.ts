// The exact text of an event whose parsed payloads do not show it exactly (JournalEvent.raw): rounded numbers,
// or payloads nested deeper than a window is sent. Checked on the stored text each event is decoded from, with a
// regular expression first, so ordinary records cost one failed match.
import { jsonText, nestedDeeperThan, WINDOW_DEPTH } from '../../shared/deep-json.js';
import { hasInexactNumber, holdsUnsafeInteger, mayHoldInexactNumber } from '../../shared/exact-numbers.js';
import type { Json } from '../../shared/model.js';

/** Payloads nested deeper than this get their exact text on pages: a window is sent them cut (deep-json.ts). */
export const DEEP_PAYLOAD = WINDOW_DEPTH / 2;

/** How an event's stored texts were kept: a whole JSON record, or data and metadata columns. */
export type StoredForm = 'record' | 'columns';

export interface StoredPayloads {
  form: StoredForm;
  /** The record's text ('record'), or the data column as stored ('columns'). */
  data: unknown;
  /** The metadata column as stored ('columns'); null for a record. */
  metadata: unknown;
  /** What they were decoded to. */
  decoded: { data: Json; metadata: Json };
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return null;
}

/** A column's text when it was read as JSON (a plain-text column is not: its digits are not numbers). */
function jsonColumn(value: unknown, decoded: Json): string | null {
  const text = asText(value);
  return text === null || decoded === text ? null : text;
}

/** Whether parsing rounded a number of this stored event. */
function roundsNumber(stored: StoredPayloads): boolean {
  if (stored.form === 'record') {
    const text = asText(stored.data);
    if (text === null || !mayHoldInexactNumber(text)) return false;
    // A record may hold its data as JSON inside a string (EventStoreDB's Atom feed): its numbers were parsed from
    // there, so the decoded payloads are checked as well.
    return hasInexactNumber(text) || holdsUnsafeInteger(stored.decoded.data) || holdsUnsafeInteger(stored.decoded.metadata);
  }
  const data = jsonColumn(stored.data, stored.decoded.data);
  const metadata = jsonColumn(stored.metadata, stored.decoded.metadata);
  return (data !== null && hasInexactNumber(data)) || (metadata !== null && hasInexactNumber(metadata));
}

/** Whether a payload is nested deeper than a window is sent; the text's length rules most records out at once. */
function nestedDeep(stored: StoredPayloads): boolean {
  const length = (asText(stored.data)?.length ?? 0) + (asText(stored.metadata)?.length ?? 0);
  // Every level takes an opening and a closing bracket.
  if (length < 2 * DEEP_PAYLOAD) return false;
  return nestedDeeperThan(stored.decoded.data, DEEP_PAYLOAD) || nestedDeeperThan(stored.decoded.metadata, DEEP_PAYLOAD);
}

function textOf(stored: StoredPayloads): string {
  const record = asText(stored.data);
  if (stored.form === 'record' && record !== null) return record;
  const data = jsonColumn(stored.data, stored.decoded.data) ?? jsonText(stored.decoded.data);
  if (stored.metadata === null || stored.metadata === undefined) return data;
  const metadata = jsonColumn(stored.metadata, stored.decoded.metadata) ?? jsonText(stored.decoded.metadata);
  return `{"data": ${data.trim()}, "metadata": ${metadata.trim()}}`;
}

/**
 * The event's exact text when parsing rounded one of its numbers, or (with `deep`, for pages) when its payloads are
 * nested too deeply to be sent whole; else undefined.
 */
export function exactText(stored: StoredPayloads, deep: boolean): string | undefined {
  if (roundsNumber(stored) || (deep && nestedDeep(stored))) return textOf(stored);
  return undefined;
}

// A CloudEvent's payload: `data` (a JSON value, or text for other content types), `data_base64` (bytes, 1.0), or
// `data` with `datacontentencoding: base64` (0.3). Decoded where the content type says what the bytes are; kept as
// the base64 text they came in otherwise, never dropped.
import type { Json } from '../../../../shared/model.js';
import { decodePayload, valueText } from '../../event-builder.js';
import type { RecordContext, RecordPlace } from '../types.js';
import { textOf } from './payloads.js';

export interface DecodedData {
  value: Json;
  /** What is unusual about the value and how it is shown, for a finding ("… ; shown as text."). */
  problem?: string;
  /** The finding's kind: undecodable-payload (default) or binary-payload. */
  kind?: string;
  /** Binary data with a binary content type is worth knowing about but is no fault: 'info'. Otherwise 'warning'. */
  severity?: 'info' | 'warning';
}

/** The JSON event format says a missing datacontenttype means application/json. */
export function isJsonContentType(contentType: unknown): boolean {
  if (contentType === undefined || contentType === null) return true;
  if (typeof contentType !== 'string') return false;
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  return media === 'application/json' || media === 'text/json' || media.endsWith('+json');
}

/** Text worth showing has no control characters besides tab and line breaks. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * The bytes of base64 text, only when it is written exactly as base64 writes them (no stray characters, which
 * Node's decoder would skip): two texts that differ are then never read as the same bytes.
 */
export function strictBase64(text: string): Uint8Array | null {
  const compact = text.replace(/[\r\n]/g, '');
  const bytes = Buffer.from(compact, 'base64');
  return bytes.toString('base64') === compact ? new Uint8Array(bytes) : null;
}

function encodedData(record: Record<string, unknown>): unknown {
  if (record.data_base64 !== undefined) return record.data_base64;
  // CloudEvents 0.3: `data` carries the base64 text when datacontentencoding says so.
  return typeof record.datacontentencoding === 'string' && record.datacontentencoding.toLowerCase() === 'base64' ? record.data : undefined;
}

export function cloudEventData(record: Record<string, unknown>): DecodedData {
  const contentType = record.datacontenttype;
  const encoded = encodedData(record);
  if (encoded === undefined) {
    if (record.data === undefined) return { value: null };
    // A JSON value is the payload itself (a JSON object written as a string is parsed, as for any JSON export);
    // for other content types the string is the payload, whatever it looks like.
    if (!isJsonContentType(contentType)) return { value: record.data as Json };
    const decoded = decodePayload(record.data, false);
    return decoded.problem === undefined ? decoded : { value: decoded.value, problem: `${decoded.problem}; shown as text` };
  }
  if (encoded === null) return { value: null };
  const what = record.data_base64 !== undefined ? 'in data_base64' : 'in data (datacontentencoding base64)';
  const bytes = typeof encoded === 'string' ? strictBase64(encoded) : null;
  if (bytes === null) {
    return { value: typeof encoded === 'string' ? encoded : (encoded as Json), problem: `${what} is not base64; shown as written` };
  }
  const text = textOf(bytes);
  const kept = (why: string): DecodedData => ({ value: encoded as string, problem: `${what} ${why}; kept as the base64 text it is`, kind: 'binary-payload', severity: 'info' });
  if (isJsonContentType(contentType)) {
    if (text === null) return { ...kept(`is not UTF-8 text although datacontenttype is ${valueText(contentType ?? 'JSON')}`), severity: 'warning' };
    try {
      return { value: JSON.parse(text) as Json };
    } catch (error) {
      return { value: text, problem: `${what} is not JSON although datacontenttype is ${valueText(contentType ?? 'JSON')} (${(error as Error).message}); shown as text` };
    }
  }
  if (text !== null && !CONTROL.test(text)) return { value: text };
  return kept(`is ${bytes.length} bytes of ${valueText(contentType)}, not text`);
}

/** The payload, with a finding naming the record where it is unusual (kept as base64, not JSON as promised…). */
export function readCloudEventData(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): DecodedData {
  const data = cloudEventData(record);
  if (data.problem !== undefined) {
    context.findings.add({
      severity: data.severity ?? 'warning',
      kind: data.kind ?? 'undecodable-payload',
      place: place.description,
      message: `${context.file} ${place.description}: the data ${data.problem}.`,
    });
  }
  return data;
}

// A CloudEvent's payload: `data` (a JSON value, or text for other content types) or `data_base64` (bytes).
import type { Json } from '../../../../shared/model.js';
import { decodePayload, valueText } from '../../event-builder.js';
import { textOf } from './payloads.js';

export interface DecodedData {
  value: Json;
  /** Why the value is shown as text or a placeholder, for a finding. */
  problem?: string;
  /** A `<N bytes>` placeholder is shown instead of the bytes. */
  placeholder?: boolean;
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

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Text worth showing has no control characters besides tab and line breaks. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

export function cloudEventData(record: Record<string, unknown>): DecodedData {
  const contentType = record.datacontenttype;
  if (record.data !== undefined) {
    // A JSON value is the payload itself (a JSON object written as a string is parsed, as for any JSON export);
    // for other content types the string is the payload, whatever it looks like.
    return isJsonContentType(contentType) ? decodePayload(record.data, false) : { value: record.data as Json };
  }
  const encoded = record.data_base64;
  if (encoded === undefined || encoded === null) return { value: null };
  if (typeof encoded !== 'string' || !BASE64.test(encoded.replace(/\s/g, ''))) {
    return { value: typeof encoded === 'string' ? encoded : JSON.stringify(encoded), problem: 'in data_base64 is not base64' };
  }
  const bytes = new Uint8Array(Buffer.from(encoded, 'base64'));
  const text = textOf(bytes);
  if (isJsonContentType(contentType)) {
    if (text === null) return { value: `<${bytes.length} bytes>`, problem: `in data_base64 is not UTF-8 text although datacontenttype is ${String(contentType ?? 'JSON')}`, placeholder: true };
    try {
      return { value: JSON.parse(text) as Json };
    } catch (error) {
      return { value: text, problem: `in data_base64 is not JSON although datacontenttype is ${String(contentType ?? 'JSON')} (${(error as Error).message})` };
    }
  }
  if (text !== null && !CONTROL.test(text)) return { value: text };
  return { value: `<${bytes.length} bytes>`, problem: `in data_base64 is ${bytes.length} bytes of ${valueText(contentType)}, not text`, placeholder: true, severity: 'info' };
}

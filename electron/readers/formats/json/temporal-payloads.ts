// Temporal payloads printed raw ({"metadata": {"encoding": "<base64>"}, "data": "<base64>"}: the UI's download, or
// the CLI with --no-json-shorthand-payloads) are shown decoded where they hold JSON, as the CLI shows them by default.
// A payload whose metadata says no more than json/plain becomes the value it encodes; any other keeps its shape
// with each part decoded where it is text (the encoding, a messageType, JSON data), and its data as printed where it
// is not JSON (binary/plain, a codec's encrypted bytes): nothing it says is lost.
import { strictBase64 } from './cloudevents-data.js';
import { textOf } from './payloads.js';

const NOT_A_PAYLOAD = Symbol('not a payload');
const JSON_ENCODINGS = new Set(['json/plain', 'json/protobuf']);
/** Text worth showing has no control characters besides tab and line breaks. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text base64 holds, when it is exact base64 of readable UTF-8; else null. */
function base64Text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const bytes = strictBase64(value);
  const text = bytes === null ? null : textOf(bytes);
  return text === null || CONTROL.test(text) ? null : text;
}

function decodedPayload(value: Record<string, unknown>): unknown {
  const metadata = value.metadata;
  if (!isObject(metadata) || typeof metadata.encoding !== 'string') return NOT_A_PAYLOAD;
  const encoding = base64Text(metadata.encoding);
  if (encoding === null) return NOT_A_PAYLOAD;
  const onlyEncoding = Object.keys(metadata).length === 1 && Object.keys(value).every((key) => key === 'metadata' || key === 'data');
  if (encoding === 'binary/null' && onlyEncoding && value.data === undefined) return null;
  let data: unknown = value.data;
  if (JSON_ENCODINGS.has(encoding)) {
    const text = base64Text(value.data);
    if (text === null) return NOT_A_PAYLOAD;
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      return NOT_A_PAYLOAD;
    }
    if (encoding === 'json/plain' && onlyEncoding) return data;
  }
  const readableMetadata = Object.fromEntries(Object.entries(metadata).map(([name, inner]) => [name, base64Text(inner) ?? inner]));
  return { ...value, metadata: readableMetadata, ...(value.data !== undefined && { data }) };
}

/** A copy of the value with every raw payload inside it shown decoded (see above). */
export function readablePayloads(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(readablePayloads);
  if (!isObject(value)) return value;
  const decoded = decodedPayload(value);
  if (decoded !== NOT_A_PAYLOAD) return decoded;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, readablePayloads(inner)]));
}

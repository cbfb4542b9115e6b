// Temporal payloads printed raw ({"metadata": {"encoding": "<base64>"}, "data": "<base64>"}: the UI's download, or
// the CLI with --no-json-shorthand-payloads) are decoded when they hold JSON, as the CLI shows them by default.
import { textOf } from './payloads.js';

const NOT_A_PAYLOAD = Symbol('not a payload');
const JSON_ENCODINGS = new Set(['json/plain', 'json/protobuf']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function base64Text(value: unknown): string | null {
  return typeof value === 'string' ? textOf(new Uint8Array(Buffer.from(value, 'base64'))) : null;
}

function decodedPayload(value: Record<string, unknown>): unknown {
  const metadata = value.metadata;
  if (!isObject(metadata) || typeof metadata.encoding !== 'string') return NOT_A_PAYLOAD;
  const encoding = base64Text(metadata.encoding);
  if (encoding === 'binary/null') return null;
  // Anything else (binary/plain, a codec's encrypted payload) stays as printed: there is nothing readable to show.
  if (encoding === null || !JSON_ENCODINGS.has(encoding)) return NOT_A_PAYLOAD;
  const text = base64Text(value.data);
  if (text === null) return NOT_A_PAYLOAD;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_A_PAYLOAD;
  }
}

/** A copy of the value with every raw JSON payload inside it replaced by the value it encodes. */
export function readablePayloads(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(readablePayloads);
  if (!isObject(value)) return value;
  const decoded = decodedPayload(value);
  if (decoded !== NOT_A_PAYLOAD) return decoded;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, readablePayloads(inner)]));
}

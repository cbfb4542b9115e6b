// Payloads as a live store holds them, made JSON: jsonb arrives as its text; bytea is decoded the way the store's
// client writes it (eventsourcing's JSON state, Rails Event Store's YAML or JSON, Commanded's JSON bytes).
import type { Json } from '../../shared/model.js';
import { attributes } from '../readers/formats/sqlite/eventsourcing-python.js';
import { decodeState, unwrapTranscodings } from '../readers/formats/sqlite/eventsourcing-python-state.js';
import { decodeRubyPayload } from '../readers/formats/sqlite/ruby-payload.js';
import { normalizeTime } from '../readers/time.js';
import type { PgLayout } from './pg-layouts.js';

export interface Payloads {
  data: Json;
  metadata: Json;
  /** A time the payload carries, for stores with no time column (eventsourcing). */
  time?: string | null;
  /** Why a payload is shown as text rather than read. */
  problem?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodePayloads(layout: PgLayout, data: unknown, metadata: unknown): Payloads {
  if (layout.payloads === 'jsonb') return { data: jsonText(data), metadata: jsonText(metadata) };
  if (layout.id === 'eventsourcing-python') {
    const decoded = decodeState(data, null);
    if (!decoded.ok) return { data: bytesText(data), metadata: null, problem: decoded.problem.text };
    return { data: attributes(decoded.state), metadata: null, time: normalizeTime(unwrapTranscodings(decoded.state.timestamp ?? null)) };
  }
  if (layout.id === 'rails-event-store') return { data: decodeRubyPayload(data).value, metadata: decodeRubyPayload(metadata).value };
  return { data: jsonBytes(data), metadata: jsonBytes(metadata) };
}

function jsonText(value: unknown): Json {
  return typeof value === 'string' ? (JSON.parse(value) as Json) : null;
}

/** Bytes holding JSON as UTF-8 (Commanded's JsonSerializer), else their text, else base64 (Erlang terms). */
function jsonBytes(value: unknown): Json {
  if (!(value instanceof Uint8Array)) return null;
  const text = bytesText(value);
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function bytesText(value: unknown): string {
  if (!(value instanceof Uint8Array)) return String(value);
  try {
    return utf8.decode(value);
  } catch {
    return `base64:${Buffer.from(value).toString('base64')}`;
  }
}

// Payloads as exports carry them: JSON values, JSON written inside strings, or PostgreSQL bytea written as hex.
import type { Json } from '../../../../shared/model.js';
import { decodePayload } from '../../event-builder.js';
import type { RecordContext, RecordPlace } from '../types.js';

/** PostgreSQL prints bytea as "\x" and hex pairs; JSON exports of bytea columns (Commanded, Axon) carry that text. */
const BYTEA_HEX = /^\\x((?:[0-9a-fA-F]{2})*)$/;

export function fromBytea(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const hex = BYTEA_HEX.exec(value);
  return hex ? new Uint8Array(Buffer.from(hex[1]!, 'hex')) : value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text a value holds (a string, or bytes that are UTF-8), else null. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) {
    try {
      return utf8.decode(value);
    } catch {
      return null;
    }
  }
  return null;
}

/** A payload problem, worded like the builder's own so findings read alike whichever layout found them. */
export function reportPayload(problem: string, field: string, place: RecordPlace, context: RecordContext): void {
  context.findings.add({
    severity: 'warning',
    kind: 'undecodable-payload',
    place: place.description,
    message: `${context.file} ${place.description}: the ${field} ${problem}; shown as text.`,
  });
}

/**
 * Decodes a stored value as the builder does. `serialized` is for columns that hold JSON text of any value (a
 * payload column exported as text: "42" is the number); otherwise only an object or array written as text is parsed.
 */
export function readPayload(value: unknown, field: string, place: RecordPlace, context: RecordContext, serialized = false): Json {
  const decoded = decodePayload(fromBytea(value), serialized);
  if (decoded.problem !== undefined) reportPayload(decoded.problem, field, place, context);
  return decoded.value;
}

/**
 * Parses a string the store says holds JSON (EventStoreDB's data and metaData). Unlike readPayload, any text that
 * is not JSON is a finding, because the store promised JSON; an empty string is an empty payload.
 */
export function readJsonText(value: unknown, field: string, place: RecordPlace, context: RecordContext): Json {
  if (typeof value !== 'string') return (value ?? null) as Json;
  if (value.trim() === '') return null;
  try {
    return JSON.parse(value) as Json;
  } catch (error) {
    reportPayload(`is marked as JSON but is not (${(error as Error).message})`, field, place, context);
    return value;
  }
}

// NEventStore's JSON serializer (NEventStore.Serialization.Json, Newtonsoft): UTF-8 with a byte-order mark,
// "$type" members naming .NET types, "$values" wrapping typed collections.
import type { Json } from '../../../../shared/model.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON in a Payload or Headers blob, or null when it is not JSON (the binary or BSON serializers). */
export function parseNetJson(value: unknown): Json | undefined {
  if (value === null || value === undefined) return null;
  try {
    // TextDecoder drops the byte-order mark StreamWriter(Encoding.UTF8) writes first.
    const text = value instanceof Uint8Array ? utf8.decode(value) : String(value);
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/** "Bank.Events.Deposited, Bank, Version=1.0.0.0" → "Bank.Events.Deposited": the type without its assembly. */
export function typeName(assemblyQualified: string): string {
  let depth = 0;
  for (let i = 0; i < assemblyQualified.length; i += 1) {
    const c = assemblyQualified[i];
    if (c === '[') depth += 1;
    else if (c === ']') depth -= 1;
    else if (c === ',' && depth === 0) return assemblyQualified.slice(0, i).trim();
  }
  return assemblyQualified.trim();
}

/**
 * Newtonsoft's type annotations removed: what the application wrote, as plain JSON. The names removed go to
 * `typeNames` in document order, for the event to keep beside (a changed type name is a changed event).
 */
export function withoutTypeNames(value: Json, typeNames: Json[] = []): Json {
  if (Array.isArray(value)) return value.map((item) => withoutTypeNames(item, typeNames));
  if (value === null || typeof value !== 'object') return value;
  if ('$type' in value) typeNames.push(value.$type!);
  // A typed collection is its $values; any other member beside them stays, under its own name.
  if ('$values' in value && Array.isArray(value.$values) && Object.keys(value).every((key) => key === '$type' || key === '$values')) {
    return withoutTypeNames(value.$values, typeNames);
  }
  const entries = Object.entries(value).filter(([key]) => key !== '$type');
  return Object.fromEntries(entries.map(([key, v]) => [key, withoutTypeNames(v, typeNames)]));
}

/** A .NET Guid stored as 16 bytes (Guid.ToByteArray: the first three groups little-endian) as its usual text. */
export function guidText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (!(value instanceof Uint8Array) || value.length !== 16) return String(value);
  const hex = (from: number, to: number, reverse: boolean) => {
    const bytes = [...value.subarray(from, to)];
    return (reverse ? bytes.reverse() : bytes).map((b) => b.toString(16).padStart(2, '0')).join('');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

const UNIX_EPOCH_TICKS = 621_355_968_000_000_000;

/** A DateTime stored as .NET ticks (the provider's Ticks format) → ISO; text forms pass through to the builder. */
export function commitTime(value: unknown): unknown {
  const ticks = typeof value === 'bigint' ? Number(value) : value;
  if (typeof ticks !== 'number' || !(ticks > 1e17)) return value;
  // Ticks past the last date JavaScript can show (a REAL, or a damaged column) stay as stored: the builder reports them.
  const date = new Date((ticks - UNIX_EPOCH_TICKS) / 10_000);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

// A store's columns that no role reads (Emmett's partition and is_archived, a generic table's own columns) still
// belong to the event: each layout's SELECT gathers them into one JSON object, selected as `extra`, which becomes the
// event's `extra` (shown with the event, and part of its digest), in place and imported alike. The position column is
// not among them: it is the event's position, which the digest leaves out on purpose (stores number their events
// apart, and one history copied from one store to another is still the same events).
import type { Json } from '../../../../shared/model.js';
import { quote } from '../../sqlite-open.js';
import type { Tables } from '../types.js';

/** json_object takes at most 1000 arguments in SQLite: columns go in chunks of this many. */
const CHUNK = 400;

/**
 * One column's value as JSON keeps it exactly: a BLOB as `{"blob": "<hex>"}` (JSON has no bytes, and no column holds
 * an object, so it cannot be mistaken for text), an integer past 2^53 and a non-finite real as text (JavaScript would
 * round or refuse them). SQLite writes other reals with as many digits as they need to read back the same.
 */
function valueAsJson(column: string): string {
  return `CASE typeof(${column})
    WHEN 'blob' THEN json_object('blob', hex(${column}))
    WHEN 'integer' THEN CASE WHEN ${column} BETWEEN -9007199254740991 AND 9007199254740991 THEN ${column} ELSE CAST(${column} AS TEXT) END
    WHEN 'real' THEN CASE WHEN abs(${column}) <= 1.7976931348623157e308 THEN ${column} ELSE CAST(${column} AS TEXT) END
    ELSE ${column} END`;
}

const keyText = (name: string) => `'${name.replace(/'/g, "''")}'`;

/** An object member list without its braces: `{"a":1}` → `"a":1`. */
const members = (object: string) => `substr(${object}, 2, length(${object}) - 2)`;

export interface OtherColumn {
  /** The member name in `extra`. */
  name: string;
  /** The column as a SELECT reads it (`m."partition"`). */
  column: string;
}

/** A SQL expression for the JSON object of these columns (NULL when there are none). */
export function otherColumnsObject(columns: readonly OtherColumn[]): string {
  if (columns.length === 0) return 'NULL';
  const chunks: string[] = [];
  for (let at = 0; at < columns.length; at += CHUNK) {
    chunks.push(`json_object(${columns.slice(at, at + CHUNK).map(({ name, column }) => `${keyText(name)}, ${valueAsJson(column)}`).join(', ')})`);
  }
  if (chunks.length === 1) return chunks[0]!;
  return `'{' || ${chunks.map(members).join(" || ',' || ")} || '}'`;
}

/**
 * The columns of `table` not in `used` (compared the loose way stores spell them), named as declared, read through
 * `alias` when the SELECT gives the table one. `prefix` names members of a second table apart ("links.created_at").
 */
export function otherColumns(tables: Tables, table: string, used: readonly string[], alias?: string, prefix = ''): OtherColumn[] {
  const taken = new Set(used.map((name) => name.toLowerCase()));
  return (tables.get(table) ?? [])
    .filter((name) => !taken.has(name.toLowerCase()))
    .map((name) => ({ name: prefix + name, column: alias === undefined ? quote(name) : `${alias}.${quote(name)}` }));
}

/**
 * The object, with the time column as stored when the time shown (milliseconds) cannot give it back: text with
 * finer fractions (microseconds) or that is no date at all (shown as no time), an integer count of microseconds or
 * nanoseconds, a real, bytes. Other times add nothing.
 */
export function withFinerTime(object: string, time: OtherColumn): string {
  // A JSON path names the member; a column name it cannot spell plainly is left to the time shown.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(time.name)) return object;
  const t = time.column;
  const finer =
    `(typeof(${t}) = 'text' AND (${t} GLOB '*[.,][0-9][0-9][0-9][0-9]*' OR (julianday(${t}) IS NULL AND ${t} GLOB '*[^0-9.]*'))) ` +
    `OR typeof(${t}) IN ('real', 'blob') ` +
    // Compared both ways, not with abs(): abs() of the least 64-bit integer is an overflow error in SQLite.
    `OR (typeof(${t}) = 'integer' AND (${t} >= 100000000000000 OR ${t} <= -100000000000000) AND ${t} % 1000 <> 0)`;
  return `CASE WHEN ${finer} THEN json_set(COALESCE(${object}, '{}'), '$.${time.name}', ${valueAsJson(t)}) ELSE ${object} END`;
}

/**
 * `extra` with the stored version beside it when that is no whole number (text, bytes, a fraction): the event's
 * version is then counted, and the value the store holds would be lost. Over the `version` and `extra` columns of a
 * layout's SELECT, for a store read in place; withStoredVersion says the same for one read through its layout.
 */
export function storedVersionSql(version: string, extra: string): string {
  const whole =
    `(typeof(${version}) IN ('integer', 'null') OR (typeof(${version}) = 'real' AND ${version} = CAST(${version} AS INTEGER)) ` +
    `OR (typeof(${version}) = 'text' AND trim(${version}) GLOB '[0-9-]*' AND ltrim(trim(${version}), '-') <> '' ` +
    `AND ltrim(trim(${version}), '-') NOT GLOB '*[^0-9]*' AND trim(${version}) NOT GLOB '?*-*'))`;
  return `CASE WHEN ${whole} THEN ${extra} ELSE json_set(COALESCE(${extra}, '{}'), '$.version', ${valueAsJson(version)}) END`;
}

const wholeNumber = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value.trim()));

/** The event's other fields, with its version as stored when that is no whole number (see storedVersionSql). */
export function withStoredVersion(extra: { [name: string]: Json } | undefined, version: unknown): { [name: string]: Json } | undefined {
  if (wholeNumber(version)) return extra;
  const stored: Json = version instanceof Uint8Array ? { blob: Buffer.from(version).toString('hex').toUpperCase() } : typeof version === 'bigint' ? String(version) : (version as Json);
  return { ...extra, version: stored };
}

/** `extra` as selected, back to the event's member; undefined when the row has none. */
export function extraOf(selected: unknown): { [name: string]: Json } | undefined {
  if (typeof selected !== 'string') return undefined;
  const parsed = JSON.parse(selected) as { [name: string]: Json };
  return Object.keys(parsed).length === 0 ? undefined : parsed;
}

// Any other table of events, read live through the user's map (`--map`, Map columns…): which column is the stream,
// the type, the payload and the global order. As for a file (generic-sqlite.ts), a part left unnamed is the column
// found by its common name (field-names.ts) and the map always wins. Every name and type is checked against the
// catalog here, before any query runs, so a mistake is said in words naming the column, not as an SQL error.
import { JournalError } from '../../shared/contract.js';
import type { Finding } from '../../shared/model.js';
import { assignRoles } from '../readers/field-names.js';
import type { Role } from '../readers/field-names.js';
import type { ColumnMap } from '../readers/formats/types.js';
import { ident } from './pg-layouts.js';
import type { PgLayout, PgTable } from './pg-layouts.js';
import type { PgSession } from './pg-session.js';

/** The format id of a mapped table (`eventlens info --json`). */
export const MAPPED_FORMAT = 'postgres-table';

const INTEGER = /^(smallint|integer|bigint)$/;
const JSON_TYPE = /^jsonb?$/;
const TEXT = /^(text|character varying(\(\d+\))?|character(\(\d+\))?|citext|name)$/;
const WITH_ZONE = /^timestamp(\(\d\))? with time zone$/;
const WITHOUT_ZONE = /^timestamp(\(\d\))? without time zone$/;
const EPOCH = /^(smallint|integer|bigint|numeric(\(\d+(,\d+)?\))?|double precision|real)$/;

/** The roles a map names columns for, in the order messages speak of them. */
type MapRole = Exclude<keyof ColumnMap, 'table'>;
const REQUIRED: readonly MapRole[] = ['stream', 'type', 'data', 'position'];

/** Columns listed at most in a message, and tables at most in a list of candidates. */
const COLUMNS_SHOWN = 20;
const TABLES_SHOWN = 8;

export const qualified = (table: PgTable) => `${table.schema}.${table.name}`;

/** "id bigint, aggregate_id text, …": a table's columns with their types, for messages. */
function columnsOf(table: PgTable): string {
  const all = [...table.columns].map(([name, type]) => `${name} ${type}`);
  return all.length > COLUMNS_SHOWN ? `${all.slice(0, COLUMNS_SHOWN).join(', ')} and ${all.length - COLUMNS_SHOWN} more` : all.join(', ');
}

/** Tables most like an events table first (the most parts found by their names), leaving out those with none. */
export function likelyTables(tables: readonly PgTable[]): PgTable[] {
  return tables
    .map((table) => ({ table, found: Object.keys(assignRoles([...table.columns.keys()])).length }))
    .filter(({ table, found }) => table.columns.size >= 3 && found > 0)
    .sort((a, b) => b.found - a.found || (qualified(a.table) < qualified(b.table) ? -1 : 1))
    .map(({ table }) => table);
}

/** "app.events(id, aggregate_id, seq, kind, body, at); …": the likely tables, for a message; "" when there is none. */
export function candidateTables(tables: readonly PgTable[]): string {
  const likely = likelyTables(tables);
  const shown = likely.slice(0, TABLES_SHOWN).map((table) => {
    const names = [...table.columns.keys()];
    return `${qualified(table)}(${names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ')})`;
  });
  if (likely.length > TABLES_SHOWN) shown.push(`${likely.length - TABLES_SHOWN} more`);
  return shown.join('; ');
}

function refusal(message: string): JournalError {
  return new JournalError('bad-request', message);
}

/** The table `table=` names (`name` or `schema.name`), or the one table holding every column the map names. */
function chooseTable(map: ColumnMap, tables: readonly PgTable[], where: string): PgTable {
  const candidates = candidateTables(tables);
  const seen = candidates === '' ? `No table ${where} has columns like an event's.` : `Tables that could hold events: ${candidates}.`;
  const columns = Object.entries(map).filter(([role]) => role !== 'table').map(([, column]) => column);
  const hasColumns = (table: PgTable) => columns.every((column) => table.columns.has(column));
  if (map.table !== undefined) {
    const named = map.table;
    const exact = tables.filter((table) => qualified(table) === named);
    const byName = exact.length > 0 ? exact : tables.filter((table) => table.name === named);
    // A name in several schemas is the one table there with the columns named, if only one has them.
    const fitting = byName.length > 1 ? byName.filter(hasColumns) : byName;
    if (fitting.length === 1) return fitting[0]!;
    if (byName.length > 1) throw refusal(`table=${named}: there is a table ${named} in schemas ${byName.map((t) => t.schema).join(', ')}; write table=SCHEMA.${named}.`);
    throw refusal(`table=${named}: there is no table or view ${JSON.stringify(named)} ${where}. ${seen}`);
  }
  const fitting = tables.filter(hasColumns);
  if (fitting.length === 1) return fitting[0]!;
  if (fitting.length > 1) {
    throw refusal(`Several tables have the columns named (${fitting.slice(0, TABLES_SHOWN).map(qualified).join(', ')}): name one with table=SCHEMA.NAME.`);
  }
  throw refusal(`No table ${where} has every column named (${columns.join(', ')}): name the table with table=SCHEMA.NAME. ${seen}`);
}

/** What each role's column may be, in words for messages; a role not here (stream, type, id) may be any type. */
const TYPES: Partial<Record<Role, { fits: (type: string) => boolean; words: string }>> = {
  position: { fits: (type) => INTEGER.test(type), words: 'an integer (smallint, integer or bigint)' },
  version: { fits: (type) => INTEGER.test(type), words: 'an integer (smallint, integer or bigint)' },
  data: { fits: isPayload, words: 'jsonb, json, text or bytea' },
  metadata: { fits: isPayload, words: 'jsonb, json, text or bytea' },
  time: { fits: isTime, words: 'a timestamp (with or without time zone), a date or an epoch number (seconds, ms or µs)' },
};

function isPayload(type: string): boolean {
  return JSON_TYPE.test(type) || TEXT.test(type) || type === 'bytea';
}

function isTime(type: string): boolean {
  return WITH_ZONE.test(type) || WITHOUT_ZONE.test(type) || type === 'date' || EPOCH.test(type);
}

/**
 * Each role's column: the map's, else the column found by its name that the map gives no other role. A column named
 * for a role its type cannot play is refused; one found by name is then passed over (or refused, for a part every
 * event needs).
 */
function chooseColumns(map: ColumnMap, table: PgTable): Partial<Record<Role, string>> {
  const named = Object.entries(map).filter(([role]) => role !== 'table') as [MapRole, string][];
  for (const [role, column] of named) {
    if (!table.columns.has(column)) throw refusal(`${role}=${column}: ${qualified(table)} has no column ${JSON.stringify(column)} (its columns: ${columnsOf(table)}).`);
  }
  const given = new Map<Role, string>(named);
  const taken = new Set(given.values());
  const roles: Partial<Record<Role, string>> = {};
  for (const [role, column] of Object.entries(assignRoles([...table.columns.keys()])) as [Role, string][]) {
    if (!taken.has(column)) roles[role] = column;
  }
  for (const [role, column] of given) roles[role] = column;
  for (const [role, column] of Object.entries(roles) as [Role, string][]) {
    const type = table.columns.get(column)!;
    const rule = TYPES[role];
    if (rule === undefined || rule.fits(type)) continue;
    const found = given.has(role) ? '' : ' (found by its name)';
    if (!given.has(role) && !(REQUIRED as readonly string[]).includes(role)) {
      delete roles[role];
      continue;
    }
    throw refusal(`${role}=${column}${found}: the column ${JSON.stringify(column)} of ${qualified(table)} is ${type}; the ${role} must be ${rule.words}.`);
  }
  for (const role of REQUIRED) {
    if (roles[role] !== undefined) continue;
    if (role === 'position') {
      const integers = [...table.columns].filter(([, type]) => INTEGER.test(type)).map(([name, type]) => `${name} ${type}`);
      throw refusal(
        `${qualified(table)}: name the column giving the events' global order with position=COLUMN, a unique integer that grows ` +
          `as events are written (a bigserial or identity key)${integers.length ? `; its integer columns: ${integers.join(', ')}` : '; it has no integer column'}.`,
      );
    }
    throw refusal(`${qualified(table)}: no column was named for the ${role}, and none is found by its name: name it with ${role}=COLUMN (its columns: ${columnsOf(table)}).`);
  }
  return roles;
}

/** A time column as timestamptz: a zoneless one read as UTC, an epoch number as seconds, ms or µs (as readers/time.ts). */
function timeOf(column: string, type: string): string {
  if (WITH_ZONE.test(type)) return column;
  if (WITHOUT_ZONE.test(type)) return `(${column} AT TIME ZONE 'UTC')`;
  if (type === 'date') return `(${column}::timestamp AT TIME ZONE 'UTC')`;
  const n = `${column}::float8`;
  return `(CASE WHEN abs(${n}) < 1e11 THEN to_timestamp(${n}) WHEN abs(${n}) < 1e14 THEN to_timestamp(${n} / 1e3) ELSE to_timestamp(${n} / 1e6) END)`;
}

/** A mapped table's layout, with the column its global order is read from. */
export interface MappedLayout extends PgLayout {
  positionColumn: string;
}

/**
 * The events relation (pg-layouts.ts) of the table the map names. `where` says where tables were looked for, in
 * messages ("in postgres://…/app", "in schema app of …").
 */
export function mappedLayout(map: ColumnMap, tables: readonly PgTable[], where: string): MappedLayout {
  const table = chooseTable(map, tables, where);
  const roles = chooseColumns(map, table);
  const col = (role: Role) => `e.${ident(roles[role]!)}`;
  const typeOf = (role: Role) => (roles[role] === undefined ? undefined : table.columns.get(roles[role])!);
  const [dataType, metadataType, timeType] = [typeOf('data')!, typeOf('metadata'), typeOf('time')];

  // JSON on both sides is queried as jsonb on the server; any text or bytes make both bytes, decoded here (JSON when
  // they hold it, else their text), so a payload that is not JSON never fails a query.
  const payloads = JSON_TYPE.test(dataType) && (metadataType === undefined || JSON_TYPE.test(metadataType)) ? 'jsonb' : 'bytea';
  const payload = (role: Role, type: string | undefined) => {
    if (type === undefined) return `NULL::${payloads}`;
    if (payloads === 'jsonb') return type === 'jsonb' ? col(role) : `${col(role)}::jsonb`;
    if (type === 'bytea') return col(role);
    return `convert_to(${col(role)}::text, 'UTF8')`;
  };
  const asText = (role: Role) => (TEXT.test(typeOf(role)!) ? col(role) : `${col(role)}::text`);
  const stream = asText('stream');
  // A uuid stream column is compared as itself by a stream filter, so an index on it serves (PgLayout.streamKey).
  const uuidKeys = typeOf('stream') === 'uuid';
  const position = col('position');
  // With no version column, versions are counted per stream in position order: every query then numbers the table.
  const version = roles.version !== undefined ? col('version') : `row_number() OVER (PARTITION BY ${stream} ORDER BY ${position})`;
  const time = timeType === undefined ? 'NULL::timestamptz' : timeOf(col('time'), timeType);
  // A zoneless time column is compared as itself by a time range, so an index on it serves (PgLayout.timeKey).
  const wallTimes = timeType !== undefined && WITHOUT_ZONE.test(timeType);
  const id = roles.id !== undefined ? `${col('id')}::text` : 'NULL::text';
  const from = `${ident(table.schema)}.${ident(table.name)}`;

  const place = qualified(table);
  const findings: Finding[] = [];
  if (roles.version === undefined) {
    findings.push({
      severity: 'info',
      kind: 'versions-counted',
      place,
      message: `No version column is named: each stream's events are numbered 1, 2, … in position order, which makes every query number the whole table. Name one with version=COLUMN if ${table.name} has it.`,
    });
  }
  if (timeType !== undefined && (WITHOUT_ZONE.test(timeType) || timeType === 'date')) {
    findings.push({ severity: 'info', kind: 'time-read-as-utc', place, message: `${roles.time} is ${timeType}, with no time zone: its times are read as UTC.` });
  }
  return {
    id: MAPPED_FORMAT,
    title: `Table ${table.name} (columns mapped)`,
    schema: table.schema,
    // Rows with no position or stream are no events: a page could not be found again, nor a stream listed.
    relation: `SELECT ${position} AS position, ${stream} AS stream, ${version} AS version, coalesce(${asText('type')}, '') AS type,
      ${time} AS time, ${payload('data', dataType)} AS data, ${payload('metadata', metadataType)} AS metadata, ${id} AS id${uuidKeys ? `, ${col('stream')} AS stream_key` : ''}${wallTimes ? `, ${col('time')} AS time_key` : ''}
      FROM ${from} e WHERE ${position} IS NOT NULL AND ${stream} IS NOT NULL`,
    ...(uuidKeys && { streamKey: 'uuid' as const }),
    ...(wallTimes && { timeKey: 'utc-wall' as const }),
    payloads,
    parts: [],
    firstVersion: 1,
    tables: [table.name],
    head: `SELECT max(${position}) FROM ${from} e`,
    findings,
    positionColumn: roles.position!,
  };
}

/**
 * The mapped layout, and a warning when nothing keeps its positions unique: events are paged by position, so two
 * sharing one could be skipped or shown twice (the audit counts such duplicates too).
 */
export async function readMappedLayout(session: PgSession, map: ColumnMap, tables: readonly PgTable[], where: string): Promise<PgLayout> {
  const layout = mappedLayout(map, tables, where);
  const [table] = layout.tables as [string];
  const unique = await session.rows(
    `SELECT 1 FROM pg_catalog.pg_index i
     JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3 AND i.indisunique AND i.indnkeyatts = 1 AND i.indpred IS NULL
     LIMIT 1`,
    [layout.schema, table, layout.positionColumn],
  );
  if (unique.length === 0) {
    layout.findings!.push({
      severity: 'warning',
      kind: 'position-not-unique',
      place: `${layout.schema}.${table}`,
      message:
        `No unique index keeps ${layout.positionColumn} unique: events are paged by position, so two that share one may be skipped or shown twice, ` +
        `and each page is slower without an index. Name a unique column (a bigserial or identity key) with position=COLUMN.`,
    });
  }
  return layout;
}

// The Events filters (stream, category, types, time range, payload text, a field condition) as SQL over the events
// relation of a live store (pg-layouts.ts), with numbered parameters: nothing typed by a user is ever spliced in.
import { parseCondition } from '../../shared/condition.js';
import type { Condition } from '../../shared/condition.js';
import type { EventFilter } from '../store/journal-store.js';

/** A WHERE clause being built, and its parameters ($1, $2, … in order). */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(values: readonly unknown[] = []) {
    this.values.push(...values);
  }

  /** The placeholder of a new parameter. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One stream, by its name as shown. Where the store keys streams by uuid (PgLayout.streamKey) the raw column is
 * compared, so its index serves the read; a name that is no uuid's text form names no stream there.
 */
export function streamClause(stream: string, params: SqlParams, streamKey?: 'uuid'): string {
  if (streamKey !== 'uuid') return `stream = ${params.add(stream)}`;
  return UUID.test(stream) ? `stream_key = ${params.add(stream)}::uuid` : 'false';
}

/**
 * One bound of a time range (`placeholder` an ISO instant). Where the store keeps UTC wall-clock times without a zone
 * (PgLayout.timeKey) the raw column is compared with the bound in that form, so its index serves the range: the two
 * agree, as UTC has no shifts.
 */
export function timeBound(operator: '>=' | '<', placeholder: string, timeKey?: 'utc-wall'): string {
  if (timeKey === 'utc-wall') return `time_key ${operator} (${placeholder}::timestamptz AT TIME ZONE 'UTC')`;
  return `time ${operator} ${placeholder}::timestamptz`;
}

/** A filter with its values, as a key: the same filter asked again (its next page) finds what was found for it. */
export function filterKey(filter: Omit<EventFilter, 'types' | 'at'> & { types?: readonly string[] | undefined }): string {
  const { stream, category, types, from, to, text, where } = filter;
  return JSON.stringify([stream ?? null, category ?? null, types ?? [], from ?? null, to ?? null, text?.trim() ?? '', where ?? null]);
}

/** How a store's relation lets its own indexes serve a filter (PgLayout.streamKey and timeKey). */
export interface FilterKeys {
  streamKey?: 'uuid' | undefined;
  timeKey?: 'utc-wall' | undefined;
}

/**
 * The clauses of a filter, joined by AND ("" when it filters nothing). `matched`: for payloads only this process can
 * read (bytea), the positions meeting the filter's condition, found beforehand (PgJournalStore.prepare).
 */
export function filterSql(query: EventFilter, params: SqlParams, payloads: 'jsonb' | 'bytea', matched: readonly string[] | null = null, keys: FilterKeys = {}): string {
  const { streamKey, timeKey } = keys;
  const clauses: string[] = [];
  if (query.stream !== undefined) clauses.push(streamClause(query.stream, params, streamKey));
  // starts_with, not a range: the database's collation need not sort "account-…" between "account-" and "account.".
  if (query.category !== undefined) clauses.push(`starts_with(stream, ${params.add(`${query.category}-`)})`);
  if (query.types && query.types.length > 0) clauses.push(`type = ANY(${params.add(query.types)}::text[])`);
  if (query.from !== undefined) clauses.push(timeBound('>=', params.add(new Date(Date.parse(query.from)).toISOString()), timeKey));
  if (query.to !== undefined) clauses.push(timeBound('<', params.add(new Date(Date.parse(query.to)).toISOString()), timeKey));
  const needle = query.text?.trim().toLowerCase();
  if (needle) clauses.push(`strpos(lower(${payloadText(payloads)}), ${params.add(needle)}) > 0`);
  if (query.where !== undefined) {
    if (payloads === 'jsonb') clauses.push(conditionSql(parseCondition(query.where), params));
    else if (matched !== null) clauses.push(`position = ANY(${params.add(matched)}::bigint[])`);
    else throw new Error(`a condition on payloads stored as bytes needs its matches found first: ${query.where}`);
  }
  return clauses.join(' AND ');
}

/** Data and metadata as one text to search in. */
function payloadText(payloads: 'jsonb' | 'bytea'): string {
  if (payloads === 'jsonb') return `coalesce(data::text, '') || chr(1) || coalesce(metadata::text, '')`;
  // Bytes as text where they are UTF-8; other bytes stay escaped (never an error for a payload that is not text).
  return `coalesce(encode(data, 'escape'), '') || chr(1) || coalesce(encode(metadata, 'escape'), '')`;
}

/** A decimal number as JavaScript's Number() reads one written in text (the rest compare as text). */
const NUMERIC_TEXT = String.raw`^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$`;

/**
 * shared/condition.ts meetsCondition as SQL over jsonb: a missing field meets only "!="; numbers (also numbers
 * written as text) compare as numbers, other text as text in code point order; "~" is a case-blind substring.
 */
export function conditionSql(condition: Condition, params: SqlParams): string {
  const found = `(${condition.root} #> ${params.add(condition.path.map(String))}::text[])`;
  const asText = `(${found} #>> '{}')`;
  const isNumber = `jsonb_typeof(${found}) = 'number'`;
  const numericText = `(jsonb_typeof(${found}) = 'string' AND ${asText} ~ '${NUMERIC_TEXT}')`;
  const { operator, value } = condition;
  const valueIsNumber = typeof value === 'number' || (typeof value === 'string' && new RegExp(NUMERIC_TEXT).test(value));
  if (operator === '=' || operator === '!=') {
    let same: string;
    if (valueIsNumber) {
      const number = params.add(String(Number(value)));
      same = numericCompare(isNumber, numericText, asText, '=', number);
      if (typeof value === 'string') same = `(${same} OR ${found} = to_jsonb(${params.add(value)}::text))`;
    } else {
      same = `(${found} = ${params.add(JSON.stringify(value))}::jsonb)`;
    }
    return operator === '=' ? `coalesce(${same}, false)` : `(${found} IS NULL OR NOT coalesce(${same}, false))`;
  }
  if (operator === '~') {
    const text = `CASE WHEN jsonb_typeof(${found}) = 'string' THEN ${asText} ELSE ${found}::text END`;
    return `coalesce(strpos(lower(${text}), ${params.add(String(value).toLowerCase())}) > 0, false)`;
  }
  if (typeof value !== 'number' && typeof value !== 'string') return 'false';
  const comparable = `(${isNumber} OR jsonb_typeof(${found}) = 'string')`;
  if (valueIsNumber) {
    const number = params.add(String(Number(value)));
    const numeric = numericCompare(isNumber, numericText, asText, operator, number);
    // A field that is text but no number is compared with the value as text.
    const textual = `(jsonb_typeof(${found}) = 'string' AND NOT ${numericText} AND ${asText} COLLATE "C" ${operator} ${params.add(String(value))} COLLATE "C")`;
    return `coalesce(${comparable} AND (${numeric} OR ${textual}), false)`;
  }
  return `coalesce(${comparable} AND ${asText} COLLATE "C" ${operator} ${params.add(value)} COLLATE "C", false)`;
}

/** A number comparison, cast only where the field is a number (CASE: SQL does not promise to evaluate AND in order). */
function numericCompare(isNumber: string, numericText: string, asText: string, operator: string, number: string): string {
  return `(CASE WHEN ${isNumber} OR ${numericText} THEN ${asText}::numeric ${operator} ${number}::numeric ELSE false END)`;
}

// Counting what the first records of a journal hold: each field with how often it has a value and one example, the
// first few records for a preview, and which field Eventlens would pick for each part by its name.
import type { SampledField, SampledSource } from '../../../shared/model.js';
import { columnMap } from '../../../shared/requests.js';
import { assignRoles } from '../field-names.js';

/** Records looked at: enough to see the fields every event has, few enough to answer at once. */
export const SAMPLE_RECORDS = 200;
/** Records kept whole for the preview. */
export const PREVIEW_RECORDS = 5;
/** Fields listed at most: a record with thousands of members is no event layout anyone maps by hand. */
export const MAX_FIELDS = 200;
/** An example's length at most, in characters. */
const EXAMPLE_CHARS = 80;
/** A name longer than the API's map takes cannot be chosen, so it is not offered. */
const MAX_NAME = 256;
/** The parts a map names (shared/requests.ts), not the table. */
const MAP_ROLES = Object.keys(columnMap.shape).filter((role) => role !== 'table');

/** A value as short, inert text: strings as they are, numbers and booleans as written, objects as cut JSON. */
export function shortText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cut(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return cut(JSON.stringify(value) ?? String(value));
  } catch {
    // Nested too deeply to write out: said by its kind.
    return Array.isArray(value) ? '[…]' : '{…}';
  }
}

function cut(text: string): string {
  const chars = [...text.slice(0, EXAMPLE_CHARS * 2)];
  return chars.length > EXAMPLE_CHARS ? `${chars.slice(0, EXAMPLE_CHARS - 1).join('')}…` : chars.join('');
}

export class FieldTally {
  private readonly fields = new Map<string, { count: number; example: string | null }>();
  private readonly rows: { [field: string]: string | null }[] = [];
  records = 0;
  /** Some names were left out: past MAX_FIELDS, or too long to map. */
  leftOut = false;

  /** `order` lists a SQLite table's columns in the table's order, so they are offered that way even when empty. */
  constructor(order: readonly string[] = []) {
    for (const name of order) this.known(name);
  }

  /** One record: its members (or a row's columns) and their values. */
  add(record: Record<string, unknown>): void {
    this.records += 1;
    const row: [string, string | null][] = [];
    for (const [name, value] of Object.entries(record)) {
      const field = this.known(name);
      if (field === null) continue;
      const text = shortText(value);
      if (text !== null) {
        field.count += 1;
        field.example ??= text;
      }
      row.push([name, text]);
    }
    // fromEntries makes own members even of names such as "__proto__", which an assignment would not.
    if (this.rows.length < PREVIEW_RECORDS) this.rows.push(Object.fromEntries(row));
  }

  get full(): boolean {
    return this.records >= SAMPLE_RECORDS;
  }

  source(table: string | null): SampledSource {
    const fields: SampledField[] = [...this.fields].map(([name, { count, example }]) => ({ name, count, example }));
    const roles = assignRoles(fields.map((field) => field.name));
    const guess: { [role: string]: string } = {};
    for (const role of MAP_ROLES) {
      const name = roles[role as keyof typeof roles];
      if (name !== undefined) guess[role] = name;
    }
    return { table, records: this.records, fields, guess, rows: this.rows };
  }

  private known(name: string): { count: number; example: string | null } | null {
    const found = this.fields.get(name);
    if (found !== undefined) return found;
    if (this.fields.size >= MAX_FIELDS || name.length > MAX_NAME || name === '') {
      this.leftOut = true;
      return null;
    }
    const field = { count: 0, example: null };
    this.fields.set(name, field);
    return field;
  }
}

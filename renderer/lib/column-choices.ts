// The Map columns… dialog's choices, from what the service found in the file (FieldSample): which table, which field
// for each part of an event, the field Eventlens would pick by name pre-selected, and a preview of the first records.
import type { FieldSample, SampledField, SampledSource } from '../../shared/model.js';
import { formatCount } from './format.js';
import { ROLES } from './reading-options.js';
import type { OptionFields, ReadingOptions, Role } from './reading-options.js';
import { markInvisible } from './visible-text.js';

/** The parts of an event a field is chosen for: every role but the table, which is chosen on its own. */
export const FIELD_ROLES = ROLES.filter(({ role }) => role !== 'table');

/** The source shown first: the table the map names, else the one where most parts were found by name. */
export function firstSource(sample: FieldSample, read: ReadingOptions): number {
  const named = read.map?.table;
  const byName = named === undefined ? -1 : sample.sources.findIndex((source) => source.table === named);
  if (byName >= 0) return byName;
  let best = 0;
  sample.sources.forEach((source, index) => {
    if (Object.keys(source.guess).length > Object.keys(sample.sources[best]!.guess).length) best = index;
  });
  return best;
}

/**
 * The form for a source: what the options used before named (for this table), else, with `guess`, the field found by
 * name for each part. A name given before that the sample does not hold is kept: it may be in later records.
 */
export function choicesFor(fields: OptionFields, source: SampledSource, read: ReadingOptions, guess: boolean): OptionFields {
  const given = read.map !== undefined && (source.table === null || read.map.table === undefined || read.map.table === source.table);
  // The table is named only with columns (chosen, or found by name): a table alone would read the store another way.
  const next: OptionFields = { ...fields, table: guess || given ? (source.table ?? '') : '' };
  for (const { role } of FIELD_ROLES) {
    next[role] = given ? (read.map?.[role] ?? '') : guess ? (source.guess[role] ?? '') : '';
  }
  return next;
}

/** The form to send: a column chosen in a table names that table too, whichever table the map would find itself. */
export function withTable(fields: OptionFields, source: SampledSource | undefined): OptionFields {
  if (source?.table == null || !FIELD_ROLES.some(({ role }) => fields[role] !== '')) return fields;
  return { ...fields, table: source.table };
}

/**
 * "agg · e.g. acct-7 · in all 3": the field, an example and how often it has a value, as an option's text (plain
 * text, so the file's hidden characters are shown as markers: an option cannot hold the spans JournalText makes).
 */
export function fieldLabel(field: SampledField, records: number): string {
  const example = field.example === null ? 'always empty' : `e.g. ${field.example === '' ? '""' : markInvisible(field.example, { max: 60 })}`;
  const often = field.count === records ? `in all ${formatCount(records)}` : `in ${formatCount(field.count)} of ${formatCount(records)}`;
  return `${markInvisible(field.name, { max: 80 })} · ${example} · ${often}`;
}

/** The option list of one part: the fields, plus a name chosen before that the sample lacks. */
export function fieldOptions(source: SampledSource, chosen: string): { value: string; label: string }[] {
  const options = source.fields.map((field) => ({ value: field.name, label: fieldLabel(field, source.records) }));
  if (chosen !== '' && !source.fields.some((field) => field.name === chosen)) {
    options.unshift({ value: chosen, label: `${markInvisible(chosen, { max: 80 })} · not in the first records` });
  }
  return options;
}

/** "orders (6 columns)": a table as the Table choice shows it. */
export function tableLabel(source: SampledSource): string {
  return `${markInvisible(source.table ?? '', { max: 80 })} (${source.fields.length === 1 ? '1 column' : `${formatCount(source.fields.length)} columns`})`;
}

export interface Preview {
  columns: { role: Role; label: string; field: string }[];
  rows: (string | null)[][];
}

/** The first records as the choices would read them: one column per part that has a field. */
export function preview(fields: OptionFields, source: SampledSource): Preview {
  const columns = FIELD_ROLES.filter(({ role }) => fields[role] !== '').map(({ role, label }) => ({ role, label, field: fields[role] }));
  const rows = source.rows.map((row) => columns.map(({ field }) => (Object.hasOwn(row, field) ? (row[field] ?? null) : null)));
  return { columns, rows };
}

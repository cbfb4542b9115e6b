// Reading options for opening a journal again: which column or field plays which role, and an encrypted store's key.
import type { OpenJournalRequest } from '../../shared/requests.js';

export type ColumnMap = NonNullable<OpenJournalRequest['map']>;
export type Role = keyof ColumnMap;

/** What `openJournal` takes beside the path; the browser host takes the same as upload headers. */
export interface ReadingOptions {
  map?: ColumnMap;
  cipherKey?: string;
}

/** The roles in the order the form shows them, each with its label and what to type. */
export const ROLES: readonly { role: Role; label: string; hint: string }[] = [
  { role: 'stream', label: 'Stream', hint: 'the aggregate or stream id' },
  { role: 'version', label: 'Version', hint: 'the number within the stream' },
  { role: 'type', label: 'Type', hint: 'the event type or name' },
  { role: 'data', label: 'Data', hint: 'the payload' },
  { role: 'time', label: 'Time', hint: 'when it was recorded' },
  { role: 'metadata', label: 'Metadata', hint: 'headers or metadata' },
  { role: 'position', label: 'Position', hint: 'the global order' },
  { role: 'table', label: 'Table (SQLite)', hint: 'the events table' },
];

/** The form's text fields: one per role, plus the key. */
export type OptionFields = Record<Role, string> & { cipherKey: string };

export function emptyFields(): OptionFields {
  return { stream: '', version: '', position: '', type: '', data: '', metadata: '', time: '', table: '', cipherKey: '' };
}

/** The form filled in again from options used before, so a wrong guess can be corrected rather than retyped. */
export function fieldsFrom(options: ReadingOptions): OptionFields {
  const fields = emptyFields();
  for (const { role } of ROLES) fields[role] = options.map?.[role] ?? '';
  fields.cipherKey = options.cipherKey ?? '';
  return fields;
}

/** Only what the user filled in is sent: names trimmed, blank roles left out, no map at all when none is named. */
export function optionsFrom(fields: OptionFields): ReadingOptions {
  const map: ColumnMap = {};
  for (const { role } of ROLES) {
    const name = fields[role].trim();
    if (name !== '') map[role] = name;
  }
  // A key is used exactly as typed (spaces could be part of it), but an empty one means none.
  const cipherKey = fields.cipherKey;
  return { ...(Object.keys(map).length > 0 && { map }), ...(cipherKey !== '' && { cipherKey }) };
}

export function hasOptions(options: ReadingOptions): boolean {
  return options.map !== undefined || options.cipherKey !== undefined;
}

/** "stream=agg, type=kind" for a status line; the key is never shown. */
export function describeOptions(options: ReadingOptions): string {
  const parts = Object.entries(options.map ?? {}).map(([role, name]) => `${role}=${name}`);
  if (options.cipherKey !== undefined) parts.push('a cipher key');
  return parts.join(', ');
}

/**
 * Whether a failed open is worth retrying with options: the service said it needs a key ("encrypted"), or it read
 * no events and suggests naming the fields (its messages mention --map or "Map columns…"), or options were already
 * given and may be what is wrong.
 */
export function offersOptions(error: unknown, usedOptions: boolean): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, remedy } = error as { code?: unknown; message?: unknown; remedy?: unknown };
  if (code === 'encrypted' || remedy === 'map') return true;
  if (code !== 'bad-format' && code !== 'bad-request') return false;
  if (usedOptions) return true;
  return typeof message === 'string' && /--map|Map columns|No events could be read|no events table/i.test(message);
}

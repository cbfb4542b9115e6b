// The user's own naming of columns, for journals no layout recognises:
// `--map stream=COL,version=COL,type=COL,data=COL,time=COL` (also position and metadata, and table=NAME for SQLite).
import { JournalError } from '../../shared/contract.js';
import { columnMap } from '../../shared/requests.js';
import type { Role } from './field-names.js';
import type { ColumnMap } from './formats/types.js';

/**
 * The roles the API's map takes (shared/requests.ts), not every role a reader knows: the CLI hands its map to the
 * service, which would refuse any other (the event id is found by name only, so far).
 */
const KEYS: readonly string[] = Object.keys(columnMap.shape);

function refusal(text: string, problem: string): JournalError {
  return new JournalError(
    'bad-request',
    `--map ${JSON.stringify(text).slice(0, 120)}: ${problem}. ` +
      `Write role=NAME pairs separated by commas, e.g. stream=aggregate_id,type=kind,data=body; the roles are ${KEYS.join(', ')}.`,
  );
}

/**
 * Names are taken as written (columns are matched exactly); roles ignore case. A role given twice is refused, as
 * one of the two would be silently lost; one column may serve two roles (version and position of a single stream).
 */
export function parseColumnMap(text: string): ColumnMap {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) throw refusal(text, 'names no columns');
  const map: ColumnMap = {};
  for (const entry of entries) {
    if (entry === '') throw refusal(text, 'has an empty entry (two commas in a row, or one at an end)');
    const equals = entry.indexOf('=');
    if (equals === -1) throw refusal(text, `${JSON.stringify(entry)} is not role=NAME`);
    const role = entry.slice(0, equals).trim().toLowerCase();
    const name = entry.slice(equals + 1).trim();
    if (!KEYS.includes(role)) throw refusal(text, `${JSON.stringify(role)} is not a role`);
    if (name === '') throw refusal(text, `${role} has an empty name`);
    const key = role as Role | 'table';
    if (map[key] !== undefined) throw refusal(text, `${role} is given twice`);
    map[key] = name;
  }
  return map;
}

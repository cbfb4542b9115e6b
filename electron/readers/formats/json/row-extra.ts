// A store's exported row beside the event's fields, for stores whose rows carry a metadata column of their own (Message
// DB): what the event's fields do not hold exactly is kept in `extra`, named and written as the live store's relation
// gives it (electron/postgres/pg-store.ts eventOf), so the exported table and the store itself read as the same events.
import type { Json, JournalEvent } from '../../../../shared/model.js';
import type { Role } from '../../field-names.js';
import { keptExactly } from '../../kept-exactly.js';
import { normalizeTime } from '../../time.js';

/** A `timestamp` finer than the millisecond as row_to_json writes it: UTC without a zone, up to six digits. */
const MICROSECONDS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{1,6})$/;

/**
 * The time as the live relation gives it (to the microsecond, with Z) where row_to_json wrote that time: the same
 * instant, so the two readings agree. Any other writing is kept as written, so a change to it is still a change.
 */
function liveTime(written: unknown): Json {
  const match = typeof written === 'string' ? MICROSECONDS.exec(written) : null;
  if (match === null || normalizeTime(written) === null) return written as Json;
  return `${match[1]}.${match[2]!.padEnd(6, '0')}Z`;
}

/** The store's position as the live relation gives it: the number, where the column wrote that number. */
function livePosition(written: unknown, position: number): Json {
  const whole = (typeof written === 'number' || (typeof written === 'string' && /^\d+$/.test(written))) && Number(written) === position;
  return whole && Number.isSafeInteger(position) ? position : (written as Json);
}

/**
 * The members of `extra` for a role's column the event does not hold exactly, named by the role as the live store
 * names them (`position`, `time`; `version` as the SQLite readers name a stored version that is no number), or
 * nothing when the event holds it exactly.
 */
export function roleExtra(role: Role, written: unknown, event: JournalEvent): { [name: string]: Json } {
  if (keptExactly(role, written)) return {};
  if (role === 'position') return { position: livePosition(written, event.position) };
  if (role === 'time') return { time: liveTime(written) };
  return { [role]: written as Json };
}

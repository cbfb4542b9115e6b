// Whether an event holds a role's field exactly as the record wrote it. What it does not (a position, which the digest
// leaves out on purpose; a time finer than the millisecond; a version that is no number) the layouts keep besides,
// so a change to any member of a record is a change to its event.
import { eventId } from './event-builder.js';
import type { Role } from './field-names.js';
import { timeKeptExactly } from './time.js';

const isInteger = (value: unknown) =>
  (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value.trim()));

export function keptExactly(role: Role, value: unknown): boolean {
  if (role === 'position') return false;
  if (value === null || value === undefined) return true;
  if (role === 'version') return isInteger(value);
  if (role === 'time') return timeKeptExactly(value);
  if (role === 'id') return value === '' || eventId(value) !== undefined;
  return true;
}

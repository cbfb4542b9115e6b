// What Connect to database… says about a live store: what Test connection found, or why it could not connect.
import type { ConnectionCheck } from '../../shared/model.js';
import { describeError } from './errors.js';
import type { ShownError } from './errors.js';

/** "Marten in schema public, PostgreSQL 15.18, read-only session". */
export function checkSummary(check: ConnectionCheck): string {
  const session = check.readOnly ? 'read-only session' : 'the session is not read-only';
  return `${check.store} in schema ${check.schema}, ${check.server}, ${session}`;
}

/** The optional parts the store has, in words; null when it has none. */
export function checkParts(check: ConnectionCheck): string | null {
  return check.parts.length === 0 ? null : `With ${check.parts.join(', ')}.`;
}

// The app's general hints speak of files; a connection has its own remedies.
const HINTS: Record<string, string> = {
  'not-found': 'Check the host, the port and the database name, and that the server accepts connections from this computer.',
  'not-allowed': 'Give the password of this user, or connect as a role that may read the store.',
  'bad-format': 'Give the schema the store’s tables are in, or check that this is the database the store writes to.',
  'bad-request': 'Write the URL as postgres://user@host:5432/database, or fill in the fields.',
};

/** A database with no store Eventlens knows, but tables that could hold events: the Connect dialog offers Map columns…. */
const MAP_HINT = 'Choose Map columns… to name the table that holds the events and its columns.';

export function connectionProblem(title: string, error: unknown): ShownError {
  const shown = describeError(title, error);
  if (shown.remedy === 'map') return { ...shown, hint: MAP_HINT };
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const hint = typeof code === 'string' ? HINTS[code] : undefined;
  return hint === undefined ? shown : { ...shown, hint };
}

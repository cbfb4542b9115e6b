// The SQLite layouts Eventlens recognises, most specific first; the generic one-table layout is the last resort.
import { genericSqlite } from './generic-sqlite.js';
import type { SqliteLayout } from './types.js';

export const SQLITE_LAYOUTS: readonly SqliteLayout[] = [genericSqlite];

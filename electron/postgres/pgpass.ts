// ~/.pgpass (or PGPASSFILE), read by the `pgpass` package as libpq reads it: the first line matching host, port,
// database and user, with * as a wildcard; ignored when the file is readable by others.
import { createRequire } from 'node:module';

interface PgpassQuery {
  host: string;
  port: number;
  database: string;
  user: string;
}

type Pgpass = (query: PgpassQuery, found: (password: string | undefined) => void) => void;

// The package is CommonJS with no types: loaded through require, typed here.
const pgpass = createRequire(import.meta.url)('pgpass') as Pgpass;

export function lookupPgpass(query: PgpassQuery): Promise<string | undefined> {
  return new Promise((resolve) => pgpass(query, resolve));
}

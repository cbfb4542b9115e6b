// A live PostgreSQL store named as a journal: `postgres://user@host:5432/db?schema=events&sslmode=require`. The
// password never travels in the name shown or kept (recent list, titles, messages): it comes from PGPASSWORD,
// ~/.pgpass (both read by the pg client itself) or is given apart, by a prompt or a form.
import { JournalError } from '../../shared/contract.js';

const SCHEMES = ['postgres:', 'postgresql:'];

export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string | undefined;
  /** Given in the URL: used to connect, never shown or kept. */
  password: string | undefined;
  /** The schema to read (`?schema=`); undefined: every schema is searched for a store. */
  schema: string | undefined;
  /** libpq's sslmode: disable, allow, prefer (libpq's default, and ours when absent), require, verify-ca, verify-full. */
  sslmode: string | undefined;
  /** libpq's sslrootcert: a file of the certificate authorities the server's certificate is checked against. */
  sslrootcert: string | undefined;
  /** The URL without its password: how the journal is named everywhere. */
  name: string;
}

export function isPgTarget(path: string): boolean {
  return SCHEMES.some((scheme) => path.toLowerCase().startsWith(`${scheme}//`));
}

export function parsePgTarget(text: string): PgTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new JournalError('bad-request', `${redact(text)} is not a connection URL: write postgres://user@host:5432/database.`);
  }
  if (!SCHEMES.includes(url.protocol)) throw new JournalError('bad-request', `${redact(text)} is not a PostgreSQL URL: it must start with postgres://.`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') throw new JournalError('bad-request', `${redact(text)} names no database: write postgres://user@host:5432/database.`);
  const port = url.port === '' ? 5432 : Number(url.port);
  const known = new Set(['schema', 'sslmode', 'sslrootcert', 'user', 'host', 'port', 'application_name']);
  for (const key of url.searchParams.keys()) {
    if (!known.has(key)) throw new JournalError('bad-request', `${redact(text)}: the option "${key}" is not understood (schema, sslmode and sslrootcert are).`);
  }
  const sslmode = url.searchParams.get('sslmode') ?? undefined;
  if (sslmode !== undefined && !['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(sslmode)) {
    throw new JournalError('bad-request', `${redact(text)}: sslmode must be disable, allow, prefer, require, verify-ca or verify-full.`);
  }
  const host = url.searchParams.get('host') ?? (decodeURIComponent(url.hostname.replace(/^\[|\]$/g, '')) || 'localhost');
  const user = url.searchParams.get('user') ?? (url.username === '' ? undefined : decodeURIComponent(url.username));
  const target: PgTarget = {
    host,
    port: url.searchParams.has('port') ? Number(url.searchParams.get('port')) : port,
    database,
    user,
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    schema: url.searchParams.get('schema') ?? undefined,
    sslmode,
    sslrootcert: url.searchParams.get('sslrootcert') ?? undefined,
    name: '',
  };
  target.name = nameOf(target);
  return target;
}

/** The URL as shown and kept: no password, options in a fixed order. */
function nameOf(target: PgTarget): string {
  const user = target.user === undefined ? '' : `${encodeURIComponent(target.user)}@`;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const options = new URLSearchParams();
  if (target.schema !== undefined) options.set('schema', target.schema);
  if (target.sslmode !== undefined) options.set('sslmode', target.sslmode);
  if (target.sslrootcert !== undefined) options.set('sslrootcert', target.sslrootcert);
  const query = options.size > 0 ? `?${options.toString()}` : '';
  return `postgres://${user}${host}:${target.port}/${encodeURIComponent(target.database)}${query}`;
}

/** A connection text with any password masked, for messages about text that could not be read as a URL. */
export function redact(text: string): string {
  return text.replace(/(\/\/[^/@:]*):[^/@]*@/, '$1:***@');
}

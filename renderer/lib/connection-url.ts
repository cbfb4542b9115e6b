// A live store's connection URL and the Connect to database… fields, each made from the other:
// postgres://user@host:5432/database?schema=…&sslmode=…. A password is never part of either: one written in a URL is
// taken out and given apart, so it is never shown, sent in the URL or kept in the recent list.

export const DEFAULT_PORT = '5432';

/** libpq's SSL modes, each meaning what it means there; '' leaves it out of the URL, which reads as prefer. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

export interface ConnectionFields {
  host: string;
  port: string;
  database: string;
  user: string;
  /** The schema the store's tables are in; '' lets Eventlens search every schema. */
  schema: string;
  sslmode: string;
}

export interface ParsedConnection {
  fields: ConnectionFields;
  /** The password written in the URL, or null when there is none. */
  password: string | null;
  /** The URL as typed, less its password. */
  url: string;
  /** Options the fields do not show (application_name…), kept when the fields make the URL again. */
  options: [string, string][];
}

const SCHEME = /^postgres(?:ql)?:\/\//i;

export function emptyFields(): ConnectionFields {
  return { host: '', port: DEFAULT_PORT, database: '', user: '', schema: '', sslmode: '' };
}

/** A journal path naming a live PostgreSQL store rather than a file. */
export function isLiveStore(path: string): boolean {
  return SCHEME.test(path.trim());
}

/**
 * Reads a postgres:// URL by hand rather than with URL(): a password typed with characters a URL must escape (@, ?, #)
 * is still found and taken out. Null when the text is not a postgres:// URL (yet).
 */
export function parseConnectionUrl(text: string): ParsedConnection | null {
  const typed = text.trim();
  const scheme = SCHEME.exec(typed);
  if (scheme === null) return null;
  const rest = typed.slice(scheme[0].length);
  // The authority ends at the path; without a path, at the options. A password's own "/" must be escaped, as in libpq.
  const slash = rest.indexOf('/');
  const authorityEnd = slash >= 0 ? slash : firstOf(rest, '?#');
  const authority = rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  const userInfo = at >= 0 ? authority.slice(0, at) : '';
  const colon = userInfo.indexOf(':');
  const user = colon >= 0 ? userInfo.slice(0, colon) : userInfo;
  const password = colon >= 0 ? userInfo.slice(colon + 1) : null;
  const { host, port } = splitHostPort(authority.slice(at + 1));

  const after = rest.slice(authorityEnd);
  const queryAt = firstOf(after, '?#');
  const database = after.slice(0, queryAt).replace(/^\//, '');
  const query = after.slice(queryAt).replace(/#.*$/, '').replace(/^\?/, '');
  // A port that is not a number is most likely a password being typed before its "@": it is not shown as the port.
  const fields: ConnectionFields = { host: decode(host), port: /^\d+$/.test(port) ? port : DEFAULT_PORT, database: decode(database), user: decode(user), schema: '', sslmode: '' };
  const options: [string, string][] = [];
  for (const [key, value] of new URLSearchParams(query)) {
    if (key === 'schema') fields.schema = value;
    else if (key === 'sslmode') fields.sslmode = value;
    else options.push([key, value]);
  }
  const url = password === null ? typed : `${scheme[0]}${user === '' ? '' : `${user}@`}${rest.slice(at + 1)}`;
  return { fields, password: password === null ? null : decode(password), url, options };
}

/** The URL the fields describe, in the form the service names a live store by; '' while nothing is filled in. */
export function connectionUrl(fields: ConnectionFields, options: [string, string][] = []): string {
  const host = fields.host.trim();
  const database = fields.database.trim();
  const user = fields.user.trim();
  if (host === '' && database === '' && user === '') return '';
  const query = new URLSearchParams();
  if (fields.schema.trim() !== '') query.set('schema', fields.schema.trim());
  if (fields.sslmode !== '') query.set('sslmode', fields.sslmode);
  for (const [key, value] of options) query.append(key, value);
  const search = query.size > 0 ? `?${query.toString()}` : '';
  const login = user === '' ? '' : `${encodeURIComponent(user)}@`;
  const place = host.includes(':') ? `[${host}]` : host;
  return `postgres://${login}${place}:${fields.port.trim() || DEFAULT_PORT}/${encodeURIComponent(database)}${search}`;
}

function splitHostPort(text: string): { host: string; port: string } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close >= 0) return { host: text.slice(1, close), port: text.slice(close + 1).replace(/^:/, '') };
  }
  const colon = text.lastIndexOf(':');
  return colon >= 0 ? { host: text.slice(0, colon), port: text.slice(colon + 1) } : { host: text, port: '' };
}

function firstOf(text: string, characters: string): number {
  const found = [...characters].map((character) => text.indexOf(character)).filter((index) => index >= 0);
  return found.length > 0 ? Math.min(...found) : text.length;
}

/** Percent-decoding that keeps text which is not validly escaped as it is (a half-typed "%2"). */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

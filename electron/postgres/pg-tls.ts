// libpq's sslmode, as the pg client's `ssl` setting of each connection attempt, in libpq's order: prefer (libpq's
// default, and ours when no sslmode is given) tries TLS first and falls back to a plain connection; allow tries plain
// first; require encrypts without checking the certificate (unless a root certificate is named, as libpq does);
// verify-ca checks the chain; verify-full also the host name.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { JournalError } from '../../shared/contract.js';
import type { PgTarget } from './pg-target.js';

/** One attempt: false connects in plain text. */
export type TlsAttempt = false | ConnectionOptions;

export function tlsAttempts(target: PgTarget): TlsAttempt[] {
  const ca = rootCertificates(target);
  const unchecked: ConnectionOptions = { rejectUnauthorized: false };
  const chainOnly: ConnectionOptions = { rejectUnauthorized: true, ...(ca && { ca }), checkServerIdentity: () => undefined };
  const full: ConnectionOptions = { rejectUnauthorized: true, ...(ca && { ca }) };
  switch (target.sslmode ?? 'prefer') {
    case 'disable':
      return [false];
    case 'allow':
      return [false, unchecked];
    case 'require':
      return [ca ? chainOnly : unchecked];
    case 'verify-ca':
      return [chainOnly];
    case 'verify-full':
      return [full];
    default:
      return [unchecked, false];
  }
}

function rootCertificates(target: PgTarget): string | undefined {
  if (target.sslrootcert === undefined) return undefined;
  try {
    return readFileSync(target.sslrootcert, 'utf8');
  } catch (error) {
    throw new JournalError('not-found', `${target.name}: the root certificate ${target.sslrootcert} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

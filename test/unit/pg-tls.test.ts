// sslmode as libpq reads it, against a real server: first without TLS (prefer and allow fall back to plain text,
// require fails saying why), then with TLS switched on (prefer encrypts, disable does not, require takes a self-signed
// certificate, verify-full checks the chain and the host name, verify-ca the chain only).
import { execFileSync } from 'node:child_process';
import { chownSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgSession } from '../../electron/postgres/pg-session.js';
import { parsePgTarget } from '../../electron/postgres/pg-target.js';
import { tempFolder } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { withClient } from '../support/pg/sql.js';

/** Whether the session's own connection is encrypted, as the server sees it. */
async function encrypted(url: string): Promise<boolean> {
  const session = await PgSession.open(parsePgTarget(url));
  try {
    const rows = await session.rows<[boolean]>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return rows[0]![0];
  } finally {
    await session.close();
  }
}

/** A self-signed certificate for `subjectAltName` (e.g. IP:127.0.0.1), written as NAME.crt and NAME.key. */
function certificate(folder: string, name: string, subjectAltName: string): { crt: string; key: string } {
  const crt = join(folder, `${name}.crt`);
  const key = join(folder, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=eventlens-test', '-addext', `subjectAltName=${subjectAltName}`, '-keyout', key, '-out', crt], { stdio: 'ignore' });
  return { crt, key };
}

describe('sslmode, as libpq reads it', () => {
  const keys = tempFolder('eventlens-tls-');
  let server: PgServer;
  let base: string;
  beforeAll(async () => {
    server = await startPg();
    base = await server.createDatabase('tls');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    keys.remove();
  });
  const at = (options: string) => `${base}${base.includes('?') ? '&' : '?'}${options}`;

  it('without TLS on the server: prefer (the default) and allow connect in plain text; require says the server has none', async () => {
    expect(await encrypted(base)).toBe(false);
    expect(await encrypted(at('sslmode=prefer'))).toBe(false);
    expect(await encrypted(at('sslmode=allow'))).toBe(false);
    await expect(encrypted(at('sslmode=require'))).rejects.toThrow(/does not support SSL/);
  });

  // Switching TLS on needs the server's own data folder (ALTER SYSTEM and key files): our throwaway cluster only,
  // never a server EVENTLENS_TEST_PG names.
  it.skipIf(process.env.EVENTLENS_TEST_PG !== undefined)('with TLS on: each mode encrypts, or checks, as it says', async () => {
    const data = join(server.folder!, 'data');
    const owner = statSync(data);
    const serve = async (files: { crt: string; key: string }) => {
      // The server reads its key only when its own user owns it and no one else may read it.
      for (const [from, to] of [[files.crt, 'eventlens.crt'], [files.key, 'eventlens.key']] as const) {
        writeFileSync(join(data, to), execFileSync('cat', [from]), { mode: 0o600 });
        chownSync(join(data, to), owner.uid, owner.gid);
      }
      await withClient(server.url, async (client) => {
        await client.query("ALTER SYSTEM SET ssl_cert_file = 'eventlens.crt'");
        await client.query("ALTER SYSTEM SET ssl_key_file = 'eventlens.key'");
        await client.query('ALTER SYSTEM SET ssl = on');
        await client.query('SELECT pg_reload_conf()');
      });
      await expect.poll(() => encrypted(at('sslmode=require')).catch(() => false), { timeout: 15_000 }).toBe(true);
    };

    const forHost = certificate(keys.path, 'host', 'IP:127.0.0.1');
    await serve(forHost);
    expect(await encrypted(base)).toBe(true);
    expect(await encrypted(at('sslmode=disable'))).toBe(false);
    expect(await encrypted(at('sslmode=allow'))).toBe(false);
    // Self-signed: accepted by require, refused by verify-full unless it is the root named.
    await expect(encrypted(at('sslmode=verify-full'))).rejects.toThrow(/self[- ]signed/i);
    expect(await encrypted(at(`sslmode=verify-full&sslrootcert=${encodeURIComponent(forHost.crt)}`))).toBe(true);
    await expect(encrypted(at('sslmode=verify-ca&sslrootcert=/nonexistent/root.crt'))).rejects.toThrow(/root certificate \/nonexistent\/root.crt cannot be read/);

    // A certificate for another host name: verify-full refuses it, verify-ca (the chain only) takes it.
    const forOther = certificate(keys.path, 'other', 'DNS:other.invalid');
    await serve(forOther);
    await expect(encrypted(at(`sslmode=verify-full&sslrootcert=${encodeURIComponent(forOther.crt)}`))).rejects.toThrow(/127\.0\.0\.1|altnames|host/i);
    expect(await encrypted(at(`sslmode=verify-ca&sslrootcert=${encodeURIComponent(forOther.crt)}`))).toBe(true);
  }, 120_000);
});

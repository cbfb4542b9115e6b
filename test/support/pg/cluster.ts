// A throwaway PostgreSQL server for tests: Debian's server binaries, initdb into a temporary folder, a free port on
// 127.0.0.1, trust auth, stopped and removed at the end. EVENTLENS_TEST_PG (a superuser URL) names a server to use
// instead; then only the databases made here are dropped at the end.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PgServer {
  /** postgres://USER@127.0.0.1:PORT/postgres, a superuser. */
  url: string;
  port: number;
  user: string;
  /** Creates an empty database and answers its URL (on a shared server the name gets a unique suffix). */
  createDatabase(name: string): Promise<string>;
  /** Stops our own server and removes its folder; on EVENTLENS_TEST_PG's server, drops the databases made here. */
  stop(): Promise<void>;
  /** The temporary folder our own server lives in (data/ inside it); null on EVENTLENS_TEST_PG's server. */
  folder: string | null;
}

const DEBIAN_ROOT = '/usr/lib/postgresql';
const SUPERUSER = 'postgres';
/** Machines running several suites at once are slow: starting and stopping get minutes, not seconds. */
const PG_CTL_WAIT_SECONDS = 180;

export async function startPg(): Promise<PgServer> {
  const external = process.env.EVENTLENS_TEST_PG;
  return external ? useServer(external) : startOwnServer();
}

/** The newest Debian server's bin folder (/usr/lib/postgresql/<major>/bin), or null when none is installed. */
export function serverBinFolder(): string | null {
  if (!existsSync(DEBIAN_ROOT)) return null;
  const majors = readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .filter((name) => ['initdb', 'pg_ctl', 'postgres'].every((tool) => existsSync(join(DEBIAN_ROOT, name, 'bin', tool))))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? null : join(DEBIAN_ROOT, majors[0], 'bin');
}

function missingServerError(): Error {
  return new Error(
    `No PostgreSQL server for the tests: no ${DEBIAN_ROOT}/<version>/bin with initdb, pg_ctl and postgres. ` +
      "Install Debian's server (apt-get install postgresql; .ci/run does it) or set EVENTLENS_TEST_PG to a superuser " +
      'connection URL such as postgres://postgres@127.0.0.1:5432/postgres.',
  );
}

/** initdb and postgres refuse to run as root: as root, they run as the postgres OS user and own the folder. */
function serverAccount(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${SUPERUSER}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(`Running as root, the test server must run as the '${SUPERUSER}' OS user, and there is none (Debian's postgresql package creates it).`);
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function run(file: string, args: string[], account: { uid: number; gid: number } | null, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const options = { cwd, timeout: (PG_CTL_WAIT_SECONDS + 30) * 1000, env: { ...process.env, LC_ALL: 'C' }, ...(account ?? {}) };
    execFile(file, args, options, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** A port nobody listens on now (the OS picks it); the server may still lose it to a race, so starting retries. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function superuserQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseMaker(url: string, unique: boolean, made: string[]): (name: string) => Promise<string> {
  return async (name) => {
    const database = unique ? `eventlens_${name}_${process.pid}_${randomBytes(3).toString('hex')}` : name;
    await superuserQuery(url, `CREATE DATABASE ${quoteIdent(database)}`);
    made.push(database);
    return withDatabase(url, database);
  };
}

function useServer(url: string): PgServer {
  const parsed = new URL(url);
  const made: string[] = [];
  return {
    url,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    createDatabase: databaseMaker(url, true, made),
    folder: null,
    async stop() {
      // Not our server: it keeps running; only what we created goes.
      for (const database of made.splice(0)) await superuserQuery(url, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    },
  };
}

async function startOwnServer(): Promise<PgServer> {
  const bin = serverBinFolder();
  if (bin === null) throw missingServerError();
  const account = serverAccount();
  const folder = mkdtempSync(join(tmpdir(), 'eventlens-pg-'));
  if (account) chownSync(folder, account.uid, account.gid);
  const data = join(folder, 'data');
  const log = join(folder, 'server.log');
  const killOnExit = () => killPostmaster(data);
  try {
    await run(join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], account, folder);
    let port = 0;
    for (let attempt = 1; ; attempt += 1) {
      port = await freePort();
      // postgresql.conf is read last-setting-wins, so appended lines override initdb's.
      appendFileSync(
        join(data, 'postgresql.conf'),
        [
          `port = ${port}`,
          "listen_addresses = '127.0.0.1'",
          `unix_socket_directories = '${folder}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          "timezone = 'UTC'",
          '',
        ].join('\n'),
      );
      try {
        await run(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', String(PG_CTL_WAIT_SECONDS), 'start'], account, folder);
        break;
      } catch (error) {
        const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
        // Another process took the port between our probe and the server's bind: try another one.
        if (attempt < 3 && /could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(serverLog)) continue;
        throw new Error(`${(error as Error).message}\nserver log:\n${serverLog}`);
      }
    }
    process.once('exit', killOnExit);
    const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    return {
      url,
      port,
      user: SUPERUSER,
      createDatabase: databaseMaker(url, false, []),
      folder,
      async stop() {
        process.removeListener('exit', killOnExit);
        try {
          await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', String(PG_CTL_WAIT_SECONDS), 'stop'], account, folder);
        } catch (error) {
          killPostmaster(data);
          throw error;
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    killPostmaster(data);
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** Immediate shutdown of a server still running (a failed stop, or a test process exiting without stop()). */
function killPostmaster(data: string): void {
  const pidFile = join(data, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    // Already gone.
  }
}

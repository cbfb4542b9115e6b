// Message DB (Eventide): installed by the package's own install.sh (psql), written by its write_message function.
// Time: `messages.time` is the server's now() at write (write_message takes no time). With keepTimes, each write is
// followed in its transaction by setting that row's time to the fixture's, as if the write had happened then.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import type { FixtureEvent } from '../fixtures.js';
import { serverBinFolder } from './cluster.js';
import { inTransaction, jsonb, utcTimestamp, withClient } from './sql.js';

const installScript = join(dirname(createRequire(import.meta.url).resolve('@eventide/message-db/package.json')), 'database', 'install.sh');

/** install.sh names the database positionally and reaches the server through libpq's PG* variables. */
function installEnv(url: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  const bin = serverBinFolder();
  return {
    ...process.env,
    // Debian's own psql first; /usr/bin/psql (pg_wrapper) serves too when only the client is installed.
    PATH: bin ? `${bin}${delimiter}${process.env.PATH ?? ''}` : process.env.PATH,
    PGHOST: parsed.hostname,
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username),
    ...(parsed.password ? { PGPASSWORD: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.searchParams.has('sslmode') ? { PGSSLMODE: parsed.searchParams.get('sslmode') ?? '' } : {}),
    DATABASE_NAME: decodeURIComponent(parsed.pathname.slice(1)),
    // The database exists already (the test made it); install.sh otherwise runs createdb.
    CREATE_DATABASE: 'off',
  };
}

function install(url: string): Promise<void> {
  if (!existsSync(installScript)) throw new Error(`Message DB's installer is missing: ${installScript} (npm package @eventide/message-db).`);
  return new Promise((resolve, reject) => {
    execFile('bash', [installScript], { env: installEnv(url), timeout: 180_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`Message DB install.sh failed (it needs psql on PATH): ${error.message}\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

export async function writeMessageDb(url: string, events: FixtureEvent[], keepTimes: boolean): Promise<void> {
  await install(url);
  await withClient(url, async (client) => {
    // write_message's body names its helpers and table unqualified: Eventide's clients put the schema on the path.
    await client.query('SET search_path TO message_store, public');
    for (const event of events) {
      await inTransaction(client, async () => {
        // expected_version is the stream's last 0-based position (-1: no stream yet), as a writer checking concurrency.
        await client.query('SELECT write_message($1, $2, $3, $4, $5, $6)', [randomUUID(), event.stream, event.type, jsonb(event.data), jsonb(event.metadata), event.version - 2]);
        if (keepTimes) {
          await client.query('UPDATE messages SET time = $1 WHERE stream_name = $2 AND position = $3', [utcTimestamp(event.time), event.stream, event.version - 1]);
        }
      });
    }
  });
}

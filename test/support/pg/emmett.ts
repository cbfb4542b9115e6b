// Emmett's PostgreSQL event store, written by its own npm client (@event-driven-io/emmett-postgresql 0.42.0) in a
// child process: the client needs emmett 0.42.0 while the root project pins 0.38.5, so it lives in its own folder
// (test/support/emmett-postgresql) with its own lockfile, installed on first use when CI has not done it.
// Time: `emt_messages.created` is the server's now() at append (the client takes no time). With keepTimes, each
// message's created is set afterwards to the fixture's, as if appended then.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FixtureEvent } from '../fixtures.js';
import { appendsOf, withClient } from './sql.js';

const clientFolder = fileURLToPath(new URL('../emmett-postgresql/', import.meta.url));
const clientPackage = `${clientFolder}node_modules/@event-driven-io/emmett-postgresql/package.json`;

function ensureClient(): Promise<void> {
  if (existsSync(clientPackage)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFile(npm, ['ci', '--prefix', clientFolder, '--no-audit', '--no-fund'], { timeout: 300_000 }, (error, stdout, stderr) => {
      if (error || !existsSync(clientPackage)) {
        reject(new Error(`Could not install Emmett's PostgreSQL client for the tests (npm ci --prefix ${clientFolder}): ${error?.message.split('\n')[0] ?? 'package missing after install'}\n${`${stdout}${stderr}`.slice(-2000)}`));
      } else resolve();
    });
  });
}

function runClient(url: string, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${clientFolder}write.mjs`, url], { cwd: clientFolder, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`Emmett's client failed (exit ${code}):\n${output}`))));
    child.stdin.end(input);
  });
}

export async function writeEmmett(url: string, events: FixtureEvent[], keepTimes: boolean): Promise<void> {
  await ensureClient();
  const appends = appendsOf(events).map(({ stream, events: batch }) => ({
    stream,
    events: batch.map((event) => ({ type: event.type, data: event.data, ...(event.metadata === undefined ? {} : { metadata: event.metadata }) })),
  }));
  await runClient(url, JSON.stringify(appends));
  if (!keepTimes) return;
  await withClient(url, async (client) => {
    // stream_position is 1-based in Emmett, like the fixture's versions.
    for (const event of events) {
      await client.query('UPDATE emt_messages SET created = $1 WHERE stream_id = $2 AND stream_position = $3', [event.time, event.stream, event.version]);
    }
  });
}

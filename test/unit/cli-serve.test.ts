// `eventlens serve` as a person starts it: the address at once (the journal opens in the page, with its progress), and
// plain words for a busy port, a port out of range or a missing file.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempFolder } from '../support/fixtures.js';
import { writeLargeNdjson } from '../support/large-journal.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
const folder = tempFolder('eventlens-cli-serve-');
afterAll(() => folder.remove());

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  stop: () => void;
}

function serve(args: string[]): Run {
  const env = { ...process.env, XDG_CONFIG_HOME: join(folder.path, 'config'), XDG_CACHE_HOME: join(folder.path, 'cache') };
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { output: () => out, exited, stop: () => child.kill('SIGTERM') };
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function post(url: URL, method: string): Promise<{ ok: boolean; value?: unknown }> {
  const response = await fetch(new URL(`/api/${method}`, url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${url.searchParams.get('token')}`, 'X-Eventlens-Session': 'cli-serve-tab-0123456789' },
    body: '{}',
  });
  return (await response.json()) as { ok: boolean; value?: unknown };
}

describe('eventlens serve', () => {
  it('prints its address before the journal is read, and the first tab finds it opening', async () => {
    // Reading this takes seconds here; printing the address must not wait for it.
    const journal = join(folder.path, 'big.ndjson');
    await writeLargeNdjson(journal, 400_000);
    const run = serve([journal]);
    try {
      // The address and what the host does with FILE arrive as separate writes.
      await until(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(run.output()) && run.output().includes('Each tab opens'), 'the address');
      const url = new URL(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(run.output())![0]);
      const progress = await post(url, 'openProgress');
      expect(progress).toMatchObject({ ok: true, value: { name: 'big.ndjson' } });
      // summary() waits for the open the tab found running, then answers with the journal.
      expect(await post(url, 'summary')).toMatchObject({ ok: true, value: { name: 'big.ndjson', events: 400_000 } });
    } finally {
      run.stop();
      await run.exited;
    }
  }, 180_000);

  it('says a busy port in words, and exits 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const run = serve(['--port', String(port)]);
      expect(await run.exited).toBe(2);
      expect(run.output()).toBe(`eventlens: port ${port} on 127.0.0.1 is already in use (another eventlens serve?): choose another with --port N, or leave --port out for any free port.\n`);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('refuses a port out of range and a missing journal before starting', async () => {
    const badPort = serve(['--port', '99999']);
    expect(await badPort.exited).toBe(2);
    expect(badPort.output()).toMatch(/^eventlens: serve: --port expects a port number from 1 to 65535 \(or 0 for any free port\), not "99999"\.\n$/);
    const missing = serve([join(folder.path, 'missing.ndjson')]);
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toBe(`eventlens: ${join(folder.path, 'missing.ndjson')} does not exist.\n`);
  }, 60_000);
});

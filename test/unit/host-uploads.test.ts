// Uploads to the browser host: hostile names never become paths, replies never show where the host keeps files,
// uploads are bounded in size and number, private to the user, dropped once replaced, and gone when the host stops,
// also when `eventlens serve` is stopped by a signal or a host before it was killed.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { ClientRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../electron/host/server.js';
import type { HostOptions, RunningHost } from '../../electron/host/server.js';
import { stopOnSignals } from '../../electron/host/stop-on-signals.js';
import { uploadNames } from '../../electron/host/upload-names.js';
import { UploadShelf } from '../../electron/host/upload-shelf.js';
import { BANK_EVENTS, tempFolder } from '../support/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
const HOST_MODULE = join(import.meta.dirname, '../../dist/electron/host/server.js');
const SIGNALS_MODULE = join(import.meta.dirname, '../../dist/electron/host/stop-on-signals.js');
/** Generous: a loaded two-core machine starts Node, reads a journal and closes a host slowly. */
const PATIENCE_MS = 30_000;

/** The session id of the one tab these requests stand for. */
const TAB = 'tab-one-0123456789abcdef';
const JOURNAL = BANK_EVENTS.map((event) => JSON.stringify(event)).join('\n') + '\n';
const folder = tempFolder('eventlens-host-uploads-');
const renderer = join(folder.path, 'renderer');
const hosts: RunningHost[] = [];

interface Answer {
  status: number;
  body: string;
}

beforeAll(() => {
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Eventlens</title>');
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});
afterAll(() => folder.remove());

/** A host whose upload folder is made in a parent of the test's own, so what it leaves there can be listed. */
async function host(uploads: HostOptions['uploads'] = {}): Promise<RunningHost & { parent: string }> {
  const parent = join(folder.path, `parent-${hosts.length}-${Date.now()}`);
  mkdirSync(parent);
  const running = await startHost({ rendererDir: renderer, recentFile: null, uploads: { parent, ...uploads } });
  hosts.push(running);
  return Object.assign(running, { parent });
}

function upload(target: RunningHost, name: string | null, body: string | Buffer, options: { chunked?: boolean; compare?: boolean } = {}): Promise<Answer> {
  const query = new URLSearchParams();
  if (name !== null) query.set('name', name);
  if (options.compare) query.set('for', 'compare');
  const headers: Record<string, string> = { Authorization: `Bearer ${target.token}`, 'X-Eventlens-Session': TAB };
  if (!options.chunked) headers['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = post(target, `/upload?${query}`, headers, resolve, reject);
    if (options.chunked) {
      // Several writes and no Content-Length: the body's size is known only by counting it.
      const bytes = Buffer.from(body);
      for (let at = 0; at < bytes.length; at += 1000) req.write(bytes.subarray(at, at + 1000));
      req.end();
    } else {
      req.end(body);
    }
  });
}

function post(target: RunningHost, path: string, headers: Record<string, string>, resolve: (answer: Answer) => void, reject: (error: Error) => void): ClientRequest {
  const req = request({ host: '127.0.0.1', port: target.port, method: 'POST', path, headers, agent: false }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
  });
  req.on('error', reject);
  return req;
}

/** Every file and folder under `root`, relative to it. */
function listing(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !condition(); ) {
    if (Date.now() - started > PATIENCE_MS) throw new Error(`Waited ${PATIENCE_MS} ms for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('upload names', () => {
  it('never become a path component, and keep an ordinary name as it is', () => {
    for (const sent of [null, '', '.', '..', '...', '/', '\\', '../..', 'a/..', 'a\\..', ' . ', '\u0000', '\u0000..']) {
      expect(uploadNames(sent)).toEqual({ shown: 'journal', file: 'journal' });
    }
    expect(uploadNames('../../etc/passwd')).toEqual({ shown: 'passwd', file: 'passwd' });
    expect(uploadNames('C:\\Users\\me\\orders.ndjson')).toEqual({ shown: 'orders.ndjson', file: 'orders.ndjson' });
    expect(uploadNames('x\u0000y.ndjson')).toEqual({ shown: 'xy.ndjson', file: 'xy.ndjson' });
    expect(uploadNames('.bashrc').file).toBe('bashrc');
    expect(uploadNames('CON.json').file).toBe('_CON.json');
    expect(uploadNames('a:b*c?.json').file).toBe('a_b_c_.json');
    // Inert text to show, with its deceptive character; the file's name has none.
    expect(uploadNames('invoice\u202egpj.ndjson')).toEqual({ shown: 'invoice\u202egpj.ndjson', file: 'invoice_gpj.ndjson' });
    // Ordinary names, in any script, are kept: a one-stream journal's stream is named after its file.
    for (const name of ['order-42.json', 'Bestellung (Kopie) #2.ndjson.gz', '注文-42.ndjson', 'café.json']) expect(uploadNames(name)).toEqual({ shown: name, file: name });
    const long = uploadNames(`${'é'.repeat(300)}.ndjson`);
    expect(Buffer.byteLength(long.file)).toBeLessThanOrEqual(200);
    expect(long.file.endsWith('.ndjson')).toBe(true);
  });
});

// Each test starts a host and reads journals: on a loaded machine that takes longer than the default allows.
describe('uploads to the browser host', { timeout: 60_000 }, () => {
  it('stores hostile names inside its own folder, under names it chooses, and opens them', async () => {
    const running = await host();
    const sent = ['..', '.', '', '/', '../../escape.ndjson', 'a/b.ndjson', 'a\\b.ndjson', 'x\u0000y.ndjson', '%2e%2e', '\u202eevil.ndjson'];
    const names: string[] = [];
    for (const name of sent) {
      const answer = await upload(running, name, JOURNAL);
      expect(answer.status, name).toBe(200);
      const reply = JSON.parse(answer.body);
      expect(reply, name).toMatchObject({ ok: true, value: { events: BANK_EVENTS.length } });
      expect(reply.value.path.startsWith(running.uploadFolder + '/'), name).toBe(true);
      names.push(reply.value.name);
    }
    expect(names).toEqual(['journal', 'journal', 'journal', 'journal', 'escape.ndjson', 'b.ndjson', 'b.ndjson', 'xy.ndjson', '%2e%2e', '_evil.ndjson']);
    expect((await upload(running, null, JOURNAL)).status).toBe(200);
    // Nothing beside the upload folder, and in it only the journal on screen: each one replaced the one before.
    expect(readdirSync(running.parent)).toEqual([running.uploadFolder.slice(running.parent.length + 1)]);
    expect(listing(running.uploadFolder)).toEqual(['11', join('11', 'journal')]);
  });

  it('answers an upload that cannot be read without showing where the host keeps it', async () => {
    const running = await host();
    for (const name of ['..', 'not-a-journal.ndjson', '']) {
      const answer = await upload(running, name, 'this is not a journal\n');
      const reply = JSON.parse(answer.body);
      expect(reply, name).toMatchObject({ ok: false, error: { code: 'bad-format' } });
      for (const secret of [running.uploadFolder, running.parent, folder.path, 'eventlens-uploads-']) expect(answer.body, name).not.toContain(secret);
    }
    expect(listing(running.uploadFolder)).toEqual([]);
  });

  it("scrubs its folder from messages: an upload's path becomes the name the page sent", async () => {
    const parent = join(folder.path, 'scrub');
    mkdirSync(parent);
    const shelf = await UploadShelf.open({}, parent);
    try {
      const upload = await shelf.admit('../../x/orders.ndjson', NaN);
      expect(shelf.scrub(`EEXIST: file already exists, open '${upload.path}'`)).toBe("EEXIST: file already exists, open 'orders.ndjson'");
      expect(shelf.scrub(`cannot write ${shelf.folder}/9/tmp`, upload)).toBe('cannot write the upload folder/9/tmp');
      expect(shelf.scrubReply({ ok: false, error: { code: 'internal', message: `Unexpected error at ${realpathSync(upload.path.replace(/orders\.ndjson$/, ''))}` } })).toEqual({
        ok: false,
        error: { code: 'internal', message: expect.not.stringContaining(parent) },
      });
    } finally {
      await shelf.clear();
    }
  });

  it.skipIf(process.platform === 'win32')('keeps the upload folder 0700 and each uploaded file 0600', async () => {
    const running = await host();
    const reply = JSON.parse((await upload(running, 'bank.ndjson', JOURNAL)).body);
    expect(statSync(running.uploadFolder).mode & 0o777).toBe(0o700);
    expect(statSync(join(reply.value.path, '..')).mode & 0o777).toBe(0o700);
    expect(statSync(reply.value.path).mode & 0o777).toBe(0o600);
  });

  it('refuses an upload over the size limit with 413, declared or only counted, and keeps no part of it', async () => {
    const running = await host({ maxBytes: 4096 });
    const big = JOURNAL.repeat(Math.ceil(10_000 / JOURNAL.length));
    for (const chunked of [false, true]) {
      const answer = await upload(running, 'big.ndjson', big, { chunked });
      expect(answer.status, `chunked: ${chunked}`).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'too-large', message: expect.stringContaining('4 KiB') } });
      expect(listing(running.uploadFolder)).toEqual([]);
    }
    // Exactly at the limit is still taken.
    const fits = JOURNAL + ' '.repeat(4096 - Buffer.byteLength(JOURNAL));
    expect(JSON.parse((await upload(running, 'fits.ndjson', fits, { chunked: true })).body)).toMatchObject({ ok: true });
  });

  it('neither opens nor keeps an upload cut off before its end', async () => {
    const running = await host();
    const req = request({
      host: '127.0.0.1',
      port: running.port,
      method: 'POST',
      path: '/upload?name=cut.ndjson',
      headers: { Authorization: `Bearer ${running.token}`, 'X-Eventlens-Session': TAB, 'Content-Length': String(10 * Buffer.byteLength(JOURNAL)) },
      agent: false,
    });
    req.on('error', () => {});
    req.write(JOURNAL);
    await waitFor(() => listing(running.uploadFolder).includes(join('1', 'cut.ndjson')), 'the upload to begin');
    req.destroy();
    await waitFor(() => listing(running.uploadFolder).length === 0, 'the cut-off upload to be removed');
    expect(await running.latestService().openProgress()).toBeNull();
    expect(await running.latestService().summary()).toBeNull();
  });

  it('keeps at most maxCount uploads: 429 while all are on screen or in use, the oldest not on screen dropped', async () => {
    const running = await host({ maxCount: 2 });
    expect(JSON.parse((await upload(running, 'a.ndjson', JOURNAL)).body)).toMatchObject({ ok: true, value: { name: 'a.ndjson' } });
    // B is being sent (half its bytes so far): with A on screen, both places are taken.
    let finishB!: () => void;
    const b = new Promise<Answer>((resolve, reject) => {
      const req = post(running, '/upload?name=b.ndjson', { Authorization: `Bearer ${running.token}`, 'X-Eventlens-Session': TAB, 'Content-Length': String(Buffer.byteLength(JOURNAL)) }, resolve, reject);
      const bytes = Buffer.from(JOURNAL);
      req.write(bytes.subarray(0, 10));
      finishB = () => req.end(bytes.subarray(10));
    });
    await waitFor(() => listing(running.uploadFolder).includes(join('2', 'b.ndjson')), 'B to be admitted');
    const refused = await upload(running, 'c.ndjson', JOURNAL);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'too-many-uploads' } });
    finishB();
    expect(JSON.parse((await b).body)).toMatchObject({ ok: true, value: { name: 'b.ndjson' } });
    // B replaced A on screen: A's copy is gone, and C now has a place.
    expect(listing(running.uploadFolder)).toEqual(['2', join('2', 'b.ndjson')]);
    expect(JSON.parse((await upload(running, 'c.ndjson', JOURNAL)).body)).toMatchObject({ ok: true, value: { name: 'c.ndjson' } });
    expect(listing(running.uploadFolder)).toEqual(['3', join('3', 'c.ndjson')]);
  });

  it('drops the upload on screen once a journal is opened by path, and a compared upload once compared', async () => {
    const running = await host();
    expect(JSON.parse((await upload(running, 'a.ndjson', JOURNAL)).body)).toMatchObject({ ok: true });
    const compared = JSON.parse((await upload(running, 'b.ndjson', JOURNAL, { compare: true })).body);
    expect(compared).toMatchObject({ ok: true, value: { identical: true } });
    expect(listing(running.uploadFolder)).toEqual(['1', join('1', 'a.ndjson')]);
    const onDisk = join(folder.path, 'on-disk.ndjson');
    writeFileSync(onDisk, JOURNAL);
    const opened = await new Promise<Answer>((resolve, reject) =>
      post(running, '/api/openJournal', { Authorization: `Bearer ${running.token}`, 'X-Eventlens-Session': TAB }, resolve, reject).end(JSON.stringify({ path: onDisk })),
    );
    expect(JSON.parse(opened.body)).toMatchObject({ ok: true, value: { name: 'on-disk.ndjson' } });
    expect(listing(running.uploadFolder)).toEqual([]);
  });

  it('removes the upload folder when the host closes', async () => {
    const running = await host();
    await upload(running, 'a.ndjson', JOURNAL);
    expect(existsSync(running.uploadFolder)).toBe(true);
    await running.close();
    expect(existsSync(running.uploadFolder)).toBe(false);
    expect(readdirSync(running.parent)).toEqual([]);
  });

  it('removes the upload folders of hosts that died, and only those', async () => {
    const parent = join(folder.path, 'abandoned');
    mkdirSync(parent);
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const left = join(parent, `eventlens-uploads-${dead}-AbC123`);
    mkdirSync(join(left, '1'), { recursive: true });
    writeFileSync(join(left, '1', 'old.ndjson'), JOURNAL);
    // A running host's folder (this process's parent runs), and folders not named like ours, stay.
    const alive = join(parent, `eventlens-uploads-${process.ppid}-XyZ789`);
    const other = join(parent, `eventlens-uploads-${dead}-not-ours`);
    for (const keep of [alive, other]) mkdirSync(keep);
    const running = await host({ parent });
    expect(existsSync(left)).toBe(false);
    expect(existsSync(alive) && existsSync(other)).toBe(true);
    await running.close();
  });
});

describe('a host process stopped by a signal', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
  });

  /** Starts `node …args` with its temporary folder in the test's, and waits for the address it prints. */
  async function started(args: string[], tmp: string): Promise<{ child: ChildProcess; url: URL; exited: Promise<{ code: number | null; signal: string | null }> }> {
    const env = { ...process.env, TMPDIR: tmp, XDG_CONFIG_HOME: join(tmp, 'config'), XDG_CACHE_HOME: join(tmp, 'cache') };
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(out) || child.exitCode !== null, 'the host to print its address');
    const address = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
    if (!address) throw new Error(`The host did not start: ${out}`);
    return { child, url: new URL(address[0]), exited };
  }

  function uploadTo(url: URL, name: string): Promise<Answer> {
    const target = { port: Number(url.port), token: url.searchParams.get('token')! } as RunningHost;
    return upload(target, name, JOURNAL);
  }

  const uploadFolders = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith('eventlens-uploads-'));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`eventlens serve removes its uploads on ${signal}`, async () => {
      const tmp = join(folder.path, `serve-${signal}`);
      mkdirSync(tmp);
      const { child, url, exited } = await started([CLI, 'serve'], tmp);
      expect(JSON.parse((await uploadTo(url, 'bank.ndjson')).body)).toMatchObject({ ok: true });
      expect(uploadFolders(tmp)).toHaveLength(1);
      expect(listing(join(tmp, uploadFolders(tmp)[0]!))).toContain(join('1', 'bank.ndjson'));
      child.kill(signal);
      const end = await exited;
      // It stopped itself (a handler ran), rather than being killed by the signal's default action.
      expect(end.signal).toBeNull();
      expect(uploadFolders(tmp)).toEqual([]);
    }, 90_000);
  }

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`stopOnSignals closes the host, removes its uploads and exits ${code} on ${signal}`, async () => {
      const tmp = join(folder.path, `signals-${signal}`);
      mkdirSync(tmp);
      const script =
        `const { startHost } = await import(${JSON.stringify(HOST_MODULE)});` +
        `const { stopOnSignals } = await import(${JSON.stringify(SIGNALS_MODULE)});` +
        `const host = await startHost({ recentFile: null }); stopOnSignals(host); console.log(host.url);`;
      // A file rather than --eval: the service's worker threads inherit the process's flags.
      const file = join(folder.path, `signals-${signal}.mjs`);
      writeFileSync(file, script);
      const { child, url, exited } = await started([file], tmp);
      expect(JSON.parse((await uploadTo(url, 'bank.ndjson')).body)).toMatchObject({ ok: true });
      child.kill(signal);
      expect(await exited).toEqual({ code, signal: null });
      expect(uploadFolders(tmp)).toEqual([]);
    }, 90_000);
  }

  it('stopOnSignals exits at once, uploads removed, on a second signal while closing', async () => {
    const removed: string[] = [];
    const exits: number[] = [];
    const listeners = new Map<string, (signal: NodeJS.Signals) => void>();
    const stub = {
      on: (signal: string, listener: (signal: NodeJS.Signals) => void) => listeners.set(signal, listener),
      off: (signal: string) => listeners.delete(signal),
    } as unknown as Pick<NodeJS.Process, 'on' | 'off'>;
    const never = { close: () => new Promise<void>(() => {}), removeUploadsNow: () => removed.push('now') } as unknown as RunningHost;
    const remove = stopOnSignals(never, { exit: (code) => exits.push(code), signals: stub });
    listeners.get('SIGTERM')!('SIGTERM');
    expect(exits).toEqual([]);
    listeners.get('SIGINT')!('SIGINT');
    expect({ removed, exits }).toEqual({ removed: ['now'], exits: [130] });
    remove();
    expect(listeners.size).toBe(0);
  });
});

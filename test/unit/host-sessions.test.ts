// The browser host gives each tab its own session, keeps a bounded number, closes idle ones (with their uploads), and
// opens its journal in a new tab's session without making the tab, or the printed address, wait for it.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HostSessions } from '../../electron/host/host-sessions.js';
import { startHost } from '../../electron/host/server.js';
import type { HostOptions, RunningHost } from '../../electron/host/server.js';
import type { JournalService } from '../../electron/service/journal-service.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';

const folder = tempFolder('eventlens-host-sessions-');
const renderer = join(folder.path, 'renderer');
mkdirSync(renderer);
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Eventlens</title>');
const journal = writeNdjson(join(folder.path, 'bank.ndjson'), BANK_EVENTS);
const hosts: RunningHost[] = [];

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});
afterAll(() => folder.remove());

async function host(options: HostOptions = {}): Promise<RunningHost> {
  const uploads = join(folder.path, `uploads-${hosts.length}-${Date.now()}`);
  mkdirSync(uploads);
  const running = await startHost({ rendererDir: renderer, recentFile: null, uploads: { parent: uploads }, ...options });
  hosts.push(running);
  return running;
}

interface Reply {
  status: number;
  reply: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function post(target: RunningHost, path: string, tab: string | null, body: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string> = { Authorization: `Bearer ${target.token}`, ...headers };
    if (tab !== null) all['X-Eventlens-Session'] = tab;
    const req = request({ host: '127.0.0.1', port: target.port, method: 'POST', path, headers: all, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reply: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply['reply'] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const call = (target: RunningHost, tab: string | null, method: string, argument: object = {}) => post(target, `/api/${method}`, tab, JSON.stringify(argument));
const tab = (name: string) => `tab-${name}-0123456789abcdef`;

describe('browser host sessions', () => {
  it('refuses a call that names no session, or a malformed one', async () => {
    const running = await host();
    for (const id of [null, 'short', 'x'.repeat(65), 'not a session id!!']) {
      const { reply } = await call(running, id, 'summary');
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('X-Eventlens-Session') } });
    }
  });

  it('gives each tab its own journal: an upload in one is not what another shows, and the host journal opens in each', async () => {
    const running = await host({ journal });
    // The address is ready before the journal: the first tab finds it opening, or open already, never missing.
    expect((await call(running, tab('a'), 'summary')).reply).toMatchObject({ ok: true, value: { name: 'bank.ndjson', events: 7 } });
    expect((await call(running, tab('b'), 'summary')).reply).toMatchObject({ ok: true, value: { name: 'bank.ndjson' } });
    const upload = await post(running, '/upload?name=tampered.ndjson', tab('b'), `${JSON.stringify({ ...BANK_EVENTS[0], data: { amount: 1000 } })}\n`);
    expect(upload.reply).toMatchObject({ ok: true, value: { name: 'tampered.ndjson', events: 1 } });
    expect((await call(running, tab('a'), 'summary')).reply).toMatchObject({ ok: true, value: { name: 'bank.ndjson', events: 7 } });
    expect((await call(running, tab('b'), 'summary')).reply).toMatchObject({ ok: true, value: { name: 'tampered.ndjson' } });
    expect(running.sessions.list().map((session) => session.id).sort()).toEqual([tab('a'), tab('b')]);
  });

  it('tells the first tab why the host journal could not be opened, once', async () => {
    const running = await host({ journal: join(folder.path, 'missing.ndjson') });
    const first = await call(running, tab('a'), 'summary');
    expect(first.reply).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('missing.ndjson') } });
    expect((await call(running, tab('a'), 'summary')).reply).toEqual({ ok: true, value: null });
  });

  it('closes a session left idle, removing its upload, and tells its tab to reload', async () => {
    const running = await host({ sessions: { idleMs: 300 } });
    const upload = await post(running, '/upload?name=bank.ndjson', tab('idle'), BANK_EVENTS.map((event) => JSON.stringify(event)).join('\n'));
    expect(upload.reply).toMatchObject({ ok: true });
    expect(readdirSync(running.uploadFolder)).toHaveLength(1);
    await expect.poll(() => running.sessions.list().length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => readdirSync(running.uploadFolder), { timeout: 10_000 }).toEqual([]);
    const { reply } = await call(running, tab('idle'), 'events');
    expect(reply).toMatchObject({ ok: false, error: { code: 'session-closed', message: expect.stringMatching(/closed to free the host's memory.*Reload the page/) } });
    // A new tab (a reload makes a new id) works at once.
    expect((await call(running, tab('fresh'), 'openJournal', { path: journal })).reply).toMatchObject({ ok: true, value: { events: 7 } });
  });

  it('keeps at most maxSessions: a new tab closes the one unused longest', async () => {
    const running = await host({ sessions: { maxSessions: 2 } });
    await call(running, tab('one'), 'openJournal', { path: journal });
    await call(running, tab('two'), 'openSample');
    await call(running, tab('one'), 'summary');
    expect((await call(running, tab('three'), 'summary')).reply).toEqual({ ok: true, value: null });
    expect(running.sessions.list().map((session) => session.id)).toEqual([tab('three'), tab('one')]);
    expect((await call(running, tab('two'), 'summary')).reply).toMatchObject({ ok: false, error: { code: 'session-closed' } });
    expect((await call(running, tab('one'), 'summary')).reply).toMatchObject({ ok: true, value: { name: 'bank.ndjson' } });
  });
});

describe('HostSessions', () => {
  class FakeService {
    closed = 0;
    async close(): Promise<void> {
      this.closed += 1;
    }
  }
  const make = (limits: { maxSessions?: number; idleMs?: number }, clock: { now: number }) => {
    const made: FakeService[] = [];
    const sessions = new HostSessions({
      limits,
      create: () => {
        const service = new FakeService();
        made.push(service);
        return service as unknown as JournalService;
      },
      now: () => clock.now,
    });
    return { sessions, made };
  };

  it('never closes a session answering a request; refuses a new tab when all are busy', async () => {
    const clock = { now: 0 };
    const { sessions, made } = make({ maxSessions: 1, idleMs: 1000 }, clock);
    let finish!: () => void;
    const busy = sessions.use(tab('busy'), () => new Promise<void>((resolve) => (finish = resolve)));
    await expect(sessions.use(tab('new'), async () => 'ran')).rejects.toMatchObject({ code: 'too-many-sessions' });
    clock.now = 5000;
    await sessions.sweepIdle();
    expect(made[0]!.closed).toBe(0);
    finish();
    await busy;
    clock.now = 5999;
    await sessions.sweepIdle();
    expect(made[0]!.closed).toBe(0);
    clock.now = 6000;
    await sessions.sweepIdle();
    expect(made[0]!.closed).toBe(1);
    await sessions.closeAll();
  });

  it('hands the spare session, opened before any tab asked, to the first tab', async () => {
    const clock = { now: 0 };
    const { sessions, made } = make({}, clock);
    sessions.prepareSpare();
    expect(made).toHaveLength(1);
    const first = await sessions.use(tab('first'), async (session) => session.service);
    const second = await sessions.use(tab('second'), async (session) => session.service);
    expect(first).toBe(made[0]);
    expect(second).toBe(made[1]);
    await sessions.closeAll();
    expect(made.map((service) => service.closed)).toEqual([1, 1]);
  });
});

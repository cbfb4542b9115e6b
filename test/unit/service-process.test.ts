// The journal service in a process of its own, for real: the compiled service-process.js forked by Node, asked
// through ServiceClient as the main process asks it. The main side's event loop stays free while the service opens,
// audits and searches a large journal; a service killed or out of memory costs the calls waiting and the journal it
// had open, said in words, and the next call starts a fresh one; calls run side by side; no message crashes it.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { statSync } from 'node:fs';
import { queryObjects } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JournalApi } from '../../shared/contract.js';
import type { OpenProgress } from '../../shared/model.js';
import { forkServiceChannel } from '../../electron/service/fork-channel.js';
import { ServiceClient } from '../../electron/service/service-client.js';
import type { ServiceStop } from '../../electron/service/service-client.js';
import type { ServiceProcessOptions, ToService } from '../../electron/service/service-messages.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';
import { writeLargeNdjson } from '../support/large-journal.js';
import { assertServiceBuilt, forkedClient, forkedServices } from '../support/service-fork.js';

const EVENTS = 300_000;
/** The bound the issue sets for the main side's event-loop delay (the 10 ms sampling interval included). */
const FREE_LOOP_MS = 50;
const EXHAUST_MEMORY = pathToFileURL(join(import.meta.dirname, '../support/exhaust-memory-shim.mjs')).href;

let folder: ReturnType<typeof tempFolder>;
let big: string;
let bank: string;

/** Settings for one service, with a cache folder of its own: a large journal is imported afresh, slowly enough to watch. */
function settings(cache: string): ServiceProcessOptions {
  return { samplePath: bank, recentFile: null, cacheDir: join(folder.path, cache), auditOnOpen: true };
}

/** Waits on a condition, asking again and again; never a fixed sleep. */
async function until(condition: () => Promise<boolean>, timeout = 60_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await condition())) throw new Error('not yet');
    },
    { timeout, interval: 10 },
  );
}

/** What the service is asked in the event-loop test: open, audit, a condition on a payload field, a text search. */
async function heavyWork(api: JournalApi, journal: string) {
  const summary = await api.openJournal({ path: journal });
  const audit = await api.audit();
  const byCondition = await api.events({ where: 'data.amount > 999', limit: 50 });
  const byText = await api.events({ text: '"SKU-4999"', limit: 50 });
  return { summary, audit, byCondition, byText };
}

/**
 * Collects this test runner's own garbage now, not during the measurement: V8 otherwise collects the runner's startup
 * garbage some seconds in, in 17-37 ms pauses (measured here) that would be counted against the service.
 * v8.queryObjects searches the heap after a full collection (Node >= 20.13; experimental, so it warns once).
 */
function settleHeap(): void {
  class Settled {}
  queryObjects(Settled, { format: 'count' });
}

/** Runs `work` with this thread's event-loop delay recorded (10 ms resolution): the largest and the 99th percentile. */
async function loopDelayDuring<T>(work: () => Promise<T>): Promise<{ result: T; maxMs: number; p99Ms: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const result = await work();
    return { result, maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6 };
  } finally {
    delay.disable();
  }
}

beforeAll(async () => {
  assertServiceBuilt();
  folder = tempFolder('eventlens-service-process-');
  big = await writeLargeNdjson(join(folder.path, 'orders.ndjson'), EVENTS);
  bank = writeNdjson(join(folder.path, 'bank.ndjson'), BANK_EVENTS);
}, 120_000);

afterAll(() => folder?.remove());

describe('the journal service in its own process', () => {
  // Retried: on a machine whose other core is busy with other test files, the OS may leave this process unscheduled
  // for a moment whatever it runs (1 run in ~9 here, with CPU hogs beside it). The service inside this process misses
  // the bound every time (73-188 ms measured), so a retry still tells the two apart.
  it(`keeps the main side's event loop free (max delay under ${FREE_LOOP_MS} ms) while it opens, audits and searches ${EVENTS.toLocaleString('en')} events`, { retry: 2, timeout: 600_000 }, async () => {
    const { client } = forkedClient(settings('cache-loop'));
    try {
      // The process is started first: Node's fork() copies this (test runner's) process on this thread, where
      // Electron launches a utility process from a launcher thread. What is measured is the journal's work.
      expect(await client.recent()).toEqual([]);
      settleHeap();
      const { result, maxMs, p99Ms } = await loopDelayDuring(() => heavyWork(client, big));
      console.info(`service process: main-side event-loop delay max ${maxMs.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms (10 ms resolution included)`);
      expect(result.summary.events).toBe(EVENTS);
      expect(result.audit.journal.events).toBe(EVENTS);
      expect(result.byCondition.total).toBeGreaterThan(0);
      expect(result.byCondition.events.every((event) => (event.data as { amount: number }).amount > 999)).toBe(true);
      expect(result.byText.total).toBeGreaterThan(0);
      expect(result.byText.events.every((event) => (event.data as { sku: string }).sku === 'SKU-4999')).toBe(true);
      expect(maxMs).toBeLessThan(FREE_LOOP_MS);
    } finally {
      await client.close();
    }
    // The service runs below normal priority: on a machine busy with other work it gets its share slowly.
  });

  // For contrast only (EVENTLENS_LOOP_CONTRAST=1): the same work on the compiled service inside this process, as the
  // app did before. Nothing is asserted; the numbers are printed.
  it.runIf(process.env.EVENTLENS_LOOP_CONTRAST === '1')('for contrast: the same work inside this process', async () => {
    const compiled = pathToFileURL(join(import.meta.dirname, '../../dist/electron/service/journal-service.js')).href;
    const { JournalService } = (await import(compiled)) as typeof import('../../electron/service/journal-service.js');
    const service = new JournalService({ samplePath: bank, cacheDir: join(folder.path, 'cache-in-process'), auditOnOpen: true });
    try {
      settleHeap();
      const { result, maxMs, p99Ms } = await loopDelayDuring(() => heavyWork(service, big));
      console.info(`in process: event-loop delay max ${maxMs.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms (10 ms resolution included)`);
      expect(result.summary.events).toBe(EVENTS);
    } finally {
      await service.close();
    }
  }, 300_000);

  it('a service killed mid-call (as the system kills one out of memory) fails the call in words, tells onStopped, and the next call starts a fresh one', async () => {
    const { client, children } = forkedClient(settings('cache-killed'));
    const stops: ServiceStop[] = [];
    client.onStopped((stop) => stops.push(stop));
    try {
      await client.openJournal({ path: bank });
      const opening = client.openJournal({ path: big }).then(
        () => null,
        (error: unknown) => error,
      );
      await until(async () => ((await client.openProgress())?.bytesRead ?? 0) > 0);
      children[0]!.kill('SIGKILL');
      const message = 'The journal service stopped (killed) while opening orders.ndjson; reopen the journal to go on.';
      expect(await opening).toMatchObject({ name: 'JournalError', code: 'service-stopped', message });
      expect(stops).toEqual([
        { exit: { code: null, signal: 'SIGKILL', outOfMemory: false }, message, during: ['openJournal'], journal: { method: 'openJournal', request: { path: bank } } },
      ]);

      // The window offers to reopen what was open: a fresh process, with nothing open until it does.
      expect(await client.summary()).toBeNull();
      expect(children).toHaveLength(2);
      const reopen = stops[0]!.journal;
      if (reopen?.method !== 'openJournal') throw new Error('The stop names no journal to reopen.');
      expect(await client.openJournal(reopen.request)).toMatchObject({ name: 'bank.ndjson', events: 7 });
      expect((await client.events({ stream: 'account-1' })).total).toBe(4);
    } finally {
      await client.close();
    }
  }, 120_000);

  it('a service that really runs out of memory (V8 heap limit) is said to, and the next call starts a fresh one', async () => {
    const { client, children } = forkedClient(settings('cache-memory'), { execArgv: ['--max-old-space-size=32', `--import=${EXHAUST_MEMORY}`], stderr: null });
    const stops: ServiceStop[] = [];
    client.onStopped((stop) => stops.push(stop));
    try {
      await client.openJournal({ path: bank });
      const message = 'The journal service stopped (out of memory) while opening exhaust-memory.ndjson; reopen the journal to go on.';
      await expect(client.openJournal({ path: join(folder.path, 'exhaust-memory.ndjson') })).rejects.toMatchObject({ code: 'service-stopped', message });
      expect(stops).toEqual([expect.objectContaining({ exit: expect.objectContaining({ outOfMemory: true }), message, journal: { method: 'openJournal', request: { path: bank } } })]);
      expect(await client.openJournal({ path: bank })).toMatchObject({ name: 'bank.ndjson', events: 7 });
      expect(children).toHaveLength(2);
    } finally {
      await client.close();
    }
  }, 120_000);

  it('answers calls side by side: openProgress while openJournal runs, and cancelOpen cancels it', async () => {
    const { client } = forkedClient(settings('cache-cancel'));
    try {
      const opening = client.openJournal({ path: big }).then(
        () => null,
        (error: unknown) => error,
      );
      let progress: OpenProgress | null = null;
      await until(async () => {
        progress = await client.openProgress();
        return (progress?.events ?? 0) > 0;
      });
      expect(progress).toMatchObject({ path: big, name: 'orders.ndjson', totalBytes: statSync(big).size });
      expect(await client.cancelOpen()).toBe(true);
      expect(await opening).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/^Opening .*orders\.ndjson was cancelled\.$/) });
      expect(await client.openProgress()).toBeNull();
      expect(await client.cancelOpen()).toBe(false);
      expect(await client.summary()).toBeNull();
    } finally {
      await client.close();
    }
  }, 120_000);

  it('says so when the process cannot be started, or dies before it listens', async () => {
    const noNode = new ServiceClient({
      startProcess: () => forkServiceChannel((modulePath, args, options) => fork(modulePath, args, { ...options, execPath: join(folder.path, 'no-such-node') })),
      service: settings('cache-no-node'),
    });
    await expect(noNode.summary()).rejects.toMatchObject({ code: 'service-stopped', message: expect.stringMatching(/^The journal service stopped \(it could not start: spawn .*no-such-node ENOENT\) while summarizing the journal; reopen/) });
    const noModule = new ServiceClient({ startProcess: () => forkServiceChannel(fork, { modulePath: join(folder.path, 'no-such-service.js'), stderr: null }), service: settings('cache-no-module') });
    await expect(noModule.summary()).rejects.toMatchObject({ code: 'service-stopped', message: expect.stringMatching(/^The journal service stopped \(exit code 1\) while summarizing the journal/) });
  }, 60_000);

  it('answers unknown and malformed messages with an error reply, and goes on answering', async () => {
    const { startProcess, children } = forkedServices();
    const channel = startProcess();
    const received: unknown[] = [];
    channel.onMessage((message) => received.push(message));
    const exits: unknown[] = [];
    channel.onExit((exit) => exits.push(exit));
    const send = (message: unknown): void => channel.postMessage(message as ToService);
    const replyTo = (id: number | null, code: string, message: RegExp | string = expect.any(String) as unknown as string) =>
      expect.objectContaining({ kind: 'reply', id, reply: { ok: false, error: { code, message: typeof message === 'string' ? message : expect.stringMatching(message) } } });
    try {
      await vi.waitFor(() => expect(received).toContainEqual({ kind: 'ready' }), { timeout: 30_000 });
      send({ kind: 'call', id: 1, method: 'summary' });
      await vi.waitFor(() => expect(received).toContainEqual(replyTo(1, 'internal', /before it was set up/)), { timeout: 30_000 });
      send({ kind: 'init', options: settings('cache-messages') });
      for (const junk of ['hello', null, 42, [], { kind: 'call', id: 'x', method: 'summary' }, { kind: 'init', options: { samplePath: 3 } }, { kind: 'init', options: settings('again') }]) send(junk);
      send({ kind: 'call', id: 2, method: 'deleteEverything', argument: {} });
      send({ kind: 'call', id: 3, method: 'constructor' });
      send({ kind: 'call', id: 4, method: 7 });
      send({ kind: 'call', id: 5, method: 'events', argument: { limit: -1 } });
      send({ kind: 'shout', id: 6 });
      send({ kind: 'call', id: 7, method: 'summary' });
      await vi.waitFor(() => expect(received).toContainEqual({ kind: 'reply', id: 7, reply: { ok: true, value: null } }), { timeout: 30_000 });
      expect(received.filter((message) => (message as { id?: unknown }).id === null)).toEqual([
        replyTo(null, 'bad-request', /not an object/),
        replyTo(null, 'bad-request', /not an object/),
        replyTo(null, 'bad-request', /not an object/),
        replyTo(null, 'bad-request', /not an object/),
        replyTo(null, 'bad-request', /without a valid id/),
        replyTo(null, 'bad-request', /settings were refused: samplePath/),
        replyTo(null, 'bad-request', /set up already/),
      ]);
      expect(received).toContainEqual(replyTo(2, 'bad-request', 'Unknown method "deleteEverything".'));
      expect(received).toContainEqual(replyTo(3, 'bad-request', 'Unknown method "constructor".'));
      expect(received).toContainEqual(replyTo(4, 'bad-request', /without a method name/));
      expect(received).toContainEqual(replyTo(5, 'bad-request', /events at limit/));
      expect(received).toContainEqual(replyTo(6, 'bad-request', /unknown kind "shout"/));
      expect(exits).toEqual([]);
      expect(children[0]!.exitCode).toBeNull();

      send({ kind: 'close' });
      await vi.waitFor(() => expect(exits).toEqual([{ code: 0, signal: null, outOfMemory: false }]), { timeout: 30_000 });
    } finally {
      if (exits.length === 0) channel.kill();
    }
  }, 120_000);
});

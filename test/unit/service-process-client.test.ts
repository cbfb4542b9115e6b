// ServiceClient, the main side of the service's own process, against a channel the test plays: lazy start, messages
// held until the process listens, replies unwrapped, and a process that dies, will not start, or will not close.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JournalError } from '../../shared/contract.js';
import { ServiceClient } from '../../electron/service/service-client.js';
import type { ServiceStop } from '../../electron/service/service-client.js';
import { exitInWords } from '../../electron/service/service-exit.js';
import { readFromService, readToService } from '../../electron/service/service-messages.js';
import type { ServiceProcessOptions } from '../../electron/service/service-messages.js';
import { callInWords, whileDoing } from '../../electron/service/service-words.js';
import { FakeServiceChannel } from '../support/fake-service-channel.js';

const SETTINGS: ServiceProcessOptions = { samplePath: '/app/sample.ndjson', recentFile: null, auditOnOpen: true };
const SUMMARY = { path: '/data/bank.ndjson', name: 'bank.ndjson', events: 7 };

let channels: FakeServiceChannel[];
let client: ServiceClient;

function started(): FakeServiceChannel {
  const channel = channels.at(-1);
  if (channel === undefined) throw new Error('No process was started.');
  return channel;
}

beforeEach(() => {
  channels = [];
  client = new ServiceClient({
    startProcess: () => {
      const channel = new FakeServiceChannel();
      channels.push(channel);
      return channel;
    },
    service: SETTINGS,
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('ServiceClient', () => {
  it('starts the process on the first call, holds messages until it listens, and sends its settings first', async () => {
    expect(channels).toHaveLength(0);
    const summary = client.summary();
    expect(channels).toHaveLength(1);
    expect(started().sent).toEqual([]);
    started().send({ kind: 'ready' });
    expect(started().sent).toEqual([
      { kind: 'init', options: SETTINGS },
      { kind: 'call', id: expect.any(Number), method: 'summary', argument: undefined },
    ]);
    started().answer('summary', { ok: true, value: SUMMARY });
    expect(await summary).toEqual(SUMMARY);
    // The same process answers the next call.
    const events = client.events({ stream: 'account-1' });
    started().answer('events', { ok: true, value: { total: 0, offset: 0, events: [] } });
    expect(await events).toEqual({ total: 0, offset: 0, events: [] });
    expect(channels).toHaveLength(1);
  });

  it('turns an error reply into a JournalError with its code, and hands reply() its raw reply', async () => {
    const replay = client.replay({ stream: 'ghost-9' });
    started().send({ kind: 'ready' });
    started().answer('replay', { ok: false, error: { code: 'unknown-stream', message: 'There is no stream "ghost-9" in bank.ndjson.' } });
    const error = await replay.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JournalError);
    expect(error).toMatchObject({ code: 'unknown-stream', message: 'There is no stream "ghost-9" in bank.ndjson.' });
    const raw = client.reply('audit');
    started().answer('audit', { ok: false, error: { code: 'no-journal', message: 'No journal is open.' } });
    expect(await raw).toEqual({ ok: false, error: { code: 'no-journal', message: 'No journal is open.' } });
  });

  it('answers calls in any order, each by its id', async () => {
    const opening = client.openJournal({ path: '/data/big.ndjson' });
    const progress = client.openProgress();
    started().send({ kind: 'ready' });
    started().answer('openProgress', { ok: true, value: { path: '/data/big.ndjson', name: 'big.ndjson', bytesRead: 10, totalBytes: 100, events: 3 } });
    expect(await progress).toMatchObject({ bytesRead: 10 });
    started().answer('openJournal', { ok: true, value: SUMMARY });
    expect(await opening).toEqual(SUMMARY);
  });

  it('when the process dies, fails every call waiting in words, tells onStopped, and starts afresh on the next call', async () => {
    const stops: ServiceStop[] = [];
    client.onStopped((stop) => stops.push(stop));
    const first = client.openJournal({ path: '/data/bank.ndjson' });
    started().send({ kind: 'ready' });
    started().answer('openJournal', { ok: true, value: SUMMARY });
    await first;

    const opening = client.openJournal({ path: '/data/hostile.ndjson', map: { stream: 'aggregate' } });
    const progress = client.openProgress();
    started().exit({ code: null, signal: null, outOfMemory: true });
    await expect(opening).rejects.toMatchObject({
      code: 'service-stopped',
      message: 'The journal service stopped (out of memory) while opening hostile.ndjson; reopen the journal to go on.',
    });
    await expect(progress).rejects.toMatchObject({ code: 'service-stopped', message: expect.stringMatching(/while reporting how far an open had got/) });
    expect(stops).toEqual([
      {
        exit: { code: null, signal: null, outOfMemory: true },
        // The poll beside the open is not what the person was waiting for.
        message: 'The journal service stopped (out of memory) while opening hostile.ndjson; reopen the journal to go on.',
        during: ['openJournal', 'openProgress'],
        journal: { method: 'openJournal', request: { path: '/data/bank.ndjson' } },
      },
    ]);

    const summary = client.summary();
    expect(channels).toHaveLength(2);
    started().send({ kind: 'ready' });
    expect(started().sent[0]).toEqual({ kind: 'init', options: SETTINGS });
    started().answer('summary', { ok: true, value: null });
    expect(await summary).toBeNull();
  });

  it('says how the process ended: killed, a signal, an exit code', () => {
    expect(exitInWords({ code: null, signal: 'SIGKILL', outOfMemory: false })).toBe('killed');
    expect(exitInWords({ code: null, signal: 'SIGSEGV', outOfMemory: false })).toBe('stopped by SIGSEGV');
    expect(exitInWords({ code: 3, signal: null, outOfMemory: false })).toBe('exit code 3');
    expect(exitInWords({ code: null, signal: 'SIGABRT', outOfMemory: true })).toBe('out of memory');
  });

  it('names what the waiting calls were doing, the person\'s own before the window\'s polls', () => {
    expect(callInWords({ method: 'events', argument: { where: 'data.amount > 5' } })).toBe('searching events');
    expect(callInWords({ method: 'compare', argument: { path: '/exports/b.sqlite' } })).toBe('comparing the journal with b.sqlite');
    expect(callInWords({ method: 'openJournal', argument: 'not an object' })).toBe('opening a journal');
    expect(whileDoing([])).toBe('');
    expect(whileDoing([{ method: 'reducerStatus', argument: undefined }])).toBe(' while checking the reducer');
    expect(
      whileDoing([
        { method: 'audit', argument: undefined },
        { method: 'openProgress', argument: undefined },
        { method: 'events', argument: { text: 'x' } },
        { method: 'rates', argument: {} },
      ]),
    ).toBe(' while auditing the journal and searching events (and 1 more)');
  });

  it('keeps a stop listener\'s failure from reaching the others, and stops telling one that unsubscribed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const told: string[] = [];
    client.onStopped(() => {
      throw new Error('listener broke');
    });
    const unsubscribe = client.onStopped(() => told.push('gone'));
    client.onStopped((stop) => told.push(stop.message));
    unsubscribe();
    const summary = client.summary();
    started().exit({ code: 9, signal: null, outOfMemory: false });
    await expect(summary).rejects.toMatchObject({ code: 'service-stopped' });
    expect(told).toEqual(['The journal service stopped (exit code 9) while summarizing the journal; reopen the journal to go on.']);
  });

  it('fails a call whose argument cannot be sent, and the process goes on', async () => {
    const summary = client.summary();
    const channel = started();
    channel.send({ kind: 'ready' });
    channel.postMessage = () => {
      throw new Error('() => {} could not be cloned.');
    };
    await expect(client.events({ text: (() => {}) as unknown as string })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/arguments of events cannot be sent.*could not be cloned/) });
    channel.answer('summary', { ok: true, value: null });
    expect(await summary).toBeNull();
    expect(channel.kills).toBe(0);
  });

  it('fails a call in words when the process cannot even be started, and tries again on the next call', async () => {
    let refuse = true;
    const picky = new ServiceClient({
      startProcess: () => {
        if (refuse) throw new Error('utilityProcess cannot be forked before the app is ready');
        return channels[channels.push(new FakeServiceChannel()) - 1]!;
      },
      service: SETTINGS,
    });
    await expect(picky.openSample()).rejects.toMatchObject({
      code: 'service-stopped',
      message: 'The journal service could not start (utilityProcess cannot be forked before the app is ready) while opening the sample journal.',
    });
    refuse = false;
    const summary = picky.summary();
    started().send({ kind: 'ready' });
    started().answer('summary', { ok: true, value: null });
    expect(await summary).toBeNull();
    expect(exitInWords({ code: null, signal: null, outOfMemory: false, startFailure: 'spawn /nowhere/node ENOENT' })).toBe('it could not start: spawn /nowhere/node ENOENT');
  });

  it('kills a process that does not listen within the start timeout, saying so', async () => {
    vi.useFakeTimers();
    const slow = new ServiceClient({ startProcess: () => channels[channels.push(new FakeServiceChannel()) - 1]!, service: SETTINGS, startTimeoutMs: 10_000 });
    const stops: ServiceStop[] = [];
    slow.onStopped((stop) => stops.push(stop));
    const failed = expect(slow.summary()).rejects.toMatchObject({
      code: 'service-stopped',
      message: 'The journal service stopped (it did not start within 10 s) while summarizing the journal; reopen the journal to go on.',
    });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(started().kills).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(started().kills).toBe(1);
    await failed;
    expect(stops).toHaveLength(1);
  });

  it('ignores what is not a reply, and replies to calls it does not know', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const summary = client.summary();
    const channel = started();
    channel.send({ kind: 'ready' });
    for (const junk of [null, 'reply', { kind: 'reply', id: 1 }, { kind: 'reply', id: -1, reply: { ok: true, value: 1 } }, { kind: 'reply', id: 1, reply: { ok: false, error: { code: 5 } } }, { kind: 'shout' }]) channel.send(junk);
    channel.send({ kind: 'reply', id: 987_654, reply: { ok: true, value: 'for nobody' } });
    channel.send({ kind: 'reply', id: null, reply: { ok: false, error: { code: 'bad-request', message: 'The journal service received a message that is not an object.' } } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('refused a message'));
    channel.answer('summary', { ok: true, value: null });
    expect(await summary).toBeNull();
  });

  it('closes: asks the process to close, waits for it to end, and tells no one it stopped', async () => {
    const stops: ServiceStop[] = [];
    client.onStopped((stop) => stops.push(stop));
    const summary = client.summary();
    const channel = started();
    channel.send({ kind: 'ready' });
    const closed = client.close();
    expect(channel.sent.at(-1)).toEqual({ kind: 'close' });
    channel.exit({ code: 0, signal: null, outOfMemory: false });
    await closed;
    await expect(summary).rejects.toMatchObject({ code: 'service-stopped', message: 'The journal service was closed while summarizing the journal.' });
    expect(stops).toEqual([]);
    expect(channel.kills).toBe(0);
    await client.close(); // nothing running: nothing to do
  });

  it('kills a process that does not end within the close timeout', async () => {
    vi.useFakeTimers();
    const stubborn = new ServiceClient({ startProcess: () => channels[channels.push(new FakeServiceChannel()) - 1]!, service: SETTINGS, closeTimeoutMs: 2000 });
    void stubborn.recent().catch(() => undefined);
    started().send({ kind: 'ready' });
    const closed = stubborn.close();
    await vi.advanceTimersByTimeAsync(1999);
    expect(started().kills).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await closed;
    expect(started().kills).toBe(1);
  });
});

describe('the service messages', () => {
  it('reads a well-formed message and refuses the rest, naming the call when it can', () => {
    expect(readToService({ kind: 'call', id: 4, method: 'events', argument: { limit: 5 } })).toEqual({ kind: 'call', id: 4, method: 'events', argument: { limit: 5 } });
    expect(readToService({ kind: 'init', options: SETTINGS })).toEqual({ kind: 'init', options: SETTINGS });
    expect(readToService({ kind: 'close' })).toEqual({ kind: 'close' });
    expect(readToService(null)).toEqual({ refused: expect.stringMatching(/not an object/), id: null });
    expect(readToService({ kind: 'call', id: 1.5, method: 'events' })).toEqual({ refused: expect.stringMatching(/without a valid id/), id: null });
    expect(readToService({ kind: 'call', id: 7, method: 42 })).toEqual({ refused: expect.stringMatching(/without a method/), id: 7 });
    expect(readToService({ kind: 'explode', id: 8 })).toEqual({ refused: expect.stringMatching(/unknown kind "explode"/), id: 8 });
    for (const options of [null, { recentFile: null }, { samplePath: '/s', recentFile: 3 }, { samplePath: '/s', recentFile: null, shell: '/bin/sh' }, { samplePath: '/s', recentFile: null, reducer: { memoryLimitMb: -1 } }]) {
      expect(readToService({ kind: 'init', options })).toEqual({ refused: expect.stringMatching(/settings were refused/), id: null });
    }
  });

  it('reads only replies and readiness from the service', () => {
    expect(readFromService({ kind: 'ready' })).toEqual({ kind: 'ready' });
    expect(readFromService({ kind: 'reply', id: 3, reply: { ok: true, value: undefined } })).toEqual({ kind: 'reply', id: 3, reply: { ok: true, value: undefined } });
    expect(readFromService({ kind: 'reply', id: 3, reply: { ok: true } })).toBeNull();
    expect(readFromService({ kind: 'reply', id: '3', reply: { ok: true, value: 1 } })).toBeNull();
  });
});

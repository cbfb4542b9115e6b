// The app's adapter over Electron's utilityProcess, with `electron` replaced at its seam: what it asks of
// utilityProcess.fork, how it carries messages and reads an exit, and (backed by a real Node child made to look like
// a utility process) the whole way from ServiceClient through service-process.js's parentPort path and back.
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../support/fake-utility-process.js')).fakeUtilityElectron);

import { ServiceClient } from '../../electron/service/service-client.js';
import type { ServiceExit } from '../../electron/service/service-exit.js';
import { SERVICE_NAME, SERVICE_PROCESS_PATH, utilityServiceChannel } from '../../electron/shell/utility-channel.js';
import { backWithNode, forked, resetFakeUtilityProcess, utilityProcess } from '../support/fake-utility-process.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';
import { assertServiceBuilt, COMPILED_SERVICE } from '../support/service-fork.js';

beforeEach(() => resetFakeUtilityProcess());
afterEach(() => vi.restoreAllMocks());

function lastChild() {
  const entry = forked.at(-1);
  if (entry === undefined) throw new Error('utilityProcess.fork was not called.');
  return entry.child;
}

describe('utilityServiceChannel', () => {
  it('forks the compiled service entry as a named utility process, stdin closed and stderr read', () => {
    const env = { EVENTLENS_SQLITE_BINDING: '/opt/electron-abi/better_sqlite3.node' };
    utilityServiceChannel({ env });
    expect(utilityProcess.fork).toHaveBeenCalledWith(SERVICE_PROCESS_PATH, [], { serviceName: SERVICE_NAME, env, stdio: ['ignore', 'inherit', 'pipe'] });
    expect(SERVICE_PROCESS_PATH).toMatch(/[\\/]electron[\\/]service[\\/]service-process\.js$/);
    utilityServiceChannel({ modulePath: '/app/dist/electron/service/service-process.js', execArgv: ['--max-old-space-size=2048'] });
    expect(forked[1]?.options).toMatchObject({ env: process.env, execArgv: ['--max-old-space-size=2048'] });
  });

  it('carries messages both ways and ends the process on kill()', async () => {
    const channel = utilityServiceChannel();
    const child = lastChild();
    const received: unknown[] = [];
    const exits: ServiceExit[] = [];
    channel.onMessage((message) => received.push(message));
    channel.onExit((exit) => exits.push(exit));
    channel.postMessage({ kind: 'call', id: 1, method: 'summary', argument: undefined });
    expect(child.posted).toEqual([{ kind: 'call', id: 1, method: 'summary', argument: undefined }]);
    child.emit('message', { kind: 'ready' });
    expect(received).toEqual([{ kind: 'ready' }]);
    channel.kill();
    await vi.waitFor(() => expect(exits).toEqual([{ code: 15, signal: null, outOfMemory: false }]));
    expect(child.kills).toBe(1);
  });

  it('tells an out-of-memory death from V8\'s message on stderr, passing stderr on', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const channel = utilityServiceChannel();
    const child = lastChild();
    const exits: ServiceExit[] = [];
    channel.onExit((exit) => exits.push(exit));
    // The message split across two chunks, as a pipe may deliver it.
    child.stderr!.write('<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript he');
    child.stderr!.write('ap out of memory\n');
    await vi.waitFor(() => expect(write).toHaveBeenCalledTimes(2));
    child.end(134);
    expect(exits).toEqual([{ code: 134, signal: null, outOfMemory: true }]);
  });

  it('tells an out-of-memory death from Electron\'s error event', () => {
    const channel = utilityServiceChannel();
    const child = lastChild();
    const exits: ServiceExit[] = [];
    channel.onExit((exit) => exits.push(exit));
    child.emit('error', 'FatalError', 'v8::internal::Heap::FatalProcessOutOfMemory', '{"header":{}}');
    child.end(5);
    expect(exits).toEqual([{ code: 5, signal: null, outOfMemory: true }]);
    const other = utilityServiceChannel();
    const otherExits: ServiceExit[] = [];
    other.onExit((exit) => otherExits.push(exit));
    lastChild().end(1);
    expect(otherExits).toEqual([{ code: 1, signal: null, outOfMemory: false }]);
  });
});

describe('ServiceClient over the utility channel, with service-process.js in a child that looks like a utility process', () => {
  beforeAll(assertServiceBuilt);

  it('answers the journal API through parentPort, closes, and reports a killed process', async () => {
    backWithNode();
    const folder = tempFolder();
    const journal = writeNdjson(join(folder.path, 'bank.ndjson'), BANK_EVENTS);
    const client = new ServiceClient({
      startProcess: () => utilityServiceChannel({ modulePath: COMPILED_SERVICE }),
      service: { samplePath: journal, recentFile: null, cacheDir: join(folder.path, 'cache') },
    });
    try {
      expect(await client.openJournal({ path: journal })).toMatchObject({ name: 'bank.ndjson', events: 7 });
      expect((await client.events({ where: 'data.balance >= 40' })).events.map((event) => event.position)).toEqual([3, 6]);
      // undefined inside a value survives the crossing (structured clone, as Electron's postMessage).
      expect((await client.fieldHistory({ stream: 'account-1', path: '/flags/vip' })).entries.map((entry) => entry.value)).toEqual([false, undefined]);
      expect(forked).toHaveLength(1);

      const stops: string[] = [];
      client.onStopped((stop) => stops.push(stop.message));
      const audit = client.audit();
      lastChild().kill();
      await expect(audit).rejects.toMatchObject({ code: 'service-stopped', message: expect.stringMatching(/^The journal service stopped \(exit code 143\) while auditing the journal; reopen/) });
      expect(stops).toHaveLength(1);
      expect(await client.summary()).toBeNull();
      expect(forked).toHaveLength(2);

      const second = lastChild();
      const ended = new Promise((resolve) => second.once('exit', resolve));
      await client.close();
      expect(await ended).toBe(0);
    } finally {
      await client.close();
      folder.remove();
    }
  }, 60_000);
});

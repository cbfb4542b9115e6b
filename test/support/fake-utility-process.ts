// Stand-ins for Electron's utilityProcess (no Electron binary here). Use in a test file with
//   vi.mock('electron', async () => (await import('../support/fake-utility-process.js')).fakeUtilityElectron);
// FakeUtilityProcess is a process in memory the test drives; `backWithNode()` makes fork() start a real Node child
// instead, made to look like a utility process to its entry (parent-port-shim.mjs), behind the same events.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { ForkOptions } from 'electron';
import { vi } from 'vitest';

const SHIM = pathToFileURL(join(import.meta.dirname, 'parent-port-shim.mjs')).href;

/** The part of Electron's UtilityProcess the app uses: events 'message', 'exit', 'error'; postMessage, kill. */
export class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4242;
  readonly stderr: PassThrough | null;
  readonly stdout = null;
  /** What the main side posted, as structured clones. */
  readonly posted: unknown[] = [];
  kills = 0;

  constructor(options: ForkOptions = {}) {
    super();
    this.stderr = Array.isArray(options.stdio) && options.stdio[2] === 'pipe' ? new PassThrough() : null;
  }
  postMessage(message: unknown): void {
    this.posted.push(structuredClone(message));
  }
  kill(): boolean {
    this.kills += 1;
    queueMicrotask(() => this.end(15));
    return true;
  }
  /** The process ends with `code`, after its stderr (as Electron reports it). */
  end(code: number): void {
    if (this.pid === undefined) return;
    this.pid = undefined;
    this.stderr?.end();
    this.emit('exit', code);
  }
}

/** A utility process that is a real Node child running `modulePath` with the parentPort shim. */
function nodeBacked(modulePath: string, args: string[] = [], options: ForkOptions = {}): FakeUtilityProcess {
  const stdio: ('pipe' | 'ignore' | 'inherit')[] = Array.isArray(options.stdio) ? options.stdio : ['ignore', 'inherit', 'inherit'];
  const child = fork(modulePath, args, {
    serialization: 'advanced',
    stdio: ['ignore', stdio[1] ?? 'inherit', stdio[2] ?? 'inherit', 'ipc'],
    execArgv: [`--import=${SHIM}`, ...(options.execArgv ?? [])],
    env: options.env as NodeJS.ProcessEnv,
  });
  const utility = new FakeUtilityProcess({ stdio: ['ignore', 'inherit', 'inherit'] });
  Object.assign(utility, { pid: child.pid, stderr: child.stderr });
  utility.postMessage = (message) => void child.send(message as object, () => {});
  utility.kill = () => child.kill('SIGTERM');
  child.on('error', () => {});
  child.on('message', (message) => utility.emit('message', message));
  // Electron reports an exit code only; a signal reads as 128 + its number, as a shell would say it.
  child.on('exit', (code, signal) => {
    utility.pid = undefined;
    utility.emit('exit', code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
  });
  return utility;
}

let backedByNode = false;
/** The utility processes forked since the last reset, newest last, with what fork() was given. */
export const forked: { modulePath: string; args: string[] | undefined; options: ForkOptions | undefined; child: FakeUtilityProcess }[] = [];

export const utilityProcess = {
  fork: vi.fn((modulePath: string, args?: string[], options?: ForkOptions) => {
    const child = backedByNode ? nodeBacked(modulePath, args, options) : new FakeUtilityProcess(options);
    forked.push({ modulePath, args, options, child });
    return child;
  }),
};

/** fork() starts real Node children from now on (until reset). */
export function backWithNode(): void {
  backedByNode = true;
}

export function resetFakeUtilityProcess(): void {
  backedByNode = false;
  forked.length = 0;
  utilityProcess.fork.mockClear();
}

/** What `vi.mock('electron', ...)` resolves to for the utility channel. */
export const fakeUtilityElectron = { utilityProcess };

// The journal service's process started by Node's child_process.fork, as a ServiceChannel: what the tests use, and
// what a Node host (the CLI, the browser host) can use, where Electron's utilityProcess does not exist.
// `fork` is handed in by the caller: eslint.config.js keeps child_process out of electron/service/ (the app starts no
// processes of its own but the ones reviewed), so the decision to start one stays visible where it is taken.
import { fileURLToPath } from 'node:url';
import { watchStderr } from './service-exit.js';
import type { ServiceExit } from './service-exit.js';
import type { ServiceChannel } from './service-client.js';
import type { ToService } from './service-messages.js';

/** The compiled entry (dist/electron/service/service-process.js), beside this file once built. */
export const SERVICE_PROCESS_MODULE = fileURLToPath(new URL('./service-process.js', import.meta.url));

/** The options this adapter passes to fork: a subset of Node's ForkOptions. */
export interface ServiceForkOptions {
  /** Structured clone, as Electron's postMessage: `undefined` in a reply survives (JSON would make it null). */
  serialization: 'advanced';
  /** stdin closed, stdout shared, stderr read (for V8's out-of-memory message) and passed on, and the IPC channel. */
  stdio: ['ignore', 'inherit', 'pipe', 'ipc'];
  execArgv: string[];
  env: NodeJS.ProcessEnv;
}

/** The part of Node's ChildProcess used here. */
export interface ForkedService {
  readonly pid?: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  send(message: unknown, callback: (error: Error | null) => void): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  kill(signal?: NodeJS.Signals): boolean;
}

/** Node's child_process.fork, or a wrapper of it (a test keeping hold of the child). */
export type ForkFunction = (modulePath: string, args: readonly string[], options: ServiceForkOptions) => ForkedService;

export interface ForkChannelOptions {
  /** Where the compiled service-process.js is (tests running from sources point at dist/). */
  modulePath?: string;
  /** Node flags for the child; none by default (a test runner's own loader flags must not be inherited). */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Where the child's stderr goes on to; this process's stderr by default, null to drop it. */
  stderr?: NodeJS.WritableStream | null;
}

/** After the child exits, how long its last stderr bytes (V8's out-of-memory message) may take to arrive. */
const STDERR_GRACE_MS = 500;

export function forkServiceChannel(fork: ForkFunction, options: ForkChannelOptions = {}): ServiceChannel {
  const child = fork(options.modulePath ?? SERVICE_PROCESS_MODULE, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    execArgv: options.execArgv ?? [],
    env: options.env ?? process.env,
  });
  const stderr = child.stderr;
  const memory = stderr === null ? null : watchStderr(stderr, options.stderr === undefined ? process.stderr : options.stderr);
  let stderrDone = stderr === null;
  stderr?.on('end', () => (stderrDone = true));
  stderr?.on('close', () => (stderrDone = true));

  const exitListeners: ((exit: ServiceExit) => void)[] = [];
  let ended: ServiceExit | null = null;
  const end = (exit: ServiceExit): void => {
    if (ended !== null) return;
    ended = exit;
    for (const listener of exitListeners) listener(exit);
  };
  // A send to a child that just died reports here (its exit tells the client what happened); so does a spawn that
  // failed, after which Node may emit no 'exit' at all.
  child.on('error', (error) => {
    if (child.pid === undefined) end({ code: null, signal: null, outOfMemory: false, startFailure: error.message });
  });
  child.on('exit', (code, signal) => {
    const tell = (): void => end({ code, signal, outOfMemory: memory?.outOfMemory() ?? false });
    if (stderrDone || stderr === null) return tell();
    // 'exit' may come before the last of stderr: wait for it a little, not for ever (a grandchild may hold it).
    const timer = setTimeout(tell, STDERR_GRACE_MS);
    const finish = (): void => {
      clearTimeout(timer);
      tell();
    };
    stderr.once('end', finish);
    stderr.once('close', finish);
  });

  return {
    postMessage: (message: ToService) => void child.send(message, () => {}),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => {
      exitListeners.push(listener);
      if (ended !== null) listener(ended);
    },
    kill: () => void child.kill('SIGTERM'),
  };
}

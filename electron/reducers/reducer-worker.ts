// Worker thread holding one user reducer. The main thread asks it to initialise or to apply a run of events. It keeps
// shared memory up to date, so the main thread can tell where it is and that it is alive: if the thread dies (out of
// memory) the step is known, and if it stops making progress (stuck past the limit where no timeout reaches, see
// reducer-watchdog.ts) it is terminated from outside.
import { parentPort, workerData } from 'node:worker_threads';
import { HEARTBEAT_MS, Progress } from './reducer-progress.js';
import { ReducerSandbox } from './reducer-sandbox.js';
import type { SandboxFailure } from './reducer-sandbox.js';

export interface ReducerWorkerInput {
  source: string;
  filename: string;
  stepTimeoutMs: number;
  memoryLimitMb: number;
  /** Int32Array over a SharedArrayBuffer, laid out as in reducer-progress.ts. */
  progress: SharedArrayBuffer;
}

export type ReducerRequestBody = { kind: 'init' } | { kind: 'advance'; state: string; events: string[]; firstIndex: number };
export type ReducerRequest = ReducerRequestBody & { id: number };

export type ReducerReply =
  | { id: number; kind: 'ok'; state: string }
  | { id: number; kind: 'failed'; index: number | null; message: string; where: string | null; stop: boolean };

const input = workerData as ReducerWorkerInput;
const port = parentPort!;
const progress = new Int32Array(input.progress);
const beat = () => void Atomics.add(progress, Progress.beat, 1);
setInterval(beat, HEARTBEAT_MS).unref();
// A promise the reducer rejected and left unhandled is its own affair. Left to Node, it would end this thread with
// an uncaught exception, after reading the reason (running its getters) outside any limit.
process.on('unhandledRejection', () => {});

let sandbox: ReducerSandbox | null = null;
let loadFailure: SandboxFailure | null = null;
try {
  sandbox = new ReducerSandbox(input.source, input.filename, { stepTimeoutMs: input.stepTimeoutMs, memoryLimitMb: input.memoryLimitMb, onCall: beat });
} catch (error) {
  loadFailure = error as SandboxFailure;
}

port.on('message', (request: ReducerRequest) => {
  Atomics.store(progress, Progress.request, request.id);
  if (sandbox === null) {
    port.postMessage({ id: request.id, kind: 'failed', index: null, ...loadFailure! } satisfies ReducerReply);
    return;
  }
  let index: number | null = null;
  try {
    if (request.kind === 'init') {
      Atomics.store(progress, Progress.index, -1);
      port.postMessage({ id: request.id, kind: 'ok', state: sandbox.init() } satisfies ReducerReply);
      return;
    }
    Atomics.store(progress, Progress.index, request.firstIndex);
    sandbox.setState(request.state);
    for (let i = 0; i < request.events.length; i++) {
      index = request.firstIndex + i;
      Atomics.store(progress, Progress.index, index);
      sandbox.step(request.events[i]!);
    }
    port.postMessage({ id: request.id, kind: 'ok', state: sandbox.state() } satisfies ReducerReply);
  } catch (error) {
    const failure = error as SandboxFailure;
    port.postMessage({ id: request.id, kind: 'failed', index, message: failure.message, where: failure.where, stop: failure.stop } satisfies ReducerReply);
  }
});
port.postMessage({ id: 0, kind: 'ok', state: 'ready' } satisfies ReducerReply);

// Worker thread holding one user reducer. The main thread asks it to initialise or to apply a run of events; before
// each event it writes the event's index to shared memory, so if the thread dies (out of memory) the step is known.
import { parentPort, workerData } from 'node:worker_threads';
import { ReducerSandbox } from './reducer-sandbox.js';
import type { SandboxFailure } from './reducer-sandbox.js';

export interface ReducerWorkerInput {
  source: string;
  filename: string;
  stepTimeoutMs: number;
  /** Int32Array over a SharedArrayBuffer: [0] = index of the event being applied. */
  current: SharedArrayBuffer;
}

export type ReducerRequestBody = { kind: 'init' } | { kind: 'advance'; state: string; events: string[]; firstIndex: number };
export type ReducerRequest = ReducerRequestBody & { id: number };

export type ReducerReply =
  | { id: number; kind: 'ok'; state: string }
  | { id: number; kind: 'failed'; index: number | null; message: string; where: string | null };

const input = workerData as ReducerWorkerInput;
const port = parentPort!;
const current = new Int32Array(input.current);
let sandbox: ReducerSandbox | null = null;
let loadFailure: SandboxFailure | null = null;
try {
  sandbox = new ReducerSandbox(input.source, input.filename, input.stepTimeoutMs);
} catch (error) {
  loadFailure = error as SandboxFailure;
}

port.on('message', (request: ReducerRequest) => {
  if (sandbox === null) {
    port.postMessage({ id: request.id, kind: 'failed', index: null, ...loadFailure! } satisfies ReducerReply);
    return;
  }
  let index: number | null = null;
  try {
    if (request.kind === 'init') {
      Atomics.store(current, 0, -1);
      port.postMessage({ id: request.id, kind: 'ok', state: sandbox.init() } satisfies ReducerReply);
      return;
    }
    sandbox.setState(request.state);
    for (let i = 0; i < request.events.length; i++) {
      index = request.firstIndex + i;
      Atomics.store(current, 0, index);
      sandbox.step(request.events[i]!);
    }
    port.postMessage({ id: request.id, kind: 'ok', state: sandbox.state() } satisfies ReducerReply);
  } catch (error) {
    const failure = error as SandboxFailure;
    port.postMessage({ id: request.id, kind: 'failed', index, message: failure.message, where: failure.where } satisfies ReducerReply);
  }
});
port.postMessage({ id: 0, kind: 'ok', state: 'ready' } satisfies ReducerReply);

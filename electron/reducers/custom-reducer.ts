// The user's own reducer (a JavaScript file exporting apply(state, event) and optionally init()), run off the
// main thread with a time limit per event and a memory limit, and restarted after it crashes.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { JournalError } from '../../shared/contract.js';
import type { Json, JournalEvent } from '../../shared/model.js';
import type { Reduction } from '../../shared/reducers.js';
import { ReducerFailure } from '../../shared/replay-cursor.js';
import type { StepReducer } from '../../shared/replay-cursor.js';
import type { ReducerReply, ReducerRequest, ReducerRequestBody, ReducerWorkerInput } from './reducer-worker.js';

const WORKER_FILE = fileURLToPath(new URL('./reducer-worker.js', import.meta.url));
/** From the TypeScript sources (unit tests) the worker is taken from the build, as a thread cannot run .ts. */
const BUILT_WORKER_FILE = fileURLToPath(new URL('../../dist/electron/reducers/reducer-worker.js', import.meta.url));
export const STEP_TIMEOUT_MS = 1000;
export const MEMORY_LIMIT_MB = 256;

export interface CustomReducerOptions {
  stepTimeoutMs?: number;
  memoryLimitMb?: number;
  /** The compiled worker script; tests running from TypeScript sources point at a build. */
  workerFile?: string;
}

type Pending = { resolve: (reply: ReducerReply) => void; reject: (error: Error) => void };

export class CustomReducer implements StepReducer {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private current = new Int32Array(new SharedArrayBuffer(4));
  readonly name: string;

  private constructor(
    readonly path: string,
    private readonly source: string,
    private readonly options: Required<Pick<CustomReducerOptions, 'stepTimeoutMs' | 'memoryLimitMb'>> & { workerFile: string },
  ) {
    this.name = basename(path);
  }

  /** Reads and compiles the file; a file that does not load is refused with its message and line. */
  static async load(path: string, options: CustomReducerOptions = {}): Promise<CustomReducer> {
    let source: string;
    try {
      source = await readFile(path, 'utf8');
    } catch (error) {
      throw new JournalError('not-found', `The reducer ${path} cannot be read: ${(error as Error).message}.`);
    }
    const workerFile = options.workerFile ?? (existsSync(WORKER_FILE) ? WORKER_FILE : BUILT_WORKER_FILE);
    if (!existsSync(workerFile)) throw new JournalError('internal', `The reducer runner ${workerFile} is missing: build the app first.`);
    const reducer = new CustomReducer(path, source, {
      stepTimeoutMs: options.stepTimeoutMs ?? STEP_TIMEOUT_MS,
      memoryLimitMb: options.memoryLimitMb ?? MEMORY_LIMIT_MB,
      workerFile,
    });
    try {
      await reducer.init();
    } catch (error) {
      await reducer.close();
      const failure = error as ReducerFailure;
      const where = failure.where ? ` (${failure.where})` : '';
      throw new JournalError('bad-reducer', `The reducer ${reducer.name} does not load: ${failure.message}${where}`);
    }
    return reducer;
  }

  async init(): Promise<Json> {
    const reply = await this.request({ kind: 'init' }, null);
    return JSON.parse(reply) as Json;
  }

  apply(state: Json, event: JournalEvent): Promise<Reduction> {
    return this.advance(state, [event], 0);
  }

  async advance(state: Json, events: readonly JournalEvent[], firstIndex: number): Promise<Reduction> {
    const reply = await this.request({ kind: 'advance', state: JSON.stringify(state), events: events.map((e) => JSON.stringify(e)), firstIndex }, firstIndex);
    return { state: JSON.parse(reply) as Json };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    this.current = new Int32Array(new SharedArrayBuffer(4));
    const input: ReducerWorkerInput = { source: this.source, filename: this.path, stepTimeoutMs: this.options.stepTimeoutMs, current: this.current.buffer as SharedArrayBuffer };
    const worker = new Worker(this.options.workerFile, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: this.options.memoryLimitMb } });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.on('message', (reply: ReducerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      waiting.resolve(reply);
    });
    // A crash (most often: out of memory) fails what was asked, at the event being applied; the next request starts afresh.
    const crashed = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.ready = null;
      const index = Atomics.load(this.current, 0);
      const message = /memory|ERR_WORKER_OUT_OF_MEMORY/i.test(`${error.message} ${(error as NodeJS.ErrnoException).code ?? ''}`)
        ? `The reducer used more than ${this.options.memoryLimitMb} MB on this event and was stopped.`
        : `The reducer stopped: ${error.message}`;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(new ReducerFailure(message, Math.max(0, index), null));
      }
    };
    worker.on('error', crashed);
    worker.on('exit', (code) => crashed(new Error(`exit ${code}`)));
    return this.ready;
  }

  private async request(body: ReducerRequestBody, firstIndex: number | null): Promise<string> {
    await this.start();
    const id = this.nextId++;
    const reply = await new Promise<ReducerReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, ...body } as ReducerRequest);
    });
    if (reply.kind === 'ok') return reply.state;
    throw new ReducerFailure(reply.message, reply.index ?? firstIndex ?? 0, reply.where);
  }
}

// The user's own reducer (a JavaScript file exporting apply(state, event) and optionally init()), run off the
// main thread with a time limit per event and a memory limit, and restarted after it crashes or hits a limit. One
// request at a time: a worker that has to be replaced takes only the request it was answering with it.
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
import { memoryLimitMessage, timeLimitMessage } from './reducer-limits.js';
import { Progress, progressArray } from './reducer-progress.js';
import { Watchdog } from './reducer-watchdog.js';
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

/** A worker that went away while answering: why, and whether the request may go to a fresh one. */
type Lost = { lost: string; retry: boolean; started: boolean; index: number };
type InFlight = { id: number; resolve: (outcome: ReducerReply | Lost) => void };

export class CustomReducer implements StepReducer {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private watchdog: Watchdog | null = null;
  private inFlight: InFlight | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private progress = progressArray();
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
    const reply = await this.request({ kind: 'init' }, null, 0);
    return JSON.parse(reply) as Json;
  }

  apply(state: Json, event: JournalEvent): Promise<Reduction> {
    return this.advance(state, [event], 0);
  }

  async advance(state: Json, events: readonly JournalEvent[], firstIndex: number): Promise<Reduction> {
    const body: ReducerRequestBody = { kind: 'advance', state: JSON.stringify(state), events: events.map((e) => JSON.stringify(e)), firstIndex };
    const reply = await this.request(body, firstIndex, events.length);
    return { state: JSON.parse(reply) as Json };
  }

  async close(): Promise<void> {
    if (this.worker) await this.retire(this.worker, `The reducer ${this.name} was closed.`, false);
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const progress = progressArray();
    this.progress = progress;
    const input: ReducerWorkerInput = {
      source: this.source,
      filename: this.path,
      stepTimeoutMs: this.options.stepTimeoutMs,
      memoryLimitMb: this.options.memoryLimitMb,
      progress: progress.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(this.options.workerFile, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: this.options.memoryLimitMb } });
    this.worker = worker;
    this.watchdog = new Watchdog(progress, this.options.stepTimeoutMs, () => void this.retire(worker, timeLimitMessage(this.options.stepTimeoutMs)));
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', () => reject(new Error('The reducer stopped before it was ready.')));
    });
    worker.on('message', (reply: ReducerReply) => {
      const flight = this.inFlight;
      if (this.worker !== worker || flight === null || flight.id !== reply.id) return;
      this.inFlight = null;
      flight.resolve(reply);
    });
    // A crash (most often: out of memory) fails what was asked, at the event being applied; the next request starts afresh.
    const crashed = (error: Error) => {
      const memory = /memory|ERR_WORKER_OUT_OF_MEMORY/i.test(`${error.message} ${(error as NodeJS.ErrnoException).code ?? ''}`);
      void this.retire(worker, memory ? memoryLimitMessage(this.options.memoryLimitMb) : `The reducer stopped: ${error.message}`);
    };
    worker.on('error', crashed);
    worker.on('exit', (code) => crashed(new Error(`exit ${code}`)));
    return this.ready;
  }

  /** Ends this worker, if it is still the current one, and hands what it was answering back as lost. */
  private retire(worker: Worker, reason: string, retry = true): Promise<number> {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = null;
      this.watchdog?.stop();
      this.watchdog = null;
      const flight = this.inFlight;
      this.inFlight = null;
      flight?.resolve({
        lost: reason,
        retry,
        started: Atomics.load(this.progress, Progress.request) === flight.id,
        index: Atomics.load(this.progress, Progress.index),
      });
    }
    return worker.terminate();
  }

  /** Queued behind the request before it: the worker answers one at a time anyway. */
  private request(body: ReducerRequestBody, firstIndex: number | null, count: number): Promise<string> {
    const answer = this.queue.then(() => this.send(body, firstIndex, count, true));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  private async send(body: ReducerRequestBody, firstIndex: number | null, count: number, mayRetry: boolean): Promise<string> {
    try {
      await this.start();
    } catch (error) {
      throw new ReducerFailure((error as Error).message, firstIndex ?? 0, null);
    }
    const worker = this.worker;
    if (worker === null) throw new ReducerFailure(`The reducer ${this.name} was closed.`, firstIndex ?? 0, null);
    const id = this.nextId++;
    const outcome = await new Promise<ReducerReply | Lost>((resolve) => {
      this.inFlight = { id, resolve };
      worker.postMessage({ id, ...body } as ReducerRequest);
    });
    if ('lost' in outcome) {
      // A worker stuck or gone before it took the request up (stuck after answering the one before) owes it nothing.
      if (outcome.retry && !outcome.started && mayRetry) return this.send(body, firstIndex, count, false);
      const first = firstIndex ?? 0;
      const index = outcome.started && outcome.index >= first && outcome.index < first + count ? outcome.index : first;
      throw new ReducerFailure(outcome.lost, index, null);
    }
    if (outcome.kind === 'ok') return outcome.state;
    // A limit was hit: the context may be left mid-way, or over its memory; the next request gets a fresh worker.
    if (outcome.stop) await this.retire(worker, outcome.message);
    throw new ReducerFailure(outcome.message, outcome.index ?? firstIndex ?? 0, outcome.where);
  }
}

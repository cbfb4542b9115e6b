import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/model.js';
import { CustomReducer } from '../../electron/reducers/custom-reducer.js';
import { memoryLimitMessage, timeLimitMessage } from '../../electron/reducers/reducer-limits.js';
import { tempFolder } from '../support/fixtures.js';

// The sandbox holds its own limits (issue 12): whatever the reducer's code can make run (describing what it throws,
// serializing what it returns, its promises) runs under the time limit or not at all, and memory outside the heap
// (ArrayBuffers, typed arrays) counts toward the memory limit. Every limit hit replaces the worker, and the next
// request runs. The reducer runs in a worker thread from the build (npm test builds first).
const folder = tempFolder('eventlens-sandbox-limits-');
afterAll(() => folder.remove());

const STEP_MS = 300;
const MEMORY_MB = 128;
const MB = 1024 * 1024;
/** Far beyond what any attack below takes once stopped; without the fix each one runs (or holds memory) forever. */
const PATIENCE_MS = 9000;

const HOSTILE = `
  const MB = 1024 * 1024;
  const hoard = [];
  let calls = 0;
  function spin() { for (;;) {} }
  export function apply(state, event) {
    calls++;
    switch (event.type) {
      case 'message-getter': throw { get message() { spin(); } };
      case 'to-string': throw { toString: spin };
      case 'to-primitive': throw { [Symbol.toPrimitive]: spin };
      case 'stack-getter': { const error = new Error('x'); Object.defineProperty(error, 'stack', { get: spin }); throw error; }
      case 'prepare-stack-trace': Error.prepareStackTrace = spin; throw new Error('x');
      case 'proxy': throw new Proxy({}, { get: spin, has: spin, getPrototypeOf: spin, getOwnPropertyDescriptor: spin, ownKeys: spin });
      case 'getter-state': return { get balance() { spin(); } };
      case 'to-json-state': return { toJSON: spin };
      case 'proxy-state': return new Proxy({}, { get: spin, ownKeys: spin, getOwnPropertyDescriptor: spin });
      case 'replaced-json': JSON.stringify = () => ({ get balance() { spin(); } }); return { balance: event.version };
      case 'async': return Promise.resolve().then(() => ({ ...state, awaited: event.version }));
      case 'async-throws': return (async () => { await null; throw new Error('rejected at ' + event.version); })();
      case 'never-settles': return new Promise(() => {});
      case 'async-loops': return Promise.resolve().then(spin);
      case 'orphan': {
        // Node reads an unhandled rejection's async id through the promise's prototype, after the call, outside it.
        function Orphan() {}
        Orphan.prototype = new Proxy({}, { get() { if (globalThis.armed) spin(); } });
        Reflect.construct(Promise, [(resolve, reject) => reject(new Error('left'))], Orphan);
        globalThis.armed = true;
        return { ...state, orphaned: event.version };
      }
      case 'array-buffers':
        while (hoard.length < 16) { const buffer = new ArrayBuffer(64 * MB); new Uint8Array(buffer).fill(1); hoard.push(buffer); }
        return { held: hoard.length };
      case 'typed-arrays': while (hoard.length < 16) hoard.push(new Float64Array(8 * MB).fill(1)); return { held: hoard.length };
      case 'copies': {
        // No constructor to ask: slice() then takes the intrinsic's own, the way around the guarded constructors.
        const source = new Uint8Array(48 * MB).fill(1);
        source.constructor = undefined;
        while (hoard.length < 16) hoard.push(source.slice());
        return { held: hoard.length };
      }
      case 'resizable': { const buffer = new ArrayBuffer(0, { maxByteLength: 1024 * MB }); buffer.resize(1024 * MB); hoard.push(buffer); return { held: 1 }; }
      case 'caught':
        for (let i = 0; i < 16; i++) try { hoard.push(new ArrayBuffer(64 * MB)); } catch {}
        return { held: hoard.length };
      case 'reach':
        return { finalizers: typeof FinalizationRegistry, shared: typeof SharedArrayBuffer, atomics: typeof Atomics, wasm: typeof WebAssembly, calls: String(globalThis.__eventlensCalls) };
      default:
        return { ...state, ok: event.version, calls };
    }
  }
`;

/** The line of HOSTILE holding `text`, as the sandbox names it. */
function lineOf(text: string): string {
  return `hostile-limits.mjs:${HOSTILE.split('\n').findIndex((line) => line.includes(text)) + 1}`;
}

function event(version: number, type = 'posted'): JournalEvent {
  return { position: version, stream: 'ledger-1', version, type, time: null, data: { amount: version }, metadata: null };
}

/** Fails with a clear message where, unstopped, the attack would run on (the test's own timeout comes later). */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The largest growth of this process's resident memory (the worker is a thread of it) while `work` runs. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ peak: number; outcome: PromiseSettledResult<T> }> {
  const base = process.memoryUsage.rss();
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss() - base);
  }, 10);
  try {
    const [outcome] = await Promise.allSettled([work()]);
    return { peak, outcome: outcome! };
  } finally {
    clearInterval(sampler);
  }
}

let path: string;
beforeAll(() => {
  path = join(folder.path, 'hostile-limits.mjs');
  writeFileSync(path, HOSTILE);
});

describe('what the reducer throws is described under the time limit', () => {
  let reducer: CustomReducer;
  beforeAll(async () => {
    reducer = await CustomReducer.load(path, { stepTimeoutMs: STEP_MS });
  });
  afterAll(() => reducer.close());

  async function expectStopped(type: string): Promise<void> {
    await expect(within(PATIENCE_MS, reducer.advance({}, [event(1), event(2, type)], 0))).rejects.toMatchObject({ index: 1, message: timeLimitMessage(STEP_MS) });
    expect((await reducer.advance({}, [event(3)], 0)).state).toMatchObject({ ok: 3 });
  }

  it('an object whose message getter loops', () => expectStopped('message-getter'));
  it('an object whose toString (or Symbol.toPrimitive) loops', async () => {
    await expectStopped('to-string');
    await expectStopped('to-primitive');
  });
  it('an error whose stack getter loops', () => expectStopped('stack-getter'));
  it('an error formatted by a looping Error.prepareStackTrace', () => expectStopped('prepare-stack-trace'));
  it('a Proxy whose every trap loops', () => expectStopped('proxy'));

  it('at load time as well', async () => {
    const loader = join(folder.path, 'throws-on-load.mjs');
    writeFileSync(loader, 'export function apply(state) { return state; }\nthrow { get message() { for (;;) {} } };\n');
    await expect(within(PATIENCE_MS, CustomReducer.load(loader, { stepTimeoutMs: STEP_MS }))).rejects.toMatchObject({
      code: 'bad-reducer',
      message: `The reducer throws-on-load.mjs does not load: ${timeLimitMessage(STEP_MS)}`,
    });
  });
});

describe('the state the reducer returns is serialized under the time limit', () => {
  let reducer: CustomReducer;
  beforeAll(async () => {
    reducer = await CustomReducer.load(path, { stepTimeoutMs: STEP_MS });
  });
  afterAll(() => reducer.close());

  it('with looping getters, toJSON or proxy traps, and with JSON.stringify replaced', async () => {
    for (const type of ['getter-state', 'to-json-state', 'proxy-state']) {
      await expect(within(PATIENCE_MS, reducer.advance({}, [event(1), event(2, type)], 0))).rejects.toMatchObject({ index: 1, message: timeLimitMessage(STEP_MS) });
    }
    // The sandbox serializes with the JSON.stringify it took before the reducer ran.
    expect((await within(PATIENCE_MS, reducer.advance({}, [event(4, 'replaced-json')], 0))).state).toEqual({ balance: 4 });
  });
});

describe('async reducers', () => {
  let reducer: CustomReducer;
  beforeAll(async () => {
    reducer = await CustomReducer.load(path, { stepTimeoutMs: STEP_MS });
  });
  afterAll(() => reducer.close());

  it('are awaited under the limit; a promise that never settles is refused, one that loops is stopped', async () => {
    expect((await reducer.advance({}, [event(1), event(2, 'async'), event(3)], 0)).state).toMatchObject({ ok: 3, awaited: 2 });
    await expect(reducer.advance({}, [event(1), event(2, 'async-throws')], 0)).rejects.toMatchObject({ index: 1, message: 'rejected at 2', where: lineOf("case 'async-throws'") });
    await expect(reducer.advance({}, [event(1), event(2, 'never-settles')], 0)).rejects.toMatchObject({
      index: 1,
      message: expect.stringMatching(/^The reducer returned a promise that never settled/),
    });
    await expect(within(PATIENCE_MS, reducer.advance({}, [event(1), event(2, 'async-loops')], 0))).rejects.toMatchObject({ index: 1, message: timeLimitMessage(STEP_MS) });
    expect((await reducer.advance({}, [event(5)], 0)).state).toMatchObject({ ok: 5 });
  });

  it('a promise left rejected, whose prototype loops when Node reads it after the call, costs the worker, not the replay', async () => {
    expect((await reducer.advance({}, [event(1), event(2, 'orphan')], 0)).state).toMatchObject({ ok: 1, orphaned: 2 });
    // The worker is stuck outside any call: the watchdog replaces it, and this request runs on the new one.
    expect((await within(PATIENCE_MS + 3000, reducer.advance({}, [event(3)], 0))).state).toMatchObject({ ok: 3, calls: 1 });
  });
});

describe('ArrayBuffers and typed arrays count toward the memory limit', () => {
  let reducer: CustomReducer;
  beforeAll(async () => {
    // A long step limit, so that memory is what stops each attack.
    reducer = await CustomReducer.load(path, { stepTimeoutMs: 20_000, memoryLimitMb: MEMORY_MB });
  });
  afterAll(() => reducer.close());

  it.each(['array-buffers', 'typed-arrays', 'copies', 'resizable', 'caught'])('%s: 1 GB asked for, stopped at the limit', async (type) => {
    const started = performance.now();
    const { peak, outcome } = await peakGrowth(() => within(PATIENCE_MS, reducer.advance({}, [event(1), event(2, type)], 0)));
    expect(outcome).toMatchObject({ status: 'rejected', reason: { index: 1, message: memoryLimitMessage(MEMORY_MB) } });
    expect(performance.now() - started).toBeLessThan(PATIENCE_MS);
    // Unguarded, the worker holds 1 GB (touched, so resident) until it is closed.
    expect(peak).toBeLessThan(4 * MEMORY_MB * MB);
    expect((await reducer.advance({}, [event(3)], 0)).state).toMatchObject({ ok: 3, calls: 1 });
  });
});

describe('after a limit', () => {
  it('the next request runs on a fresh worker', async () => {
    const reducer = await CustomReducer.load(path, { stepTimeoutMs: STEP_MS, memoryLimitMb: MEMORY_MB });
    try {
      expect((await reducer.advance({}, [event(1), event(2)], 0)).state).toMatchObject({ ok: 2, calls: 2 });
      await expect(within(PATIENCE_MS, reducer.advance({}, [event(3, 'proxy')], 0))).rejects.toMatchObject({ message: timeLimitMessage(STEP_MS) });
      // A fresh worker: the module's own count starts again.
      expect((await reducer.advance({}, [event(4)], 0)).state).toMatchObject({ ok: 4, calls: 1 });
      await expect(within(PATIENCE_MS, reducer.advance({}, [event(5, 'caught')], 0))).rejects.toMatchObject({ message: memoryLimitMessage(MEMORY_MB) });
      expect((await reducer.advance({}, [event(6), event(7)], 0)).state).toMatchObject({ ok: 7, calls: 2 });
    } finally {
      await reducer.close();
    }
  });

  it('what would run or take memory outside the limits is not there, and the sandbox calls are out of reach', async () => {
    const reducer = await CustomReducer.load(path);
    try {
      expect((await reducer.advance({}, [event(1, 'reach')], 0)).state).toEqual({ finalizers: 'undefined', shared: 'undefined', atomics: 'undefined', wasm: 'undefined', calls: 'null' });
    } finally {
      await reducer.close();
    }
  });
});

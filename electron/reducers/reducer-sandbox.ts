// The user's reducer, compiled into a context of its own: no require, no process, no network, no eval. Only JSON
// text crosses in and out, so no object of this realm (through which code could climb to `process`) is reachable.
import vm from 'node:vm';
import { transform } from 'sucrase';

export interface SandboxFailure {
  message: string;
  /** "reducer.js:12" when the stack names a line of the reducer. */
  where: string | null;
}

/** Code run inside the context: it holds the reducer and the current state, and applies one event per call. */
const PRELUDE = `
  'use strict';
  var module = { exports: {} };
  var exports = module.exports;
  var console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
  var __state = null;
  function __reducer() {
    var m = module.exports;
    var source = m && typeof m.apply === 'function' ? m : m && m.default;
    if (!source || typeof source.apply !== 'function') throw new Error('The reducer file exports no apply(state, event) function (named, or on a default export).');
    return source;
  }
  function __init() {
    var r = __reducer();
    __state = typeof r.init === 'function' ? r.init() : {};
    if (__state === undefined) __state = {};
    return JSON.stringify(__state);
  }
  function __setState(json) { __state = JSON.parse(json); }
  function __step(eventJson) {
    var result = __reducer().apply(__state, JSON.parse(eventJson));
    // A reducer that changes the state in place and returns nothing keeps that state.
    if (result !== undefined) __state = result;
  }
  function __getState() {
    var json = JSON.stringify(__state);
    return json === undefined ? 'null' : json;
  }
`;

export class ReducerSandbox {
  private readonly context: vm.Context;

  constructor(
    source: string,
    private readonly filename: string,
    private readonly stepTimeoutMs: number,
  ) {
    // ESM `export`/`import` become CommonJS with their lines kept, so errors point at the user's own lines.
    const code = transform(source, { transforms: ['imports'], filePath: filename, keepUnusedImports: false }).code;
    this.context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
    vm.runInContext(PRELUDE, this.context, { filename: 'eventlens-prelude.js', timeout: stepTimeoutMs });
    this.run(() => new vm.Script(code, { filename }).runInContext(this.context, { timeout: stepTimeoutMs }));
  }

  init(): string {
    return this.run(() => vm.runInContext('__init()', this.context, { timeout: this.stepTimeoutMs }) as string);
  }

  setState(json: string): void {
    this.context.__json = json;
    this.run(() => vm.runInContext('__setState(globalThis.__json)', this.context, { timeout: this.stepTimeoutMs }));
  }

  /** Applies one event; its time limit is the step's own. */
  step(eventJson: string): void {
    this.context.__json = eventJson;
    this.run(() => vm.runInContext('__step(globalThis.__json)', this.context, { timeout: this.stepTimeoutMs }));
  }

  state(): string {
    return this.run(() => vm.runInContext('__getState()', this.context, { timeout: this.stepTimeoutMs }) as string);
  }

  private run<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw this.describe(error);
    }
  }

  /** Errors thrown inside the context are of its realm: read them by duck typing, never trust their class. */
  private describe(error: unknown): SandboxFailure {
    const message = typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : String(error);
    const stack = typeof error === 'object' && error !== null && 'stack' in error ? String((error as { stack: unknown }).stack) : '';
    const base = this.filename.split(/[\\/]/).pop() ?? this.filename;
    const escaped = this.filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const line = new RegExp(`${escaped}:(\\d+)`).exec(stack);
    const timedOut = /Script execution timed out/.test(message);
    return {
      message: timedOut ? `The reducer took longer than ${this.stepTimeoutMs} ms on this event and was stopped.` : message,
      where: line ? `${base}:${line[1]}` : null,
    };
  }
}

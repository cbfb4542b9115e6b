// The user's reducer, compiled into a context of its own: no require, no process, no network, no eval. Only JSON
// text crosses in and out, so no object of this realm (through which code could climb to `process`) is reachable,
// and no object of the reducer's is ever read here (reading one can run its code: see reducer-prelude.ts).
import vm from 'node:vm';
import { types } from 'node:util';
import { transform } from 'sucrase';
import { bytesInUse, memoryLimitMessage, timeLimitMessage } from './reducer-limits.js';
import { callScript, PRELUDE } from './reducer-prelude.js';
import type { SandboxCall } from './reducer-prelude.js';

export interface SandboxFailure {
  message: string;
  /** "reducer.js:12" when the stack names a line of the reducer. */
  where: string | null;
  /** A limit was hit: the thread is to be replaced, as the context may be left mid-way (or over its memory). */
  stop: boolean;
}

export interface SandboxLimits {
  stepTimeoutMs: number;
  memoryLimitMb: number;
  /** Called before each call into the context, so a watchdog outside the thread sees it making progress. */
  onCall?: () => void;
}

const CALLS: readonly SandboxCall[] = ['load', 'init', 'setState', 'step', 'settle', 'state', 'describe'];

export class ReducerSandbox {
  private readonly context: vm.Context;
  /** The prelude's calls: a context object held only to be handed back in, never read here. */
  private readonly calls: unknown;
  private readonly scripts = new Map<SandboxCall, vm.Script>();
  private readonly limitBytes: number;

  constructor(
    source: string,
    private readonly filename: string,
    private readonly limits: SandboxLimits,
  ) {
    this.limitBytes = limits.memoryLimitMb * 1024 * 1024;
    for (const call of CALLS) this.scripts.set(call, new vm.Script(callScript(call), { filename: 'eventlens-call.js' }));
    this.context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
    this.calls = vm.runInContext(PRELUDE, this.context, { filename: 'eventlens-prelude.js', timeout: limits.stepTimeoutMs, displayErrors: false });
    let code: string;
    try {
      // ESM `export`/`import` become CommonJS with their lines kept, so errors point at the user's own lines.
      code = transform(source, { transforms: ['imports'], filePath: filename, keepUnusedImports: false }).code;
    } catch (error) {
      throw { message: (error as Error).message, where: null, stop: false } satisfies SandboxFailure;
    }
    let body: unknown;
    try {
      body = vm.compileFunction(code, [], { filename, parsingContext: this.context });
    } catch (error) {
      // A syntax error of the context's realm: described in there, like anything the reducer throws.
      this.call('describe', error);
      throw this.unreadable();
    }
    this.call('load', body);
  }

  init(): string {
    this.call('init');
    return this.call('state');
  }

  setState(json: string): void {
    this.call('setState', json);
  }

  /** Applies one event, under the step's own time limit (an async reducer's promise jobs included: see the prelude). */
  step(eventJson: string): void {
    this.call('step', eventJson);
  }

  state(): string {
    return this.call('state');
  }

  /** Runs a call and its promise's settling, if it returned one; returns the text of a done reply. */
  private call(call: SandboxCall, input: unknown = null): string {
    let reply = this.evaluate(call, input);
    if (reply === '~') reply = this.evaluate('settle', null);
    switch (reply[0]) {
      case '=':
        return reply.slice(1);
      case '!': {
        const cut = reply.indexOf('\n');
        const message = JSON.parse(reply.slice(1, cut)) as string;
        const stack = JSON.parse(reply.slice(cut + 1)) as string;
        throw { message, where: this.where(stack), stop: false } satisfies SandboxFailure;
      }
      case '#':
        throw this.overMemory();
      default:
        throw this.unreadable();
    }
  }

  /** One call into the context, under the time limit, with what is left of the memory limit as its budget. */
  private evaluate(call: SandboxCall, input: unknown): string {
    const before = bytesInUse();
    if (before > this.limitBytes) throw this.overMemory();
    this.limits.onCall?.();
    let reply: unknown;
    try {
      // Plain data properties the prelude made non-configurable: setting them runs nothing of the reducer's. If the
      // reducer froze them, this throws (a module is strict), and the thread is replaced.
      this.context.__eventlensCalls = this.calls;
      this.context.__eventlensInput = input;
      this.context.__eventlensBudget = this.limitBytes - before;
      // displayErrors: false, or Node would read the thrown value's stack here, outside the limit, to decorate it.
      reply = this.scripts.get(call)!.runInContext(this.context, { timeout: this.limits.stepTimeoutMs, displayErrors: false });
    } catch (error) {
      throw isTimeout(error) ? this.overTime() : this.unreadable();
    }
    if (bytesInUse() > this.limitBytes) throw this.overMemory();
    return typeof reply === 'string' && reply.length > 0 ? reply : '';
  }

  private overTime(): SandboxFailure {
    return { message: timeLimitMessage(this.limits.stepTimeoutMs), where: null, stop: true };
  }

  private overMemory(): SandboxFailure {
    return { message: memoryLimitMessage(this.limits.memoryLimitMb), where: null, stop: true };
  }

  private unreadable(): SandboxFailure {
    return { message: 'The reducer stopped in a way that cannot be described.', where: null, stop: true };
  }

  private where(stack: string): string | null {
    const base = this.filename.split(/[\\/]/).pop() ?? this.filename;
    const escaped = this.filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const line = new RegExp(`${escaped}:(\\d+)`).exec(stack);
    return line ? `${base}:${line[1]}` : null;
  }
}

/**
 * The one error that comes out of a call: Node's, when the time limit ends it. Told apart without running anything
 * of the thrown value's: a proxy is no native error, and an own property's descriptor is read without its getter.
 */
function isTimeout(error: unknown): boolean {
  if (!types.isNativeError(error) || types.isProxy(error)) return false;
  const code = Object.getOwnPropertyDescriptor(error, 'code');
  return code !== undefined && 'value' in code && code.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

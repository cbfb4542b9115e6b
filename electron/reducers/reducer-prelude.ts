// Code run inside the reducer's context before the reducer: it holds the reducer and its state, and is all the host
// ever calls. Everything the reducer's code can cause to run (its functions, getters, toString, toJSON, proxies,
// Error.prepareStackTrace, promise callbacks) runs inside these calls, which the host makes under the time limit; out
// of them come only strings, so the host never touches an object of the reducer's, and no code of the reducer's runs
// after a call has ended (structured clone, JSON, describing an error are all done in here, or on strings).
//
// The calls are a capability, not globals: the prelude evaluates to them, and the host passes them back in a slot that
// the call's first step empties, so the reducer can never call them itself (to reset its memory count, say).
//
// Replies: "=" + text (done; the text is the state's JSON where one is asked for), "~" (the reducer returned a promise:
// ask `settle`), "!" + message JSON + "\n" + stack JSON (it threw), "#" (it went over its memory budget).
//
// An async reducer is awaited under the same limit: the context runs its promise jobs at the end of each call, within
// the call's time limit, so by `settle` a promise has settled, or never will (the sandbox has no timers, I/O or other
// threads), and is refused.
import { GUARD_BUFFERS } from './reducer-buffers.js';

/** The longest message or stack text brought out of the context. */
const MAX_TEXT = 20_000;

export const PRELUDE = `
  'use strict';
  var module = { exports: {} };
  var exports = module.exports;
  var console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
  (function (global) {
    // Taken before the reducer runs: it can replace the globals, not these.
    var apply = Reflect.apply, defineProperty = Object.defineProperty, freeze = Object.freeze, parse = JSON.parse,
      stringify = JSON.stringify, text = String, slice = String.prototype.slice, ErrorIntrinsic = Error,
      RangeErr = RangeError;
    ${GUARD_BUFFERS}

    var state = null;
    var budget = 0, allocated = 0, over = false;
    var awaiting = null;

    function charge(bytes) {
      if (!(bytes > 0)) return;
      allocated += bytes;
      if (over || allocated > budget) {
        over = true;
        throw new RangeErr('The reducer went over its memory limit (ArrayBuffers and typed arrays count toward it).');
      }
    }

    // Each call starts with the bytes it may still take outside the heap; a reducer once over its budget stays over.
    function begin(bytes) {
      if (over) return false;
      budget = bytes;
      allocated = 0;
      return true;
    }

    function done(reply) {
      return over ? '#' : reply;
    }

    function cut(value) {
      return stringify(apply(slice, value, [0, ${MAX_TEXT}]));
    }

    function refused(message) {
      return done('!' + cut(message) + '\\n""');
    }

    // Reading a thrown value may run its getters, proxy traps, toString or Error.prepareStackTrace: here, under the limit.
    function failed(thrown) {
      var message, stack = '';
      try {
        if (thrown !== null && (typeof thrown === 'object' || typeof thrown === 'function')) {
          message = 'message' in thrown ? thrown.message : thrown;
          if ('stack' in thrown) stack = thrown.stack;
        } else {
          message = thrown;
        }
        message = text(message);
        stack = text(stack);
      } catch (again) {
        // What describing it threw is not looked at either.
        message = 'The reducer threw a value that cannot be read.';
        stack = '';
      }
      return done('!' + cut(message) + '\\n' + cut(stack));
    }

    function reducer() {
      var m = module.exports;
      var source = m && typeof m.apply === 'function' ? m : m && m.default;
      if (!source || typeof source.apply !== 'function') throw new ErrorIntrinsic('The reducer file exports no apply(state, event) function (named, or on a default export).');
      return source;
    }

    // A result that is undefined keeps the state (a reducer that changes it in place), or is {} for init.
    function keep(result, initial) {
      if (result !== undefined) state = result;
      else if (initial) state = {};
    }

    function adopt(result, initial) {
      if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
        var then = result.then;
        if (typeof then === 'function') {
          var waiting = { settled: false, rejected: false, value: undefined, initial: initial };
          awaiting = waiting;
          apply(then, result, [
            function (value) { if (awaiting === waiting && !waiting.settled) { waiting.settled = true; waiting.value = value; } },
            function (reason) { if (awaiting === waiting && !waiting.settled) { waiting.settled = true; waiting.rejected = true; waiting.value = reason; } },
          ]);
          return done('~');
        }
      }
      keep(result, initial);
      return done('=');
    }

    var calls = freeze({
      load: function (body, bytes) {
        if (!begin(bytes)) return '#';
        try {
          apply(body, global, []);
        } catch (thrown) {
          return failed(thrown);
        }
        return done('=');
      },
      init: function (bytes) {
        if (!begin(bytes)) return '#';
        try {
          var source = reducer();
          return adopt(typeof source.init === 'function' ? source.init() : undefined, true);
        } catch (thrown) {
          return failed(thrown);
        }
      },
      setState: function (json, bytes) {
        if (!begin(bytes)) return '#';
        try {
          state = parse(json);
        } catch (thrown) {
          return failed(thrown);
        }
        return done('=');
      },
      step: function (eventJson, bytes) {
        if (!begin(bytes)) return '#';
        try {
          return adopt(reducer().apply(state, parse(eventJson)), false);
        } catch (thrown) {
          return failed(thrown);
        }
      },
      settle: function (bytes) {
        if (!begin(bytes)) return '#';
        var waited = awaiting;
        awaiting = null;
        if (waited === null) return done('=');
        if (!waited.settled) return refused('The reducer returned a promise that never settled: it may await only its own promises, as the sandbox has no timers, I/O or other threads.');
        if (waited.rejected) return failed(waited.value);
        keep(waited.value, waited.initial);
        return done('=');
      },
      state: function (bytes) {
        if (!begin(bytes)) return '#';
        var json;
        try {
          json = stringify(state);
        } catch (thrown) {
          return failed(thrown);
        }
        return done('=' + (typeof json === 'string' ? json : 'null'));
      },
      describe: function (thrown, bytes) {
        if (!begin(bytes)) return '#';
        return failed(thrown);
      },
    });

    // Nothing a reducer needs, and each a way around the limits: finalizers run when memory is collected, outside any
    // call; shared memory and WebAssembly memories are taken outside the heap, unguarded.
    delete global.FinalizationRegistry;
    delete global.SharedArrayBuffer;
    delete global.Atomics;
    delete global.WebAssembly;
    guardBuffers(global, charge);
    // Slots the host writes before a call and the call empties first: non-configurable, so never made accessors.
    defineProperty(global, '__eventlensCalls', { value: null, writable: true });
    defineProperty(global, '__eventlensInput', { value: null, writable: true });
    defineProperty(global, '__eventlensBudget', { value: 0, writable: true });
    return calls;
  })(globalThis);
`;

export type SandboxCall = 'load' | 'init' | 'setState' | 'step' | 'settle' | 'state' | 'describe';

/** The script the host runs for a call: it empties the slots before anything of the reducer's can run. */
export function callScript(call: SandboxCall): string {
  const input = call === 'load' || call === 'setState' || call === 'step' || call === 'describe' ? 'input, ' : '';
  return `'use strict';
    (function (calls, input, budget) {
      __eventlensCalls = null;
      __eventlensInput = null;
      return calls.${call}(${input}budget);
    })(__eventlensCalls, __eventlensInput, __eventlensBudget);`;
}

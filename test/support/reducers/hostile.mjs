// A reducer that tries what reducers must not do: each event type is one attempt.
export default {
  apply(state, event) {
    switch (event.type) {
      case 'loop':
        for (;;) {}
      case 'hog': {
        const hoard = [];
        for (;;) hoard.push(new Array(1e6).fill(event.version));
      }
      case 'require':
        return { found: typeof require, process: typeof process, fetch: typeof fetch, globalFetch: typeof globalThis.fetch };
      case 'escape':
        return { escaped: this.constructor.constructor('return process')().pid };
      case 'eval':
        return { evaluated: eval('1 + 1') };
      default:
        return { ...state, ok: event.version };
    }
  },
};

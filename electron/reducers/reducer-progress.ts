// The memory the reducer's worker shares with the main thread: where it is, and that it is alive. Its own module, as
// both threads read it and the worker's module runs as a worker only.

/** Slots of the shared Int32Array. */
export const Progress = {
  /** Index of the event being applied (-1 for init). */
  index: 0,
  /** Bumped before each call into the reducer, and by a heartbeat while the worker is idle. */
  beat: 1,
  /** Id of the request the worker has started to answer. */
  request: 2,
  length: 3,
} as const;

/** Well under the watchdog's patience (the step limit plus its grace), however short the step limit. */
export const HEARTBEAT_MS = 200;

export function progressArray(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Progress.length * Int32Array.BYTES_PER_ELEMENT));
}

// The worker's time limit (vm's timeout) reaches the calls into the reducer's context, and nothing else. Node can
// still run the reducer's code on that thread outside them: it reads a rejected, unhandled promise's async id through
// the promise's prototype chain, which the reducer may have made a looping proxy. So the main thread watches the beat
// the worker keeps in shared memory, and has it terminated once it has shown none for longer than a step may take.
import { performance } from 'node:perf_hooks';
import { Progress } from './reducer-progress.js';

/** Beyond the step limit, so the worker's own timeout (which names the event exactly) normally comes first. */
export const GRACE_MS = 1000;
/** Loading Node's modules and compiling the reducer, before the worker's first beat, on a busy machine. */
export const STARTUP_MS = 30_000;
const POLL_MS = 100;

export class Watchdog {
  private timer: ReturnType<typeof setInterval> | null;
  private last: number;
  private since = performance.now();

  constructor(
    private readonly progress: Int32Array,
    stepTimeoutMs: number,
    private readonly onStuck: () => void,
  ) {
    this.last = Atomics.load(progress, Progress.beat);
    const patienceMs = stepTimeoutMs + GRACE_MS;
    const first = this.last;
    this.timer = setInterval(() => {
      const beat = Atomics.load(this.progress, Progress.beat);
      const now = performance.now();
      if (beat !== this.last) {
        this.last = beat;
        this.since = now;
      } else if (now - this.since > (beat === first ? STARTUP_MS : patienceMs)) {
        this.stop();
        this.onStuck();
      }
    }, POLL_MS);
    // The watch never keeps the app (or a CLI run) alive by itself.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

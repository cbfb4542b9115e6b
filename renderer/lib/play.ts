// Playing a replay: when to take the next step, and when to stop.
import type { ReplayPoint } from '../../shared/model.js';

/** Events per second the Speed select offers. */
export const SPEEDS = [1, 5, 20, 100] as const;
export const DEFAULT_SPEED = 5;

export type StopReason = 'end' | 'type' | 'failure';

/** Why play stops once this point is shown, or null to go on. A reducer error always stops it. */
export function stopReason(point: ReplayPoint, stopType: string | null): StopReason | null {
  if (point.failure && point.count >= point.failure.count) return 'failure';
  if (stopType !== null && point.event?.type === stopType) return 'type';
  if (point.count >= point.total) return 'end';
  return null;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
};

/**
 * Takes a step every `interval` ms, timed from when each step starts. A step slower than that (a slow reducer, a busy
 * host) starts the next at once: play slows down rather than piling up requests, and never bursts to catch up.
 */
export class PlayLoop {
  private run = 0;
  private active = false;

  constructor(private readonly clock: Clock = realClock) {}

  get running(): boolean {
    return this.active;
  }

  /** Steps until `step` answers false or stop() is called; resolves when the loop has ended. */
  async start(interval: () => number, step: () => Promise<boolean>): Promise<void> {
    const run = ++this.run;
    this.active = true;
    let due = this.clock.now() + interval();
    try {
      for (;;) {
        const wait = due - this.clock.now();
        if (wait > 0) await this.clock.sleep(wait);
        if (run !== this.run) return;
        const started = this.clock.now();
        if (!(await step()) || run !== this.run) return;
        // Read after the step, so a speed chosen meanwhile applies to the very next one.
        due = started + interval();
      }
    } finally {
      if (run === this.run) this.active = false;
    }
  }

  stop(): void {
    this.run++;
    this.active = false;
  }
}

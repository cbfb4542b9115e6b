// Play and Pause for the Replay area: steps at the chosen speed, stops at the end, on a chosen event type, or on a
// reducer error.
import type { ReplayPoint } from '../../shared/model.js';
import { DEFAULT_SPEED, PlayLoop, stopReason } from './play.js';
import type { Clock, StopReason } from './play.js';

/** What the player drives: the replay's position and one step forward. */
export interface Steppable {
  readonly canPlay: boolean;
  readonly atEnd: boolean;
  /** Set when the last request failed: play stops rather than asking again and again. */
  readonly error: string | null;
  /** Shows the next step; null when it was dropped (a newer request replaced it) or failed. */
  advance(): Promise<ReplayPoint | null>;
  restart(): void;
}

export class Player {
  playing = $state(false);
  /** Events per second. */
  speed = $state(DEFAULT_SPEED);
  /** An event type to stop on; '' for none. */
  stopType = $state('');
  /** Why play last stopped by itself, said in the area. */
  stopped = $state.raw<{ reason: StopReason; point: ReplayPoint } | null>(null);

  private readonly loop: PlayLoop;

  constructor(
    private readonly replay: Steppable,
    clock?: Clock,
  ) {
    this.loop = new PlayLoop(clock);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (!this.replay.canPlay || this.playing) return;
    if (this.replay.atEnd) this.replay.restart();
    this.playing = true;
    this.stopped = null;
    void this.loop.start(
      () => 1000 / this.speed,
      async () => {
        const point = await this.replay.advance();
        if (!this.playing) return false;
        // A dropped step (the user moved meanwhile) just goes on from wherever the replay is now.
        if (point === null) {
          if (this.replay.error === null && !this.replay.atEnd) return true;
          this.playing = false;
          return false;
        }
        const reason = stopReason(point, this.stopType === '' ? null : this.stopType);
        if (reason === null) return true;
        this.stopped = { reason, point };
        this.playing = false;
        return false;
      },
    );
  }

  pause(): void {
    this.loop.stop();
    this.playing = false;
  }
}

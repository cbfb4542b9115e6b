// Random access into a stream's replay: the state is kept every N steps (checkpoints), so reaching any version
// replays at most N-1 events from the nearest checkpoint, whatever the stream's length.
import { diffStates } from './diff.js';
import type { Change, FieldChange, Json, JournalEvent } from './model.js';
import type { Reduction } from './reducers.js';
import { jsonText } from './deep-json.js';

/** A reducer as the cursor drives it: built-in reducers answer at once, the user's own answers from a worker. */
export interface StepReducer {
  init(): Json | Promise<Json>;
  apply(state: Json, event: JournalEvent): Reduction | Promise<Reduction>;
  /**
   * Applies events in order and answers the state after the last one (and its note). Optional: a reducer in another
   * thread answers a run of events in one round trip instead of one per event. Throws ReducerFailure.
   */
  advance?(state: Json, events: readonly JournalEvent[], firstIndex: number): Promise<Reduction>;
}

async function advance(reducer: StepReducer, state: Json, events: readonly JournalEvent[], firstIndex: number): Promise<Reduction> {
  if (reducer.advance) return reducer.advance(state, events, firstIndex);
  let reduction: Reduction = { state };
  for (let i = 0; i < events.length; i++) {
    try {
      reduction = await reducer.apply(reduction.state, events[i]!);
    } catch (error) {
      throw error instanceof ReducerFailure ? error : new ReducerFailure((error as Error).message, firstIndex + i, null);
    }
  }
  return reduction;
}

/** The reducer threw or ran out of time at this step: the replay is usable up to the step before it. */
export class ReducerFailure extends Error {
  constructor(
    message: string,
    /** 0-based index of the event the reducer failed on. */
    readonly index: number,
    /** The reducer's file and line, when known ("reducer.js:12"). */
    readonly where: string | null,
  ) {
    super(message);
  }
}

export interface CursorStep {
  /** Events applied: 0 is the initial state, n the state after the whole stream. */
  count: number;
  /** The last event applied; null at the start. */
  event: JournalEvent | null;
  state: Json;
  /** What that event changed. */
  changes: Change[];
  note?: string;
}

export const CHECKPOINT_EVERY = 256;

export class ReplayCursor {
  /** checkpoints[k] is the state after k * every events (checkpoints[0] is the initial state). */
  private readonly checkpoints: Json[] = [];
  private failure: ReducerFailure | null = null;
  /**
   * Told after each run of events folded on the way to a step (a checkpoint's worth), with how far it got: a caller may
   * report progress there, and let other work run (a long walk is awaited at each run).
   */
  onFold: ((folded: number, target: number) => void | Promise<void>) | null = null;

  constructor(
    readonly events: readonly JournalEvent[],
    private readonly reducer: StepReducer,
    private readonly every = CHECKPOINT_EVERY,
  ) {}

  get length(): number {
    return this.events.length;
  }

  /** The reducer's failure once reached, if it failed. */
  get failed(): ReducerFailure | null {
    return this.failure;
  }

  /** The state after `count` events, with the note of the last one. Throws ReducerFailure past a failed step. */
  async stateAfter(count: number): Promise<{ state: Json; note?: string }> {
    const target = Math.max(0, Math.min(this.events.length, Math.floor(count)));
    if (this.failure !== null && target > this.failure.index) throw this.failure;
    if (this.checkpoints.length === 0) this.checkpoints.push(await this.reducer.init());
    // Start below the target (never on it), so the last event is applied and its note is known.
    const nearest = Math.min(Math.floor(Math.max(0, target - 1) / this.every), this.checkpoints.length - 1);
    let reduction: Reduction = { state: this.checkpoints[nearest] as Json };
    // Walk checkpoint to checkpoint, keeping each new one, then the rest of the way to the target.
    for (let index = nearest * this.every; index < target; ) {
      const boundary = Math.min(target, (Math.floor(index / this.every) + 1) * this.every);
      try {
        reduction = await advance(this.reducer, reduction.state, this.events.slice(index, boundary), index);
      } catch (error) {
        this.failure = error instanceof ReducerFailure ? error : new ReducerFailure((error as Error).message, index, null);
        throw this.failure;
      }
      index = boundary;
      if (index % this.every === 0 && this.checkpoints.length === index / this.every) this.checkpoints.push(reduction.state);
      if (this.onFold !== null) await this.onFold(index, target);
    }
    return reduction.note === undefined || target === 0 ? { state: reduction.state } : { state: reduction.state, note: reduction.note };
  }

  /** The state after `count` events and what the last of them changed. */
  async step(count: number): Promise<CursorStep> {
    const target = Math.max(0, Math.min(this.events.length, Math.floor(count)));
    const after = await this.stateAfter(target);
    if (target === 0) return { count: 0, event: null, state: after.state, changes: [] };
    const before = await this.stateAfter(target - 1);
    const step: CursorStep = { count: target, event: this.events[target - 1]!, state: after.state, changes: diffStates(before.state, after.state) };
    if (after.note !== undefined) step.note = after.note;
    return step;
  }

  /** What changed between any two points of the stream. */
  async compare(fromCount: number, toCount: number): Promise<Change[]> {
    const from = await this.stateAfter(fromCount);
    const to = await this.stateAfter(toCount);
    return diffStates(from.state, to.state);
  }

  /**
   * The state after each event from the first, in order, one reducer call per event (for whole-stream questions:
   * field history, every step's changes). Stops with a ReducerFailure where the reducer fails.
   */
  async *walk(): AsyncGenerator<{ count: number; event: JournalEvent; before: Json; state: Json; note?: string }> {
    let state = (await this.stateAfter(0)).state;
    for (let index = 0; index < this.events.length; index++) {
      if (this.failure !== null && index >= this.failure.index) throw this.failure;
      const event = this.events[index]!;
      let reduction: Reduction;
      try {
        reduction = await advance(this.reducer, state, [event], index);
      } catch (error) {
        this.failure = error instanceof ReducerFailure ? error : new ReducerFailure((error as Error).message, index, null);
        throw this.failure;
      }
      const count = index + 1;
      if (count % this.every === 0 && this.checkpoints.length === count / this.every) this.checkpoints.push(reduction.state);
      const step = { count, event, before: state, state: reduction.state };
      state = reduction.state;
      yield reduction.note === undefined ? step : { ...step, note: reduction.note };
    }
  }

  /**
   * Every step that changed the value at `pointer` (RFC 6901), with the value after it (absent when removed).
   * Walks the stream once; stops at a reducer failure, which it reports.
   */
  async fieldHistory(pointer: string): Promise<{ entries: FieldChange[]; failed: ReducerFailure | null }> {
    const entries: FieldChange[] = [];
    try {
      for await (const step of this.walk()) {
        const before = valueAt(step.before, pointer);
        const after = valueAt(step.state, pointer);
        if (sameValue(before, after)) continue;
        const entry: FieldChange = {
          count: step.count,
          version: step.event.version,
          position: step.event.position,
          stream: step.event.stream,
          type: step.event.type,
          time: step.event.time,
        };
        if (after.present) entry.value = after.value;
        entries.push(entry);
      }
    } catch (error) {
      if (error instanceof ReducerFailure) return { entries, failed: error };
      throw error;
    }
    return { entries, failed: null };
  }
}

type Lookup = { present: true; value: Json } | { present: false };

function decodeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at an RFC 6901 pointer, if present. */
export function valueAt(document: Json, pointer: string): Lookup {
  if (pointer === '') return { present: true, value: document };
  let current: Json = document;
  for (const token of pointer.slice(1).split('/').map(decodeToken)) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= current.length) return { present: false };
      current = current[Number(token)]!;
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, Json>)[token]!;
    } else {
      return { present: false };
    }
  }
  return { present: true, value: current };
}

function sameValue(a: Lookup, b: Lookup): boolean {
  if (!a.present || !b.present) return a.present === b.present;
  // Unchanged branches are shared between states, so identity settles most comparisons.
  return a.value === b.value || jsonText(a.value) === jsonText(b.value);
}

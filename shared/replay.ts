// Replay: folding a stream's events through a reducer, step by step, with what each step changed.
import { diffStates } from './diff.js';
import { isJsonObject, mergePatch } from './merge-patch.js';
import type { Change, Json, JournalEvent, ReplayResult, ReplayStep } from './model.js';

export interface Reduction {
  state: Json;
  /** Why the event left the state as it was, when it did. */
  note?: string;
}

export interface Reducer {
  init(): Json;
  apply(state: Json, event: JournalEvent): Reduction;
}

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** The default: each event's data is a JSON Merge Patch (RFC 7386) on the state. */
export const mergePatchReducer: Reducer = {
  init: () => ({}),
  apply(state, event) {
    if (!isJsonObject(event.data)) {
      return { state, note: `Data is ${describe(event.data)}, not an object: the state is unchanged.` };
    }
    return { state: mergePatch(state, event.data) };
  },
};

export interface ReplayedStep {
  event: JournalEvent;
  /** State after this event. */
  state: Json;
  changes: Change[];
  note?: string;
}

/** Yields the state after each event, in the order given; states share unchanged branches, so keeping them all is cheap. */
export function* replaySteps(events: Iterable<JournalEvent>, reducer: Reducer = mergePatchReducer): Generator<ReplayedStep> {
  let state = reducer.init();
  for (const event of events) {
    const reduction = reducer.apply(state, event);
    const changes = diffStates(state, reduction.state);
    state = reduction.state;
    yield reduction.note === undefined ? { event, state, changes } : { event, state, changes, note: reduction.note };
  }
}

export function toReplayStep(step: ReplayedStep): ReplayStep {
  const { event, changes, note } = step;
  const result: ReplayStep = { version: event.version, position: event.position, type: event.type, time: event.time, changes };
  if (note !== undefined) result.note = note;
  return result;
}

/** Replays a stream's events up to and including version `to` (all of them when absent). */
export function replayStream(
  stream: string,
  events: Iterable<JournalEvent>,
  options: { to?: number; steps?: boolean; reducer?: Reducer } = {},
): ReplayResult {
  const reducer = options.reducer ?? mergePatchReducer;
  const steps: ReplayStep[] = [];
  let state = reducer.init();
  let version: number | null = null;
  for (const step of replaySteps(events, reducer)) {
    if (options.to !== undefined && step.event.version > options.to) break;
    state = step.state;
    version = step.event.version;
    if (options.steps) steps.push(toReplayStep(step));
  }
  return options.steps ? { stream, version, state, steps } : { stream, version, state };
}

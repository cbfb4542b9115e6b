// Replay: folding a stream's events through a reducer, step by step, with what each step changed.
import { diffStates } from './diff.js';
import type { Change, Json, JournalEvent, ReplayResult, ReplayStep } from './model.js';
import { mergePatchReducer } from './reducers.js';
import type { Reducer } from './reducers.js';

export { mergePatchReducer } from './reducers.js';
export type { Reducer, Reduction } from './reducers.js';

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

export function toReplayStep(event: JournalEvent, changes: Change[], note?: string): ReplayStep {
  const result: ReplayStep = { version: event.version, position: event.position, type: event.type, time: event.time, changes };
  if (note !== undefined) result.note = note;
  return result;
}

/** Replays a stream's events up to and including version `to` (all of them when absent). */
export function replayStream(
  stream: string,
  events: Iterable<JournalEvent>,
  options: { to?: number | undefined; steps?: boolean; reducer?: Reducer } = {},
): ReplayResult {
  const reducer = options.reducer ?? mergePatchReducer;
  const steps: ReplayStep[] = [];
  let state = reducer.init();
  let version: number | null = null;
  for (const event of events) {
    if (options.to !== undefined && event.version > options.to) break;
    const reduction = reducer.apply(state, event);
    // Changes are computed only when asked for: a diff per step is most of the cost of a long replay.
    if (options.steps) steps.push(toReplayStep(event, diffStates(state, reduction.state), reduction.note));
    state = reduction.state;
    version = event.version;
  }
  return options.steps ? { stream, version, state, steps } : { stream, version, state };
}

// A long replay walk (reading a subject's events, then folding them) can be cancelled, and a cancel loses nothing
// folded before it: asking again goes on from the last checkpoint.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { JournalEvent } from '../../shared/model.js';
import { CHECKPOINT_EVERY } from '../../shared/replay-cursor.js';
import { ReplayDesk } from '../../electron/replay/replay-desk.js';
import type { JournalStore } from '../../electron/store/journal-store.js';

/** Events each built-in reducer applied, counted by wrapping the real reducers. */
const applied = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../shared/reducers.js', async (original) => {
  const real = await original<typeof import('../../shared/reducers.js')>();
  return {
    ...real,
    builtinReducer: (...args: Parameters<typeof real.builtinReducer>) => {
      const reducer = real.builtinReducer(...args);
      return {
        init: reducer.init,
        apply: (state: Parameters<typeof reducer.apply>[0], event: JournalEvent) => {
          applied.count++;
          return reducer.apply(state, event);
        },
      };
    },
  };
});

const LENGTH = 60_000;
const PAGE = 1000;

function ledger(): JournalEvent[] {
  return Array.from({ length: LENGTH }, (_, i) => ({
    position: i + 1,
    stream: 'ledger-1',
    version: i + 1,
    type: 'posted',
    time: null,
    data: { amount: i, [`k${i % 40}`]: i },
    metadata: null,
  }));
}

/** A store of one long stream, read a page per turn as the real stores read it. */
function storeOf(events: JournalEvent[], reads: { selections: unknown[] }): () => JournalStore {
  const read = async (onProgress: (read: number, total: number) => void) => {
    for (let at = PAGE; at <= events.length; at += PAGE) {
      await nextTurn();
      onProgress(at, events.length);
    }
    return events;
  };
  const store = {
    summary: { name: 'ledger.ndjson' },
    hasStream: async (stream: string) => stream === 'ledger-1',
    snapshots: async () => [],
    readStream: (_stream: string, onProgress: (read: number, total: number) => void) => read(onProgress),
    readSelection: (query: unknown, onProgress: (read: number, total: number) => void) => {
      reads.selections.push(query);
      return read(onProgress);
    },
  } as unknown as JournalStore;
  return () => store;
}

/** Turns of the event loop until the desk reports a walk in this phase. */
async function untilPhase(desk: ReplayDesk, phase: 'reading' | 'folding', past = 0): Promise<void> {
  for (let turn = 0; turn < 1_000_000; turn++) {
    const walking = desk.progress();
    if (walking?.phase === phase && walking.done > past) return;
    await nextTurn();
  }
  throw new Error(`the walk never reached ${phase}`);
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);
const reducer = { kind: 'merge-patch' } as const;

describe('cancelling a replay walk', () => {
  it('has nothing to cancel when no walk is under way', () => {
    const desk = new ReplayDesk(storeOf([], { selections: [] }));
    expect(desk.cancel()).toBe(false);
  });

  it('stops a walk while it reads the events, and reads them anew when asked again', async () => {
    const desk = new ReplayDesk(storeOf(ledger(), { selections: [] }));
    const asked = failure(desk.replayAt({ stream: 'ledger-1', count: LENGTH, reducer }));
    await untilPhase(desk, 'reading');
    expect(desk.cancel()).toBe(true);
    expect(await asked).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/^The replay of ledger-1 was cancelled at [\d,]+ of 60,000 events\.$/) });
    expect(desk.progress()).toBeNull();
    expect(desk.cancel()).toBe(false);
    const point = await desk.replayAt({ stream: 'ledger-1', count: LENGTH, reducer });
    expect(point).toMatchObject({ total: LENGTH, count: LENGTH, event: { version: LENGTH } });
  });

  it('keeps what it folded before a cancel: asking again goes on from the last checkpoint', async () => {
    const desk = new ReplayDesk(storeOf(ledger(), { selections: [] }));
    applied.count = 0;
    const asked = failure(desk.replayAt({ stream: 'ledger-1', count: LENGTH, reducer }));
    await untilPhase(desk, 'folding', 5 * CHECKPOINT_EVERY);
    expect(desk.cancel()).toBe(true);
    expect(await asked).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/^The replay of ledger-1 was cancelled at [\d,]+ of 60,000 events\.$/) });
    const before = applied.count;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(LENGTH);

    const point = await desk.replayAt({ stream: 'ledger-1', count: LENGTH, reducer });
    expect(point).toMatchObject({ total: LENGTH, count: LENGTH, event: { version: LENGTH } });
    const expected: Record<string, number> = { amount: LENGTH - 1 };
    for (let i = LENGTH - 40; i < LENGTH; i++) expected[`k${i % 40}`] = i;
    expect(point.state).toEqual(expected);
    // Resumed, not started over: the second walk folds what the first had not, give or take a checkpoint's run
    // (and the step before the last, for its changes).
    expect(applied.count - before).toBeLessThanOrEqual(LENGTH - before + 2 * CHECKPOINT_EVERY + 1);
  });

  it('says how far a category replay has read, and cancels it too', async () => {
    const reads = { selections: [] as unknown[] };
    const desk = new ReplayDesk(storeOf(ledger(), reads));
    const asked = failure(desk.replayAt({ category: 'ledger', count: LENGTH, reducer }));
    await untilPhase(desk, 'reading');
    expect(desk.progress()).toMatchObject({ subject: 'ledger-*', phase: 'reading', total: LENGTH });
    expect(desk.cancel()).toBe(true);
    expect(await asked).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/^The replay of ledger-\* was cancelled at /) });
    expect(reads.selections).toEqual([{ category: 'ledger' }]);
  });

  it('lets a call asked after the cancel read the subject anew rather than fail with the cancelled read', async () => {
    const desk = new ReplayDesk(storeOf(ledger(), { selections: [] }));
    const first = failure(desk.replayAt({ stream: 'ledger-1', count: 1, reducer }));
    await untilPhase(desk, 'reading');
    expect(desk.cancel()).toBe(true);
    // Asked before the cancelled read has noticed: it waits for the same read, which fails, then reads again.
    const second = desk.replayAt({ stream: 'ledger-1', count: 1, reducer });
    expect(await first).toMatchObject({ code: 'cancelled' });
    expect(await second).toMatchObject({ count: 1, event: { version: 1 } });
  });
});

// The Replay area's plain logic: version → step, one request in flight, play pacing and stops, reducer choice, subjects.
import { describe, expect, it } from 'vitest';
import type { JournalEvent, ReplayPoint } from '../../shared/model.js';
import { Coalesce } from '../../renderer/lib/latest.js';
import { PlayLoop, stopReason } from '../../renderer/lib/play.js';
import type { Clock } from '../../renderer/lib/play.js';
import { reducerChoice } from '../../renderer/lib/reducer-choice.js';
import { StepIndex } from '../../renderer/lib/step-index.js';
import { describeFilter, keyOf, stepKey, subjectEvents, subjectLabel, subjectRequest } from '../../renderer/lib/subject.js';

/** A step index over these keys (step n has keys[n - 1]), counting the probes it makes. */
function indexOver(keys: number[]) {
  const asked: number[] = [];
  const index = new StepIndex(keys.length, async (count) => {
    asked.push(count);
    if (count < 1 || count > keys.length) throw new Error(`no step ${count}`);
    return keys[count - 1]!;
  });
  return { index, asked };
}

describe('version → step', () => {
  it('finds a version of a stream numbered 1, 2, 3… in three probes, however long the stream', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const { index, asked } = indexOver(keys);
    expect(await index.countOf(73_412)).toBe(73_412);
    expect(asked.length).toBeLessThanOrEqual(3);
    expect(await index.countOf(1)).toBe(1);
    expect(await index.countOf(100_000)).toBe(100_000);
  });

  it('does not assume versions rise by one: gaps, a late first version, repeated versions', async () => {
    const { index } = indexOver([5, 6, 9, 10, 10, 14, 200]);
    expect(await index.countOf(5)).toBe(1);
    expect(await index.countOf(9)).toBe(3);
    expect(await index.countOf(10)).toBe(4);
    expect(await index.countOf(14)).toBe(6);
    expect(await index.countOf(200)).toBe(7);
    for (const missing of [1, 4, 7, 8, 11, 199, 201]) expect(await index.countOf(missing)).toBeNull();
  });

  it('finds every key of a long irregular sequence in logarithmic probes (positions across streams)', async () => {
    const keys: number[] = [];
    for (let i = 0, position = 3; i < 5000; i++) keys.push((position += 1 + ((i * 7919) % 13)));
    const { index, asked } = indexOver(keys);
    for (const count of [1, 2, 777, 2500, 4999, 5000]) {
      asked.length = 0;
      expect(await index.countOf(keys[count - 1]!)).toBe(count);
      expect(asked.length).toBeLessThanOrEqual(16);
    }
    expect(await index.countOf(keys[10]! + 1)).toBeNull();
  });

  it('lands in a few probes when versions rise evenly with gaps, once the first and last are known', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => 10 + i + Math.floor(i / 1000));
    const { index, asked } = indexOver(keys);
    await index.keyAt(1);
    await index.keyAt(keys.length);
    for (const count of [2, 999, 1001, 73_413, 99_999]) {
      asked.length = 0;
      expect(await index.countOf(keys[count - 1]!)).toBe(count);
      expect(asked.length).toBeLessThanOrEqual(6);
    }
  });

  it('uses the steps it has already seen instead of asking again', async () => {
    const { index, asked } = indexOver([1, 2, 3, 4, 5, 6, 7, 8]);
    for (let count = 1; count <= 8; count++) index.note(count, count);
    expect(await index.countOf(6)).toBe(6);
    expect(asked).toEqual([]);
  });

  it('answers nothing for an empty subject', async () => {
    expect(await indexOver([]).index.countOf(1)).toBeNull();
  });
});

describe('one request in flight', () => {
  function controlled() {
    const started: number[] = [];
    const finishers = new Map<number, { resolve: (value: string) => void; reject: (error: Error) => void }>();
    const coalesce = new Coalesce<number, string>(
      (arg) =>
        new Promise<string>((resolve, reject) => {
          started.push(arg);
          finishers.set(arg, { resolve, reject });
        }),
    );
    return { coalesce, started, finish: (arg: number) => finishers.get(arg)!.resolve(`point ${arg}`), fail: (arg: number) => finishers.get(arg)!.reject(new Error(`bad ${arg}`)) };
  }

  it('runs the newest ask after the one in flight, and drops those in between', async () => {
    const { coalesce, started, finish } = controlled();
    const first = coalesce.run(1);
    const second = coalesce.run(2);
    const third = coalesce.run(3);
    const fourth = coalesce.run(4);
    expect(started).toEqual([1]);
    expect(await second).toBeNull();
    expect(await third).toBeNull();
    finish(1);
    expect(await first).toBe('point 1');
    await Promise.resolve();
    expect(started).toEqual([1, 4]);
    finish(4);
    expect(await fourth).toBe('point 4');
    // Idle again: the next ask runs at once.
    const fifth = coalesce.run(5);
    expect(started).toEqual([1, 4, 5]);
    finish(5);
    expect(await fifth).toBe('point 5');
  });

  it('gives an error to the ask that caused it and goes on with the next', async () => {
    const { coalesce, started, fail, finish } = controlled();
    const first = coalesce.run(1);
    const second = coalesce.run(2);
    fail(1);
    await expect(first).rejects.toThrow('bad 1');
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    fail(2);
    await expect(second).rejects.toThrow('bad 2');
    const third = coalesce.run(3);
    finish(3);
    expect(await third).toBe('point 3');
  });
});

/** A clock that moves only when the loop sleeps or a step takes time. */
function fakeClock(): Clock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += ms;
    },
  };
  return clock;
}

describe('play', () => {
  it('steps at the chosen speed, timed from the start of each step', async () => {
    const clock = fakeClock();
    const loop = new PlayLoop(clock);
    const at: number[] = [];
    await loop.start(
      () => 1000 / 20,
      async () => {
        at.push(clock.time);
        clock.time += 10; // the service's answer takes 10 ms
        return at.length < 5;
      },
    );
    expect(at).toEqual([50, 100, 150, 200, 250]);
    expect(loop.running).toBe(false);
  });

  it('slows down instead of piling up when steps are slower than the speed, and never bursts to catch up', async () => {
    const clock = fakeClock();
    const at: number[] = [];
    await new PlayLoop(clock).start(
      () => 10,
      async () => {
        at.push(clock.time);
        clock.time += at.length === 2 ? 95 : 3;
        return at.length < 5;
      },
    );
    expect(at).toEqual([10, 20, 115, 125, 135]);
  });

  it('follows a speed changed while playing', async () => {
    const clock = fakeClock();
    let interval = 1000;
    const at: number[] = [];
    await new PlayLoop(clock).start(
      () => interval,
      async () => {
        at.push(clock.time);
        interval = 10;
        return at.length < 3;
      },
    );
    expect(at).toEqual([1000, 1010, 1020]);
  });

  it('stops when asked, even while waiting for the next step', async () => {
    const loop = new PlayLoop({ now: () => 0, sleep: () => new Promise((done) => setTimeout(done, 5)) });
    let steps = 0;
    const running = loop.start(
      () => 1,
      async () => {
        steps++;
        return true;
      },
    );
    expect(loop.running).toBe(true);
    loop.stop();
    await running;
    expect(steps).toBe(0);
    expect(loop.running).toBe(false);
  });

  const event = (type: string): JournalEvent => ({ position: 1, stream: 's-1', version: 1, type, time: null, data: {}, metadata: null });
  const point = (count: number, type: string, extra: Partial<ReplayPoint> = {}): ReplayPoint => ({ total: 10, count, event: event(type), state: {}, changes: [], revision: null, ...extra });

  it('stops at the end, on the chosen type, and always on a reducer error', () => {
    expect(stopReason(point(3, 'a'), null)).toBeNull();
    expect(stopReason(point(3, 'a'), 'b')).toBeNull();
    expect(stopReason(point(3, 'b'), 'b')).toBe('type');
    expect(stopReason(point(10, 'a'), null)).toBe('end');
    const failure = { count: 6, version: 6, position: 6, stream: 's', message: 'boom', where: 'r.mjs:3' };
    // Known before it is reached: play goes on up to it.
    expect(stopReason(point(4, 'a', { failure }), null)).toBeNull();
    expect(stopReason(point(6, 'a', { failure }), null)).toBe('failure');
    expect(stopReason(point(6, 'b', { failure }), 'b')).toBe('failure');
  });
});

describe('reducer choice', () => {
  it('asks for the user file, a built-in kind, or a kind with the per-type overrides that differ from it', () => {
    expect(reducerChoice('custom', [{ type: 'a', kind: 'snapshot' }])).toBe('custom');
    expect(reducerChoice('merge-patch', [])).toEqual({ kind: 'merge-patch' });
    expect(reducerChoice('merge-patch', [{ type: 'a', kind: 'merge-patch' }])).toEqual({ kind: 'merge-patch' });
    expect(
      reducerChoice('merge-patch', [
        { type: 'a', kind: 'snapshot' },
        { type: 'b', kind: 'json-patch' },
      ]),
    ).toEqual({ kind: 'merge-patch', byType: { a: 'snapshot', b: 'json-patch' } });
  });
});

describe('replay subjects', () => {
  const filter = { types: ['money_deposited'], text: 'EUR', from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' };

  it('asks the replay and the event list for the same events', () => {
    expect(subjectRequest({ kind: 'stream', stream: 'user-1' })).toEqual({ stream: 'user-1' });
    expect(subjectEvents({ kind: 'stream', stream: 'user-1' })).toEqual({ stream: 'user-1' });
    expect(subjectRequest({ kind: 'category', category: 'account' })).toEqual({ category: 'account' });
    expect(subjectEvents({ kind: 'category', category: 'account' })).toEqual({ category: 'account' });
    expect(subjectRequest({ kind: 'filter', filter })).toEqual({ filter });
    expect(subjectEvents({ kind: 'filter', filter })).toEqual(filter);
  });

  it('names the subject, and numbers a stream by version and the others by position', () => {
    expect(subjectLabel({ kind: 'stream', stream: 'user-1' })).toBe('user-1');
    expect(subjectLabel({ kind: 'category', category: 'account' })).toBe('All account streams');
    expect(describeFilter(filter)).toBe('type money_deposited · text "EUR" · time 2026-10-01T00:00Z → 2026-10-02T00:00Z');
    expect(describeFilter({})).toBe('every event');
    expect(stepKey({ kind: 'stream', stream: 'user-1' })).toBe('version');
    expect(stepKey({ kind: 'category', category: 'account' })).toBe('position');
    const event: JournalEvent = { position: 42, stream: 'a-1', version: 3, type: 't', time: null, data: {}, metadata: null };
    expect(keyOf('version', event)).toBe(3);
    expect(keyOf('position', event)).toBe(42);
  });
});

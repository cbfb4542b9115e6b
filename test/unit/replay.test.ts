import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/model.js';
import { replayStream, replaySteps } from '../../shared/replay.js';
import { BANK_EVENTS } from '../support/fixtures.js';

const account: JournalEvent[] = BANK_EVENTS.filter((e) => e.stream === 'account-1').map((e, i) => ({
  position: i + 1,
  metadata: null,
  ...e,
}));

describe('replay with the merge-patch reducer', () => {
  it('gives the state after each event and what it changed', () => {
    const steps = [...replaySteps(account)];
    expect(steps.map((s) => s.state)).toEqual([
      { owner: 'ada', balance: 0, flags: { vip: false } },
      { owner: 'ada', balance: 100, flags: { vip: false }, last: { amount: 100 } },
      { owner: 'ada', balance: 100, flags: { vip: false }, last: { amount: 100 } },
      { owner: 'ada', balance: 40, last: { amount: 60 } },
    ]);
    expect(steps[1]!.changes).toEqual([
      { path: '/balance', kind: 'changed', before: 0, after: 100 },
      { path: '/last', kind: 'added', after: { amount: 100 } },
    ]);
    expect(steps[3]!.changes).toEqual(
      expect.arrayContaining([
        { path: '/balance', kind: 'changed', before: 100, after: 40 },
        { path: '/last/amount', kind: 'changed', before: 100, after: 60 },
        { path: '/flags', kind: 'removed', before: { vip: false } },
      ]),
    );
  });

  it('leaves the state unchanged for non-object data and says so at that step', () => {
    const steps = [...replaySteps(account)];
    expect(steps[2]!.changes).toEqual([]);
    expect(steps[2]!.note).toMatch(/Data is a string, not an object: the state is unchanged/);
    expect(steps[1]!.note).toBeUndefined();
  });

  it('never alters an earlier step when later events are applied', () => {
    const steps = [...replaySteps(account)];
    expect(steps[0]!.state).toEqual({ owner: 'ada', balance: 0, flags: { vip: false } });
  });

  it('stops at the requested version and lists steps on request', () => {
    expect(replayStream('account-1', account, { to: 2 })).toEqual({
      stream: 'account-1',
      version: 2,
      state: { owner: 'ada', balance: 100, flags: { vip: false }, last: { amount: 100 } },
    });
    const full = replayStream('account-1', account, { steps: true });
    expect(full.version).toBe(4);
    expect(full.steps!.map((s) => [s.version, s.type, s.changes.length])).toEqual([
      [1, 'account_opened', 3],
      [2, 'money_deposited', 2],
      [3, 'note_added', 0],
      [4, 'money_withdrawn', 3],
    ]);
    expect(full.steps![2]!.note).toBeDefined();
  });

  it('answers version null and the initial state before the first event', () => {
    expect(replayStream('account-1', account, { to: 0 })).toEqual({ stream: 'account-1', version: null, state: {} });
  });
});

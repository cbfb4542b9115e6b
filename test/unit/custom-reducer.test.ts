import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Json, JournalEvent } from '../../shared/model.js';
import { ReplayCursor } from '../../shared/replay-cursor.js';
import { CustomReducer } from '../../electron/reducers/custom-reducer.js';
import { tempFolder } from '../support/fixtures.js';

// The reducer runs in a worker thread from the build (npm test builds first).
const REDUCERS = join(import.meta.dirname, '../support/reducers');
const folder = tempFolder('eventlens-reducers-');
afterAll(() => folder.remove());

function event(version: number, type = 'posted', data: Json = { amount: version * 10 }): JournalEvent {
  return { position: version, stream: 'ledger-1', version, type, time: null, data, metadata: null };
}

describe('the user reducer', () => {
  it('runs an ESM file with named exports, and changing the state in place never alters earlier steps', async () => {
    const reducer = await CustomReducer.load(join(REDUCERS, 'ledger.mjs'));
    try {
      const cursor = new ReplayCursor([event(1), event(2), event(3), event(4), event(5)], reducer, 2);
      expect((await cursor.stateAfter(5)).state).toEqual({ balance: 150, entries: [1, 2, 3, 4, 5] });
      expect((await cursor.stateAfter(2)).state).toEqual({ balance: 30, entries: [1, 2] });
      expect((await cursor.step(3)).changes).toEqual([
        { path: '/balance', kind: 'changed', before: 30, after: 60 },
        { path: '/entries/2', kind: 'added', after: 3 },
      ]);
      expect((await cursor.stateAfter(0)).state).toEqual({ balance: 0, entries: [] });
    } finally {
      await reducer.close();
    }
  });

  it('runs a CommonJS file exporting an object', async () => {
    const reducer = await CustomReducer.load(join(REDUCERS, 'ledger.cjs'));
    try {
      expect((await new ReplayCursor([event(1), event(2)], reducer).stateAfter(2)).state).toEqual({ balance: 30 });
    } finally {
      await reducer.close();
    }
  });

  it('reports an exception at its step, with the message and the reducer line, and stays usable before it', async () => {
    const reducer = await CustomReducer.load(join(REDUCERS, 'ledger.mjs'));
    try {
      const cursor = new ReplayCursor([event(1), event(2), event(3, 'broken', { reason: 'closed account' }), event(4)], reducer, 2);
      await expect(cursor.stateAfter(4)).rejects.toMatchObject({ message: 'cannot post closed account', index: 2, where: 'ledger.mjs:7' });
      expect((await cursor.stateAfter(2)).state).toEqual({ balance: 30, entries: [1, 2] });
    } finally {
      await reducer.close();
    }
  });

  it('stops a reducer that loops forever or allocates without end, and keeps working after', async () => {
    const reducer = await CustomReducer.load(join(REDUCERS, 'hostile.mjs'), { stepTimeoutMs: 300, memoryLimitMb: 64 });
    try {
      await expect(reducer.advance({}, [event(1), event(2, 'loop')], 0)).rejects.toMatchObject({
        index: 1,
        message: 'The reducer took longer than 300 ms on this event and was stopped.',
      });
      const hog = await CustomReducer.load(join(REDUCERS, 'hostile.mjs'), { stepTimeoutMs: 60_000, memoryLimitMb: 64 });
      try {
        await expect(hog.advance({}, [event(1), event(2), event(3, 'hog')], 0)).rejects.toMatchObject({
          index: 2,
          message: 'The reducer used more than 64 MB on this event and was stopped.',
        });
        expect((await hog.advance({}, [event(7)], 0)).state).toEqual({ ok: 7 });
      } finally {
        await hog.close();
      }
      expect((await reducer.advance({}, [event(5)], 0)).state).toEqual({ ok: 5 });
    } finally {
      await reducer.close();
    }
  });

  it('has no file system, process, network or eval', async () => {
    const reducer = await CustomReducer.load(join(REDUCERS, 'hostile.mjs'));
    try {
      expect((await reducer.advance({}, [event(1, 'require')], 0)).state).toEqual({ found: 'undefined', process: 'undefined', fetch: 'undefined', globalFetch: 'undefined' });
      await expect(reducer.advance({}, [event(1, 'escape')], 0)).rejects.toMatchObject({ message: expect.stringMatching(/Code generation from strings disallowed/) });
      await expect(reducer.advance({}, [event(1, 'eval')], 0)).rejects.toMatchObject({ message: expect.stringMatching(/Code generation from strings disallowed/) });
    } finally {
      await reducer.close();
    }
  });

  it('refuses a file that does not load, naming the problem', async () => {
    const path = join(folder.path, 'no-apply.js');
    writeFileSync(path, 'export const init = () => ({});\n');
    await expect(CustomReducer.load(path)).rejects.toMatchObject({ code: 'bad-reducer', message: expect.stringMatching(/no-apply\.js does not load: The reducer file exports no apply/) });
    const syntax = join(folder.path, 'syntax.js');
    writeFileSync(syntax, 'export function apply(state, event) {\n  return {\n');
    await expect(CustomReducer.load(syntax)).rejects.toMatchObject({ code: 'bad-reducer' });
    await expect(CustomReducer.load(join(folder.path, 'absent.js'))).rejects.toMatchObject({ code: 'not-found' });
    copyFileSync(join(REDUCERS, 'ledger.cjs'), join(folder.path, 'fine.cjs'));
    await (await CustomReducer.load(join(folder.path, 'fine.cjs'))).close();
  });
});

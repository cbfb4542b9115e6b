// The header's words for a live store's following, and the clock time of its last look in the chosen zone.
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveStatus } from '../../shared/model.js';
import { clockTime, liveWords } from '../../renderer/lib/live-words.js';
import { useZoneSource } from '../../renderer/lib/time-zone.js';

const FOLLOWING: LiveStatus = { following: true, revision: 3, events: 8, streams: 4, lastTime: '2026-01-07T12:30:00.000Z', checked: '2026-12-06T20:05:01.250Z' };

describe('live words', () => {
  it('says following, paused, or why the last look failed', () => {
    expect(liveWords(FOLLOWING, null)).toMatchObject({ text: 'Live · following', tone: 'following' });
    expect(liveWords({ ...FOLLOWING, following: false }, null)).toMatchObject({ text: 'Live · paused', tone: 'paused' });
    expect(liveWords({ ...FOLLOWING, problem: 'No PostgreSQL server answers at 127.0.0.1:5432.' }, null)).toMatchObject({
      text: 'Live · cannot reach the server: No PostgreSQL server answers at 127.0.0.1:5432.',
      tone: 'problem',
    });
  });

  it('says paused rather than a problem from before the pause, and names a service that does not answer', () => {
    expect(liveWords({ ...FOLLOWING, following: false, problem: 'gone' }, null).text).toBe('Live · paused');
    expect(liveWords(FOLLOWING, 'The journal service stopped.')).toMatchObject({ text: 'Live · no answer from the journal service: The journal service stopped.', tone: 'problem' });
    expect(liveWords(null, null).text).toBe('Live · connecting');
  });

  it('says how new events are found: announced by the store and listened to, or looked for every second', () => {
    expect(liveWords({ ...FOLLOWING, listening: true }, null).detail).toMatch(/announces each append.*LISTEN/);
    expect(liveWords(FOLLOWING, null).detail).toBe('New events are looked for every second.');
    expect(liveWords({ ...FOLLOWING, following: false, listening: true }, null).detail).toMatch(/not looked for until you resume/);
  });
});

describe('clock time of the last look', () => {
  afterEach(() => useZoneSource({ mode: 'utc' }));

  it('is the time of day to the second, with its zone', () => {
    useZoneSource({ mode: 'utc' });
    expect(clockTime('2026-12-06T20:05:01.250Z')).toBe('20:05:01Z');
    useZoneSource({ mode: 'local' });
    expect(clockTime('2026-12-06T20:05:01.250Z')).toMatch(/^\d\d:\d\d:01[+-]\d\d:\d\d$/);
  });

  it('leaves a time it cannot read as it is', () => {
    expect(clockTime('soon')).toBe('soon');
  });
});

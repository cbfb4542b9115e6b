// The time zone switch as the formatting sees it: UTC with "Z", or local time with its offset, daylight saving included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatSpan, formatTime, formatTimeCompact, formatTimeShort } from '../../renderer/lib/format.js';
import { tickLabel, timeTicks } from '../../renderer/lib/rate-bars.js';
import { fromWallClock, isoInZone, toWallClock, useZoneSource, zoneSuffix } from '../../renderer/lib/time-zone.js';
import type { TimeZoneMode } from '../../renderer/lib/time-zone.js';

const zone = { mode: 'utc' as TimeZoneMode };
let savedTz: string | undefined;

beforeEach(() => {
  savedTz = process.env.TZ;
  useZoneSource(zone);
});

afterEach(() => {
  zone.mode = 'utc';
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('times in UTC (the default)', () => {
  it('are ISO with "Z", whatever the computer\'s zone', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(formatTime('2026-03-01T09:00:00+02:00')).toBe('2026-03-01T07:00:00.000Z');
    expect(formatTimeShort('2026-03-01T09:00:00.250Z')).toBe('2026-03-01T09:00:00Z');
    expect(formatTimeCompact('2026-03-01T09:00:00Z')).toBe('2026-03-01T09:00Z');
    expect(zoneSuffix(0)).toBe('Z');
  });
});

describe('times in local time', () => {
  it('carry the offset, a half hour too', () => {
    process.env.TZ = 'Asia/Kolkata';
    zone.mode = 'local';
    expect(formatTime('2026-03-01T21:15:30.250Z')).toBe('2026-03-02T02:45:30.250+05:30');
    expect(formatTimeShort('2026-03-01T21:15:30.250Z')).toBe('2026-03-02T02:45:30+05:30');
    expect(formatTimeCompact('2026-03-01T09:30:00Z')).toBe('2026-03-01T15:00+05:30');
    expect(formatSpan('2026-03-01T09:00:00Z', '2026-03-03T10:00:00Z')).toBe('2026-03-01T14:30:00+05:30 → 2026-03-03T15:30:00+05:30 (2 days)');
  });

  it('follow daylight saving: each time with the offset of its own date', () => {
    process.env.TZ = 'Europe/Berlin';
    zone.mode = 'local';
    expect(formatTime('2026-01-15T12:00:00Z')).toBe('2026-01-15T13:00:00.000+01:00');
    expect(formatTime('2026-07-15T12:00:00Z')).toBe('2026-07-15T14:00:00.000+02:00');
  });

  it('say a zone at UTC as "+00:00", apart from the UTC setting', () => {
    process.env.TZ = 'Atlantic/Reykjavik';
    zone.mode = 'local';
    expect(isoInZone(Date.parse('2026-03-01T09:00:00Z'))).toBe('2026-03-01T09:00:00.000+00:00');
  });

  it('leave text that is no time as it is', () => {
    zone.mode = 'local';
    expect(formatTime('yesterday')).toBe('yesterday');
    expect(formatTime(null)).toBe('—');
  });
});

describe("the chart's axis on local clocks", () => {
  it('puts day ticks on local midnights and labels them by the local date', () => {
    process.env.TZ = 'Asia/Kolkata';
    zone.mode = 'local';
    const min = Date.parse('2026-03-01T00:00:00Z');
    const max = Date.parse('2026-03-05T00:00:00Z');
    const ticks = timeTicks(toWallClock(min), toWallClock(max), 6);
    const instants = ticks.values.map(fromWallClock);
    expect(instants[0]).toBe(Date.parse('2026-03-01T18:30:00Z'));
    expect(instants.map((ms) => tickLabel(toWallClock(ms), ticks.step))).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
  });

  it('finds the instant of a wall-clock reading across a daylight-saving change', () => {
    process.env.TZ = 'Europe/Berlin';
    zone.mode = 'local';
    // 2026-03-29 03:00 in Berlin is the first hour of summer time (+02:00).
    expect(fromWallClock(Date.parse('2026-03-29T03:00:00Z'))).toBe(Date.parse('2026-03-29T01:00:00Z'));
    expect(fromWallClock(Date.parse('2026-03-28T12:00:00Z'))).toBe(Date.parse('2026-03-28T11:00:00Z'));
  });
});

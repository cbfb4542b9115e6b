// The one switch every time in the window follows: UTC, or the computer's own time zone. Times are always written as
// ISO text with their zone ("…Z" in UTC, "…+05:30" in local time), so a reader never has to guess which one it is.
// Plain TypeScript (no runes), so unit tests use it as it is; the app's remembered setting plugs in as the source.

export type TimeZoneMode = 'utc' | 'local';

/** Where the choice comes from: read on every call, so a reactive source makes every formatted time follow it. */
export interface ZoneSource {
  readonly mode: TimeZoneMode;
}

let source: ZoneSource = { mode: 'utc' };

/** The app's setting (time-zone-setting.svelte.ts) installs itself here; tests install a plain object. */
export function useZoneSource(next: ZoneSource): void {
  source = next;
}

export function zoneMode(): TimeZoneMode {
  return source.mode;
}

const MINUTE_MS = 60_000;

/** How far the chosen zone's clocks are ahead of UTC at the instant `ms`, in ms: 0 in UTC. */
export function zoneOffsetMs(ms: number): number {
  if (source.mode === 'utc') return 0;
  const minutes = new Date(ms).getTimezoneOffset();
  return Number.isNaN(minutes) ? 0 : -minutes * MINUTE_MS;
}

/** The instant as the chosen zone's clocks read it, counted as if it were UTC (for round ticks and labels). */
export function toWallClock(ms: number): number {
  return ms + zoneOffsetMs(ms);
}

/** The instant whose wall-clock reading is `wall`; the offset is asked twice so a daylight-saving change lands right. */
export function fromWallClock(wall: number): number {
  const guess = wall - zoneOffsetMs(wall);
  return wall - zoneOffsetMs(guess);
}

/** "Z" in UTC; "+05:30", "-04:00", "+00:00" in local time (local time at UTC is still said as an offset). */
export function zoneSuffix(ms: number): string {
  if (source.mode === 'utc') return 'Z';
  const minutes = Math.round(zoneOffsetMs(ms) / MINUTE_MS);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "2026-10-01T04:19:23.565+02:00": the instant in the chosen zone, to the millisecond, with its zone. */
export function isoInZone(ms: number): string {
  const wall = new Date(toWallClock(ms));
  // At the very edge of what a Date holds, the shifted reading may not exist: the instant is then said in UTC.
  if (Number.isNaN(wall.getTime())) return new Date(ms).toISOString();
  return `${wall.toISOString().slice(0, -1)}${zoneSuffix(ms)}`;
}

/** The computer's zone by name ("Europe/Berlin"), for the switch's label; null when the platform does not say. */
export function localZoneName(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

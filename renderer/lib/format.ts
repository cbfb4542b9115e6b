// How numbers and times look everywhere in the window: thousands separators, ISO times with their zone ("Z" in UTC,
// "+05:30" in local time), in the zone the one switch of time-zone.ts chooses.
import { previewJson } from './json-preview.js';
import { isoInZone } from './time-zone.js';

const counts = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return counts.format(value);
}

/** "5 events", "1,204 events", "1 event". */
export function plural(value: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : pluralForm}`;
}

/** An ISO time in the chosen zone ("2026-10-01T02:19:23.565Z"); the input itself when it does not parse. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : isoInZone(ms);
}

/** A shorter ISO time for headers: seconds precision, still with the zone. */
export function formatTimeShort(iso: string | null): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : isoInZone(ms).replace(/\.\d{3}(?=Z|[+-]\d\d:\d\d$)/, '');
}

/** The shortest exact ISO form: zero seconds and milliseconds dropped ("2026-10-13T12:00Z"), for range bounds. */
export function formatTimeCompact(iso: string | null): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return isoInZone(ms).replace(/\.000(?=Z|[+-]\d\d:\d\d$)/, '').replace(/:00(?=Z|[+-]\d\d:\d\d$)/, '');
}

const DAY_MS = 86_400_000;

/** "2026-10-01T02:19:23Z → 2026-11-11T17:40:02Z (41 days)". */
export function formatSpan(first: string | null, last: string | null): string {
  if (first === null || last === null) return 'no event times';
  const days = Math.round((Date.parse(last) - Date.parse(first)) / DAY_MS);
  const length = Number.isNaN(days) ? '' : days >= 1 ? ` (${plural(days, 'day')})` : ' (under a day)';
  return `${formatTimeShort(first)} → ${formatTimeShort(last)}${length}`;
}

/** JSON on one line for a change's before/after, cut so a huge value cannot swamp the list (nor take long to write). */
export function compactJson(value: unknown, max = 240): string {
  return previewJson(value, max);
}

const BYTE_UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

/** A size in decimal units with three significant digits at most: "512 bytes", "28.4 MB", "112 MB", "1.4 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return plural(Math.max(0, Math.round(bytes || 0)), 'byte');
  let value = bytes;
  let unit = -1;
  while (value >= 999.5 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
  const shown = Number(value.toFixed(digits));
  return `${shown} ${BYTE_UNITS[unit]}`;
}

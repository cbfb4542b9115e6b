// Event times arrive as ISO strings, SQL datetimes or epoch numbers; the model keeps ISO in UTC or null.

/** Epoch numbers below this are read as seconds, above as milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;
/** Above this they are microseconds (1e14 ms is the year 5138 too). */
const MILLISECONDS_LIMIT = 1e14;

function fromEpoch(value: number): number {
  if (Math.abs(value) < SECONDS_LIMIT) return value * 1000;
  if (Math.abs(value) < MILLISECONDS_LIMIT) return value;
  return value / 1000;
}

/** Returns ISO 8601 in UTC, or null when the value is absent or not a time. */
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * ISO 8601 / RFC 3339 and SQL datetimes, whole: a zone as Z, UTC, GMT or an offset; none means UTC (stores write SQL
 * datetimes in UTC). Text that begins as such a date and goes on otherwise is not a time: Date.parse would guess one
 * ("2026-z1-05 10:15" reads as 5 January), and the event would show a time its store never wrote.
 */
const DATE_TIME = /^(\d{4}-\d\d-\d\d)(?:[Tt ](\d\d:\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?\s*(?:([Zz]|UTC|GMT)|([+-]\d\d)(?::?(\d\d))?)?$/;

/** Milliseconds of a text that begins with a date, or NaN. */
function dateTimeMs(text: string): number {
  const match = DATE_TIME.exec(text);
  if (match === null) return NaN;
  const [, date, minutes, seconds, fraction, , offsetHours, offsetMinutes] = match;
  if (minutes === undefined) return Date.parse(`${date}T00:00:00Z`);
  const zone = offsetHours === undefined ? 'Z' : `${offsetHours}:${offsetMinutes ?? '00'}`;
  return Date.parse(`${date}T${minutes}:${seconds ?? '00'}${fraction === undefined ? '' : `.${fraction}`}${zone}`);
}

export function normalizeTime(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  // Most exports already write toISOString() form: keep it as it is (a million times over, this matters).
  if (typeof value === 'string' && CANONICAL.test(value)) return Number.isNaN(Date.parse(value)) ? null : value;
  let ms: number;
  if (typeof value === 'number' || typeof value === 'bigint') {
    ms = fromEpoch(Number(value));
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) ms = fromEpoch(Number(text));
    else if (/^\d{4}-/.test(text)) ms = dateTimeMs(text);
    // Other forms (RFC 2822 "Tue, 05 Jan 2026 10:15:00 GMT") as JavaScript reads them.
    else ms = Date.parse(text);
  } else {
    return null;
  }
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Whether a time as written says more than its normalized form keeps: a fraction of a second finer than the
 * millisecond ("…:02.971655189Z", an epoch in microseconds). Such a time is kept as written besides (JournalEvent.extra),
 * so a change in those digits is a change to the event.
 */
export function timeBeyondMilliseconds(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isInteger(fromEpoch(value));
  if (typeof value !== 'string') return false;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return !Number.isInteger(fromEpoch(Number(text)));
  const fraction = /:\d\d[.,](\d+)/.exec(text)?.[1];
  return fraction !== undefined && /[1-9]/.test(fraction.slice(3));
}

/** The forms of a written time whose every character the normalized time accounts for: ISO 8601 / RFC 3339 and SQL. */
const PLAIN_TIME = /^\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?)?(?:[Zz]|[+-]\d\d(?::?\d\d)?)?$/;

/**
 * Whether the event's time says all a written time does: no time at all, or one in a plain form, to the millisecond.
 * Anything else that still parses (a time finer than that, a separator Date.parse tolerates, another date form) is
 * kept as written besides the event's time (JournalEvent.extra, or metadata).
 */
export function timeKeptExactly(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (normalizeTime(value) === null || timeBeyondMilliseconds(value)) return false;
  if (typeof value === 'number') return true;
  if (typeof value !== 'string') return false;
  const text = value.trim();
  return text === value && (PLAIN_TIME.test(text) || /^-?\d+(\.\d+)?$/.test(text));
}

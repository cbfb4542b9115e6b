// One part of a SQLite store's summary, run in a worker thread: per stream its event count, versions and times, per
// event type its count, and the rows left out, in one pass over the rows `where` selects.
import { normalizeTime } from '../readers/time.js';
import { openReadOnly } from '../readers/sqlite-open.js';

export interface SummaryPassRequest {
  path: string;
  /** The store's rows as the events relation (position, stream, version, type, time, …). */
  select: string;
  /** Which rows this pass reads (ranges of positions, one query each), so two passes can share the work. */
  where: string[];
}

/**
 * One stream as a pass saw it: its events, its lowest and highest version and time, as stored and in SQLite's order (as
 * its min() and max() would say). Times are compared as stored: a store writes them in one format, so text order is time
 * order, and only the extremes need converting.
 */
export type StreamPart = [stream: string, events: number, firstVersion: unknown, lastVersion: unknown, firstTime: Time, lastTime: Time];

/** A time as stored, and in milliseconds (converted here, in the worker, to spare the main thread). */
export type Time = [stored: unknown, ms: number | null];

export interface SummaryPassResult {
  streams: StreamPart[];
  types: [type: string, count: number][];
  /** Rows without a stream or without a type: they are left out of the journal. */
  missing: number;
}

interface Tally {
  events: number;
  firstVersion: unknown;
  lastVersion: unknown;
  firstTime: unknown;
  lastTime: unknown;
}

/** SQLite's order across kinds of value (numbers, then text, then blobs), which its min() and max() follow. */
function kindRank(value: unknown): number {
  if (typeof value === 'number' || typeof value === 'bigint') return 0;
  return typeof value === 'string' ? 1 : 2;
}

/** a < b as SQLite orders them; neither is NULL. Text of one store's time column compares alike either way (ASCII). */
export function sqlBefore(a: unknown, b: unknown): boolean {
  const kind = typeof a;
  if (kind === typeof b && (kind === 'string' || kind === 'number' || kind === 'bigint')) return (a as number) < (b as number);
  const rankA = kindRank(a);
  const rankB = kindRank(b);
  if (rankA !== rankB) return rankA < rankB;
  if (rankA === 0) return Number(a) < Number(b);
  return Buffer.compare(Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array)) < 0;
}

/** A stream id or type as listed: text as it is, numbers and blobs as text (so 7 and '7' are one stream). */
function listedId(value: unknown): string {
  if (typeof value === 'string') return value;
  return value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value);
}

function timeMs(time: unknown): number | null {
  const iso = normalizeTime(time);
  return iso === null ? null : Date.parse(iso);
}

const SUMMARIZE = 'eventlens_summarize';

/**
 * The rows are folded here, in a hash map, rather than by SQL GROUP BY: SQLite answers a GROUP BY by sorting every
 * row, and sorting the stream, version and time of each row costs nearly twice as much as handing them to this
 * function (and counting types by GROUP BY would sort them all again).
 */
export function runSummaryPass(request: SummaryPassRequest): SummaryPassResult {
  const db = openReadOnly(request.path);
  try {
    // A whole-table read: a small page cache (the sqlite3 CLI's 2 MB) keeps recycling a few pages that stay in the
    // CPU's caches, where better-sqlite3's default 16 MB touches fresh memory for every page.
    db.pragma('cache_size = -2000');
    const streams = new Map<string, Tally>();
    const types = new Map<string, number>();
    let missing = 0;
    // A function called once per row (count() only drives it): typed better-sqlite3 aggregates take one argument.
    db.function(SUMMARIZE, { deterministic: false }, (stream: unknown, type: unknown, version: unknown, time: unknown) => {
        if (stream === null || type === null) {
          missing++;
          return null;
        }
        const typeId = typeof type === 'string' ? type : listedId(type);
        types.set(typeId, (types.get(typeId) ?? 0) + 1);
        const id = typeof stream === 'string' ? stream : listedId(stream);
        const tally = streams.get(id);
        if (tally === undefined) {
          streams.set(id, { events: 1, firstVersion: version, lastVersion: version, firstTime: time, lastTime: time });
          return null;
        }
        tally.events++;
        // First and last are both NULL until a value comes, then both set. Values of one kind (nearly always) compare
        // directly; sqlBefore orders mixed kinds as SQLite does.
        if (version !== null) {
          const last = tally.lastVersion;
          if (last === null) tally.firstVersion = tally.lastVersion = version;
          else if (typeof version === 'number' && typeof last === 'number') {
            if (version > last) tally.lastVersion = version;
            else if (version < (tally.firstVersion as number)) tally.firstVersion = version;
          } else if (sqlBefore(last, version)) tally.lastVersion = version;
          else if (sqlBefore(version, tally.firstVersion)) tally.firstVersion = version;
        }
        if (time !== null) {
          const last = tally.lastTime;
          if (last === null) tally.firstTime = tally.lastTime = time;
          else if (typeof time === 'string' && typeof last === 'string' && typeof tally.firstTime === 'string') {
            if (time > last) tally.lastTime = time;
            else if (time < tally.firstTime) tally.firstTime = time;
          } else if (sqlBefore(last, time)) tally.lastTime = time;
          else if (sqlBefore(time, tally.firstTime)) tally.firstTime = time;
        }
        return null;
    });
    for (const where of request.where) db.prepare(`SELECT count(${SUMMARIZE}(stream, type, version, time)) FROM (${request.select}) WHERE ${where}`).raw(true).get();
    const parts: StreamPart[] = [];
    for (const [stream, tally] of streams) parts.push([stream, tally.events, tally.firstVersion, tally.lastVersion, [tally.firstTime, timeMs(tally.firstTime)], [tally.lastTime, timeMs(tally.lastTime)]]);
    return { streams: parts, types: [...types], missing };
  } finally {
    db.close();
  }
}

/** min() and max() as SQLite's: NULL only when both are. */
const lower = (a: unknown, b: unknown) => (a === null ? b : b === null ? a : sqlBefore(b, a) ? b : a);
const higher = (a: unknown, b: unknown) => (a === null ? b : b === null ? a : sqlBefore(a, b) ? b : a);
const firstTime = (a: Time, b: Time) => (lower(a[0], b[0]) === a[0] ? a : b);
const lastTime = (a: Time, b: Time) => (higher(a[0], b[0]) === a[0] ? a : b);

/** One stream seen by two passes, as one. */
function mergePart(a: StreamPart, b: StreamPart): StreamPart {
  return [a[0], a[1] + b[1], lower(a[2], b[2]), higher(a[3], b[3]), firstTime(a[4], b[4]), lastTime(a[5], b[5])];
}

/** The passes over all parts of a store, as one: streams, type counts and rows left out. */
export function mergePasses(passes: readonly SummaryPassResult[]): SummaryPassResult {
  const streams = new Map<string, StreamPart>();
  const types = new Map<string, number>();
  let missing = 0;
  for (const pass of passes) {
    missing += pass.missing;
    for (const part of pass.streams) {
      const known = streams.get(part[0]);
      streams.set(part[0], known === undefined ? part : mergePart(known, part));
    }
    for (const [type, count] of pass.types) types.set(type, (types.get(type) ?? 0) + count);
  }
  return { streams: [...streams.values()], types: [...types], missing };
}

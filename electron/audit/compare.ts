// Comparing two exports of one history, event by event: what B added, removed or changed relative to A, and whether
// the changes rewrote history that B then built upon, or only touched its end.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ComparedJournal, EventDifference, FileDigest, JournalComparison } from '../../shared/audit.js';
import { JournalError } from '../../shared/contract.js';
import { diffStates } from '../../shared/diff.js';
import type { JournalEvent, StreamSummary } from '../../shared/model.js';
import type { JournalStore } from '../store/journal-store.js';
import { eventDigest } from './digest.js';
import { checkEvidence, EventsDigest, journalFileDigest } from './journal-digest.js';
import { pairByVersion } from './compare-pairs.js';

export interface CompareOptions {
  signal?: AbortSignal;
  /** Differences listed in full (with their changes); the rest are only counted. Default 1000. */
  maxDifferences?: number;
  /** Streams compared so far, of all streams in either journal. */
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_MAX_DIFFERENCES = 1000;
/** Event pairs compared between two turns of the event loop, within one long stream. */
const PAIRS_PER_TURN = 5000;

/**
 * Compares export A with export B. Events are matched by stream and version (positions are where a store put an
 * event, not what it is, so they never count); two matched events are equal when their eventDigest is, i.e. when
 * their canonical content (stream, version, type, time, data, metadata, id, other fields) is, whatever store or byte
 * layout they came from.
 *
 * An event of A that B removed or modified is counted as **rewritten** when B holds history after it, that is when
 * either
 *  - B's copy of its stream goes on past it (B has an event of that stream with a higher version), or
 *  - it happened before B's last event: its time in A is strictly earlier than B's latest event time
 *    (summary.lastTime; events without a time are judged by the first rule alone).
 * So B = A plus new events has rewritten 0 (nothing removed or modified); B = A cut short (an older export) has
 * rewritten 0 too, as what is missing lies past B's end; an old event changed or dropped, or a whole stream
 * dropped while the rest of the journal went on, counts. Added events are never rewritten.
 *
 * Memory: one stream of each journal at a time (the union of both stream lists, in code-unit order); the event
 * loop gets a turn between streams and every few thousand events within a long one, and the signal is honoured there.
 */
export async function compareJournals(a: JournalStore, b: JournalStore, options: CompareOptions = {}): Promise<JournalComparison> {
  const { signal, onProgress } = options;
  const maxDifferences = options.maxDifferences ?? DEFAULT_MAX_DIFFERENCES;
  if (!Number.isInteger(maxDifferences) || maxDifferences < 0) {
    throw new JournalError('bad-request', `maxDifferences must be a whole number of 0 or more, not ${maxDifferences}.`);
  }
  const what = `Comparing ${a.summary.name} with ${b.summary.name}`;
  const stop = () => {
    if (signal?.aborted) throw new JournalError('cancelled', `${what} was cancelled.`);
  };
  stop();

  // The digests first: they say which bytes (or, for a journal no longer on disk, which events) the comparison speaks of.
  const [digestA, digestB] = await Promise.all([digestOf(a, signal, what), digestOf(b, signal, what)]);

  // A store may still be building the index its per-stream queries use; 10,000 of them without it would each scan
  // the whole journal. Settled means built or given up on, and either way the queries answer.
  await untilAborted(Promise.all([a.settled(), b.settled()]), signal);
  stop();

  const streamsA = byName(await a.streams({}));
  const streamsB = byName(await b.streams({}));
  const names = [...new Set([...streamsA.keys(), ...streamsB.keys()])].sort(codeUnitOrder);
  const lastTimeB = b.summary.lastTime === null ? null : Date.parse(b.summary.lastTime);

  const result: JournalComparison = {
    a: compared(a, digestA),
    b: compared(b, digestB),
    identical: false,
    added: 0,
    removed: 0,
    modified: 0,
    rewritten: 0,
    streamsAdded: [],
    streamsRemoved: [],
    differences: [],
    moreDifferences: 0,
  };
  const list = (difference: () => EventDifference) => {
    // Past the cap a difference is only counted: its payload diff is never computed.
    if (result.differences.length < maxDifferences) result.differences.push(difference());
    else result.moreDifferences++;
  };

  for (let done = 0; done < names.length; ) {
    stop();
    const stream = names[done]!;
    const inA = streamsA.get(stream);
    const inB = streamsB.get(stream);
    if (inA === undefined) result.streamsAdded.push(stream);
    if (inB === undefined) result.streamsRemoved.push(stream);
    const eventsA = inA ? inVersionOrder(await a.streamEvents(stream)) : [];
    const eventsB = inB ? inVersionOrder(await b.streamEvents(stream)) : [];
    // B's stream goes on past any version below this one: removing or changing such an event rewrote history.
    const lastVersionB = eventsB.length > 0 ? eventsB[eventsB.length - 1]!.version : null;
    const rewrites = (event: JournalEvent) =>
      (lastVersionB !== null && lastVersionB > event.version) || (lastTimeB !== null && event.time !== null && Date.parse(event.time) < lastTimeB);

    let paired = 0;
    for (const [eventA, eventB] of pairByVersion(eventsA, eventsB)) {
      // A stream of 100,000 events takes a while on its own: the event loop and a cancel get turns within it too.
      if (++paired % PAIRS_PER_TURN === 0) {
        await nextTurn();
        stop();
      }
      if (eventA === undefined) {
        result.added++;
        list(() => ({ kind: 'added', stream, version: eventB!.version, positionA: null, positionB: eventB!.position, typeA: null, typeB: eventB!.type }));
      } else if (eventB === undefined) {
        result.removed++;
        if (rewrites(eventA)) result.rewritten++;
        list(() => ({ kind: 'removed', stream, version: eventA.version, positionA: eventA.position, positionB: null, typeA: eventA.type, typeB: null }));
      } else if (eventDigest(eventA) !== eventDigest(eventB)) {
        // The digests are recomputed here rather than taken from event.digest: the comparison is evidence of its own.
        result.modified++;
        if (rewrites(eventA)) result.rewritten++;
        list(() => ({
          kind: 'modified',
          stream,
          version: eventA.version,
          positionA: eventA.position,
          positionB: eventB.position,
          typeA: eventA.type,
          typeB: eventB.type,
          changes: diffStates(content(eventA), content(eventB)),
        }));
      }
    }
    done++;
    onProgress?.(done, names.length);
    // One stream's payloads are released before the next is read, and other work (a cancel, the UI) gets its turn.
    await nextTurn();
  }
  stop();
  result.identical = result.added === 0 && result.removed === 0 && result.modified === 0;
  return result;
}

/** What of an event its payload diff covers, so change paths read /data/amount, /metadata/actor, /time. */
function content(event: JournalEvent) {
  return { type: event.type, time: event.time, data: event.data, metadata: event.metadata };
}

function compared(store: JournalStore, digest: FileDigest): ComparedJournal {
  const { path, name, format, events } = store.summary;
  return { path, name, format, events, digest };
}

/**
 * The digest of the file the store was opened from; for a journal that is no file on disk (the sample, or a file
 * gone since it was opened and answered from the cache), the digest of its events, as an audit states it
 * (shared/audit.ts FileDigest).
 */
async function digestOf(store: JournalStore, signal: AbortSignal | undefined, what: string): Promise<FileDigest> {
  try {
    const file = await journalFileDigest(store.summary.path, store.summary.name, signal);
    checkEvidence(store, file);
    if (file !== null) return file;
    const events = new EventsDigest();
    await store.scan(
      (batch) => {
        for (const event of batch) events.update(event);
      },
      { order: 'global', ...(signal && { signal }) },
    );
    return events.result();
  } catch (error) {
    if (signal?.aborted) throw new JournalError('cancelled', `${what} was cancelled.`);
    throw error;
  }
}

/** Waits for `work`, or less when the signal aborts first (the caller then stops). */
function untilAborted(work: Promise<unknown>, signal: AbortSignal | undefined): Promise<unknown> {
  if (signal === undefined) return work;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve(undefined);
    const done = () => resolve(undefined);
    signal.addEventListener('abort', done, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', done);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', done);
        reject(error);
      },
    );
  });
}

function byName(streams: StreamSummary[]): Map<string, StreamSummary> {
  return new Map(streams.map((summary) => [summary.stream, summary]));
}

/** Code-unit order, not locale order: the same on every machine, so two runs list differences alike. */
function codeUnitOrder(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The store promises version order; a stable sort keeps that promise cheap to rely on (sorted input is linear). */
function inVersionOrder(events: JournalEvent[]): JournalEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.version < events[i - 1]!.version) return [...events].sort((x, y) => x.version - y.version);
  }
  return events;
}

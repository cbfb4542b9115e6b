// The audit of an opened journal: is its history complete, consistent and untouched? It reads the journal in a few
// passes of batches (never every payload at once), giving the event loop a turn between batches, and lists what an
// auditor should look at, with its place.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditResult } from '../../shared/audit.js';
import { JournalError } from '../../shared/contract.js';
import type { JournalEvent } from '../../shared/model.js';
import type { JournalStore, ScanOrder } from '../store/journal-store.js';
import { FindingList } from './finding-list.js';
import { GLOBAL_TIME_LISTED, GlobalTimeCheck } from './global-time-check.js';
import { ExportDigestCheck } from './export-digest.js';
import { HashChain } from './hash-chain.js';
import { DuplicateIdCheck } from './id-check.js';
import { checkEvidence, EventsDigest, journalFileDigest } from './journal-digest.js';
import { PositionOrderCheck, PositionSequenceCheck } from './position-checks.js';
import { readerFindings } from './reader-findings.js';
import { replayFindings } from './replay-findings.js';
import type { StreamReplayCheck } from './replay-findings.js';
import { DEFAULT_MAX_SHAPES, SchemaDrift } from './schema-drift.js';
import { exportsArePages, firstVersions, leftOutRecords, payloadShapesVary, positionRules, timesMayFall, unnumberedVersions } from './store-numbering.js';
import { StreamChecks } from './stream-checks.js';

export type { StreamReplayCheck, StreamReplayOutcome } from './replay-findings.js';

export const DEFAULT_MAX_FINDINGS = 1000;
/**
 * Events per batch: each batch runs without a break, so it is sized to take some 20 ms (measured: about 1.5 µs an
 * event without payloads, 15 µs with payloads and every check).
 */
const NARROW_BATCH = 5000;
const PAYLOAD_BATCH = 1000;

export interface AuditOptions {
  /** Checked between batches and between streams; an aborted audit rejects with a 'cancelled' JournalError. */
  signal?: AbortSignal;
  /** Work done of the total: events read in each pass over the journal, plus streams replayed. */
  onProgress?: (done: number, total: number) => void;
  /** Replays each stream (reducer errors, snapshot mismatches); without it, no stream is replayed. */
  replay?: StreamReplayCheck;
  /** Findings listed in full (the most severe first); the rest are counted. Default 1000. */
  maxFindings?: number;
  /** Payload shapes listed per event type; the rest are counted. Default 50. */
  maxShapes?: number;
  /** Events per batch read, in every pass (default: NARROW_BATCH without payloads, PAYLOAD_BATCH with). */
  batchSize?: number;
}

/**
 * Audits the journal. The passes:
 * 1. stream order, without payloads: versions (stream-start, version-gap, duplicate-version) and time within each
 *    stream (time-backwards);
 * 2. file order, without payloads, where the format's positions are the store's: position-order;
 * 3. global order, with payloads: duplicate positions and position gaps, duplicate-id, time-backwards-global,
 *    schema drift, the hash chain, and the events' digest when the journal is no file;
 * 4. with `replay`, each stream: reducer-error and snapshot-mismatch.
 * Reader findings (from opening the file) are listed as they are.
 */
export async function auditJournal(store: JournalStore, options: AuditOptions = {}): Promise<AuditResult> {
  const { signal, onProgress, replay } = options;
  const maxFindings = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
  if (!Number.isInteger(maxFindings) || maxFindings < 0) {
    throw new JournalError('bad-request', `maxFindings must be a whole number of 0 or more, not ${maxFindings}.`);
  }
  const checkedAt = new Date().toISOString();
  const { summary } = store;
  const what = `Auditing ${summary.name}`;
  const stop = () => {
    if (signal?.aborted) throw new JournalError('cancelled', `${what} was cancelled.`);
  };
  stop();

  const findings = new FindingList(maxFindings, { 'time-backwards-global': GLOBAL_TIME_LISTED });
  const report = findings.add.bind(findings);
  for (const { finding, times } of readerFindings(summary)) findings.add(finding, times);

  const fileDigest = await journalFileDigest(summary.path, summary.name, signal).catch((error: unknown) => {
    stop();
    throw error;
  });
  checkEvidence(store, fileDigest);
  // A store read in place builds its narrow index in the background; stream order is read through it.
  await store.settled();
  stop();

  const rules = positionRules(summary.format, summary.live !== undefined);
  const passes = 2 + (rules.order ? 1 : 0);
  const streams = replay ? await store.streams({}) : [];
  let total = summary.events * passes + streams.length;
  let done = 0;
  const scan = async (order: ScanOrder, payloads: boolean, visit: (event: JournalEvent) => void) => {
    try {
      await store.scan(
        (events) => {
          for (const event of events) visit(event);
          done += events.length;
          onProgress?.(done, total);
        },
        // With payloads, each event's stored record too: the hash chain hashes data as it was written.
        { order, payloads, records: payloads, signal, batchSize: options.batchSize ?? (payloads ? PAYLOAD_BATCH : NARROW_BATCH) },
      );
    } catch (error) {
      stop();
      throw error;
    }
  };
  onProgress?.(0, total);

  const leftOut = leftOutRecords(summary.format);
  const fallReason = timesMayFall(summary.format);
  const unnumbered = unnumberedVersions(summary.format);
  const streamChecks = new StreamChecks(
    {
      firstVersions: firstVersions(summary.format),
      pages: exportsArePages(summary.format),
      ...(leftOut && { leftOut }),
      ...(fallReason && { timesMayFall: fallReason }),
      ...(unnumbered && { unnumbered }),
    },
    report,
  );
  await scan('stream', false, (event) => streamChecks.visit(event));

  if (rules.order) {
    const order = new PositionOrderCheck(report);
    await scan('file', false, (event) => order.visit(event));
  }

  const sequence = new PositionSequenceCheck(rules, report);
  const ids = new DuplicateIdCheck(summary.format, report, summary.events);
  const times = new GlobalTimeCheck(report);
  const drift = new SchemaDrift(report, options.maxShapes ?? DEFAULT_MAX_SHAPES, payloadShapesVary(summary.format));
  const chain = new HashChain(report);
  const exported = new ExportDigestCheck(report);
  const eventsDigest = fileDigest === null ? new EventsDigest() : null;
  await scan('global', true, (event) => {
    sequence.visit(event);
    ids.visit(event);
    times.visit(event);
    drift.visit(event);
    chain.visit(event);
    exported.visit(event);
    eventsDigest?.update(event);
  });

  // A fingerprint match is a suspect until the first event's own id says so: read those ids again, only then.
  if (ids.needsConfirming) {
    const wanted = ids.firstPositions();
    total += summary.events;
    const keys = new Map<number, string>();
    await scan('global', true, (event) => {
      if (!wanted.has(event.position)) return;
      const key = ids.keyOf(event);
      if (key !== null && !keys.has(event.position)) keys.set(event.position, key);
    });
    ids.confirm(keys);
  }

  if (replay) {
    for (const { stream } of streams) {
      stop();
      const outcome = await replay(stream);
      const positionOf = async (count: number) => (await store.page({ stream, offset: count - 1, limit: 1 })).events[0]?.position ?? null;
      for (const finding of await replayFindings(stream, outcome, positionOf)) report(finding);
      onProgress?.(++done, total);
      await nextTurn();
    }
  }
  stop();

  // Drift is judged on the whole history (a field that stopped appearing is known only at the end): its findings
  // are reported here, before the list is closed.
  const driftResult = drift.result();
  const listed = findings.result();
  return {
    journal: {
      path: summary.path,
      name: summary.name,
      format: summary.format,
      events: summary.events,
      streams: summary.streams,
      firstTime: summary.firstTime,
      lastTime: summary.lastTime,
    },
    digest: fileDigest ?? eventsDigest!.result(),
    findings: listed.findings,
    moreFindings: listed.moreFindings,
    counts: listed.counts,
    chain: chain.result(),
    drift: driftResult,
    checkedAt,
  };
}

// The audit of one journal: journals written to hold exactly one kind of fault each, opened as the service opens
// them, and what auditJournal finds in each, with its place and severity.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { auditJournal } from '../../electron/audit/audit-journal.js';
import type { StreamReplayCheck } from '../../electron/audit/audit-journal.js';
import { canonicalText } from '../../electron/audit/digest.js';
import type { JournalEvent } from '../../shared/model.js';
import { AuditJournals, countOf, minute, placed, record } from '../support/audit-journals.js';
import { BANK_EVENTS, folderFingerprint, writeNdjson } from '../support/fixtures.js';
import { writeEmmett } from '../support/stores/emmett.js';
import { writeEventuous } from '../support/stores/eventuous.js';

const files = new AuditJournals();
afterAll(() => files.close());

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const loud = (result: Awaited<ReturnType<typeof auditJournal>>) => result.findings.filter((finding) => finding.severity !== 'info');

describe('a clean journal', () => {
  it('has no error or warning findings, is digested as the file it is, and is left as it was', async () => {
    const path = writeNdjson(join(files.journals.path, 'bank.ndjson'), BANK_EVENTS);
    const store = await files.open(path);
    const before = folderFingerprint(files.journals.path);
    const result = await auditJournal(store);
    expect(folderFingerprint(files.journals.path)).toEqual(before);

    expect(loud(result)).toEqual([]);
    const bytes = readFileSync(path);
    expect(result.digest).toEqual({ algorithm: 'sha256', hex: sha256(bytes), bytes: bytes.length });
    expect(result.chain).toBeNull();
    expect(result.journal).toEqual({ path, name: 'bank.ndjson', format: 'ndjson', events: 7, streams: 3, firstTime: BANK_EVENTS[0]!.time, lastTime: BANK_EVENTS[6]!.time });
    expect(Date.parse(result.checkedAt)).not.toBeNaN();
    // Every finding is counted, and the counts agree with the list.
    expect(result.counts.reduce((sum, count) => sum + count.count, 0)).toBe(result.findings.length + result.moreFindings);
  });
});

describe('versions within a stream', () => {
  it('reports a gap, a repeated version and a stream starting late, each at its event', async () => {
    const path = files.writeLines('versions.ndjson', [
      record('a', 1, { time: minute(1) }),
      record('a', 2, { time: minute(2) }),
      record('a', 4, { time: minute(3) }),
      record('b', 1, { time: minute(4) }),
      record('b', 1, { time: minute(5) }),
      record('c', 3, { time: minute(6) }),
      record('z', 0, { time: minute(7) }),
    ]);
    const result = await auditJournal(await files.open(path));
    expect(placed(result, 'version-gap', 'duplicate-version', 'stream-start')).toEqual([
      { severity: 'error', kind: 'version-gap', stream: 'a', version: 4, position: 3 },
      { severity: 'error', kind: 'duplicate-version', stream: 'b', version: 1, position: 5 },
      { severity: 'warning', kind: 'stream-start', stream: 'c', version: 3, position: 6 },
    ]);
    expect(loud(result)).toHaveLength(3);
    // Read one event per batch, the keyset pages lose and repeat nothing, not even events sharing a version.
    expect((await auditJournal(await files.open(path), { batchSize: 1 })).findings).toEqual(result.findings);
    const message = (kind: string) => result.findings.find((finding) => finding.kind === kind)!.message;
    expect(message('version-gap')).toBe('Stream "a" jumps from version 2 to 4 at position 3: version 3 is missing.');
    expect(message('duplicate-version')).toBe('Stream "b" has version 1 twice: at position 4 and again at position 5.');
    expect(message('stream-start')).toBe('Stream "c" starts at version 3 (position 6), not at 0 or 1; the versions before it are not in the journal.');
  });

  it('knows the version each store starts streams at: Message DB counts from 0', async () => {
    const row = (stream: string, position: number, global: number) => ({
      id: `00000000-0000-4000-8000-${String(global).padStart(12, '0')}`,
      stream_name: stream,
      type: 'Noted',
      position,
      global_position: global,
      data: { n: global },
      metadata: null,
      time: '2026-01-05 09:00:00.000',
    });
    const path = files.writeLines('message-db-start.ndjson', [row('account-1', 0, 1), row('account-2', 1, 2), row('account-1', 1, 3)]);
    const store = await files.open(path);
    expect(store.summary.format).toBe('message-db');
    const result = await auditJournal(store);
    expect(placed(result, 'stream-start')).toEqual([{ severity: 'warning', kind: 'stream-start', stream: 'account-2', version: 1, position: 2 }]);
    expect(result.findings.find((finding) => finding.kind === 'stream-start')!.message).toBe('Stream "account-2" starts at version 1 (position 2), not at 0; the versions before it are not in the journal.');
  });
});

describe('versions the reader left out', () => {
  it('make a gap an info that says so (Emmett commands share their stream’s positions)', async () => {
    const store = await files.open(await writeEmmett(join(files.journals.path, 'emmett.sqlite')));
    expect(store.summary.format).toBe('emmett');
    const result = await auditJournal(store);
    expect(placed(result, 'version-gap')).toEqual([{ severity: 'info', kind: 'version-gap', stream: 'account-1', version: 4, position: 5 }]);
    expect(result.findings.find((finding) => finding.kind === 'version-gap')!.message).toBe(
      'Stream "account-1" jumps from version 2 to 4 at position 5: version 3 is not in the journal; gaps here may be commands, which Emmett numbers along with the events and the reader leaves out.',
    );
    expect(loud(result)).toEqual([]);
  });
});

describe('time', () => {
  it('going backwards within a stream is a warning; across the journal an info', async () => {
    const path = files.writeLines('times.ndjson', [record('t', 1, { time: minute(10) }), record('t', 2, { time: minute(9) }), record('t', 3, { time: minute(11) })]);
    const result = await auditJournal(await files.open(path));
    expect(placed(result, 'time-backwards', 'time-backwards-global')).toEqual([
      { severity: 'warning', kind: 'time-backwards', stream: 't', version: 2, position: 2 },
      { severity: 'info', kind: 'time-backwards-global', stream: 't', version: 2, position: 2 },
    ]);
    expect(result.findings.find((finding) => finding.kind === 'time-backwards')!.message).toBe(
      `Stream "t" goes back in time at version 2 (position 2): ${minute(9)} is earlier than version 1 at ${minute(10)}.`,
    );
  });

  it('lists only the first global steps back, and counts them all', async () => {
    // One event per stream, every second one dated before the one ahead of it: 25 steps back, none within a stream.
    const records = Array.from({ length: 51 }, (_, i) => record(`s-${i}`, 1, { time: minute(i % 2 === 0 ? 100 + i : i) }));
    const result = await auditJournal(await files.open(files.writeLines('global-times.ndjson', records)));
    expect(placed(result, 'time-backwards-global')).toHaveLength(20);
    expect(placed(result, 'time-backwards-global')[0]).toEqual({ severity: 'info', kind: 'time-backwards-global', stream: 's-1', version: 1, position: 2 });
    expect(countOf(result, 'time-backwards-global')).toBe(25);
    expect(countOf(result, 'time-backwards')).toBe(0);
    expect(result.moreFindings).toBe(5 + countOf(result, 'schema-drift') - placed(result, 'schema-drift').length);
  });
});

describe('global positions', () => {
  // Message DB rows carry the store's global_position: file order 1, 2, 5, 3, 3, 7.
  const row = (stream: string, global: number) => ({
    id: `00000000-0000-4000-8000-${stream.padStart(12, '0')}`,
    stream_name: `account-${stream}`,
    type: 'Noted',
    position: 0,
    global_position: global,
    data: { n: 1 },
    metadata: null,
    time: '2026-01-05 09:00:00.000',
  });

  it('out of file order is a warning, used twice an error, skipped an info', async () => {
    const path = files.writeLines('positions.ndjson', [row('1', 1), row('2', 2), row('3', 5), row('4', 3), row('5', 3), row('6', 7)]);
    const result = await auditJournal(await files.open(path));
    expect(placed(result, 'position-order', 'position-gap')).toEqual([
      { severity: 'error', kind: 'position-order', stream: 'account-5', version: 0, position: 3 },
      { severity: 'warning', kind: 'position-order', stream: 'account-4', version: 0, position: 3 },
      { severity: 'info', kind: 'position-gap', stream: 'account-3', version: 0, position: 5 },
      { severity: 'info', kind: 'position-gap', stream: 'account-6', version: 0, position: 7 },
    ]);
    const messages = result.findings.filter((finding) => finding.kind.startsWith('position-')).map((finding) => finding.message);
    expect(messages).toEqual([
      'Position 3 is used twice: by stream "account-4" version 0 and by stream "account-5" version 0.',
      'Position 3 (stream "account-4" version 0) comes after position 5 (stream "account-3" version 0) in the file: positions go backwards there.',
      'Position 4 is not in the journal: position 3 (stream "account-5" version 0) is followed by position 5 (stream "account-3" version 0).',
      'Position 6 is not in the journal: position 5 (stream "account-3" version 0) is followed by position 7 (stream "account-6" version 0).',
    ]);
  });

  it('are not checked where the reader numbered them itself (CloudEvents: file order, a left-out record makes a gap)', async () => {
    const event = (id: string, extra: Record<string, unknown> = {}) => ({ specversion: '1.0', id, source: '/bank', subject: `account-${id}`, type: 'opened', time: minute(1), data: {}, ...extra });
    const path = files.writeLines('cloudevents-gap.ndjson', [event('1'), event('2', { source: '' }), event('3')]);
    const store = await files.open(path);
    expect(store.summary.format).toBe('cloudevents');
    const result = await auditJournal(store);
    expect(placed(result, 'position-order', 'position-gap')).toEqual([]);
    // The record left out is reported, by the reader, as it was found.
    expect(placed(result, 'missing-field')).toEqual([{ severity: 'error', kind: 'missing-field', stream: null, version: null, position: null }]);
  });

  it('of a SQLite store read in place: a deleted row leaves a version gap and a position gap', async () => {
    const path = writeEventuous(join(files.journals.path, 'eventuous.sqlite'));
    const db = new Database(path);
    db.prepare('DELETE FROM eventuous_messages WHERE global_position = 3').run();
    db.close();
    const store = await files.open(path);
    expect(store.summary.format).toBe('eventuous');
    const before = sha256(readFileSync(path));
    const result = await auditJournal(store);
    expect(sha256(readFileSync(path))).toBe(before);
    expect(placed(result, 'version-gap', 'position-gap', 'stream-start', 'position-order')).toEqual([
      { severity: 'error', kind: 'version-gap', stream: 'Booking-1', version: 2, position: 4 },
      { severity: 'info', kind: 'position-gap', stream: 'Booking-1', version: 2, position: 4 },
    ]);
  });
});

describe('event ids', () => {
  it('used twice are an error at the second event, naming the first', async () => {
    const path = files.writeLines('ids.ndjson', [
      record('a', 1, { event_id: 'e-1', time: minute(1) }),
      record('a', 2, { event_id: 'e-2', time: minute(2) }),
      record('b', 1, { event_id: 'e-1', time: minute(3) }),
      record('b', 2, { time: minute(4) }),
    ]);
    const result = await auditJournal(await files.open(path));
    expect(placed(result, 'duplicate-id')).toEqual([{ severity: 'error', kind: 'duplicate-id', stream: 'b', version: 1, position: 3 }]);
    expect(result.findings.find((finding) => finding.kind === 'duplicate-id')!.message).toBe(
      'Event id "e-1" at position 3 (stream "b" version 1) was already used by the event at position 1.',
    );
  });

  it('of CloudEvents are unique per source: the same id from two sources is no fault', async () => {
    const event = (id: string, source: string, subject: string) => ({ specversion: '1.0', id, source, subject, type: 'opened', time: minute(1), data: {} });
    const path = files.writeLines('cloudevent-ids.ndjson', [event('7', '/bank', 'a'), event('7', '/shop', 'a'), event('7', '/bank', 'b')]);
    const result = await auditJournal(await files.open(path));
    expect(placed(result, 'duplicate-id')).toEqual([{ severity: 'error', kind: 'duplicate-id', stream: '/bank#b', version: 1, position: 3 }]);
  });
});

describe('reader findings', () => {
  it('are listed with their kind, severity and message, and no place in a stream', async () => {
    const path = files.writeLines('bad-line.ndjson', [record('a', 1, { time: minute(1) }), '{"stream": "a", "version": 2, ', record('a', 3, { time: minute(2) })]);
    const store = await files.open(path);
    const fromReader = store.summary.findings;
    expect(fromReader.length).toBeGreaterThan(0);
    const result = await auditJournal(store);
    for (const finding of fromReader) {
      expect(result.findings).toContainEqual({ severity: finding.severity, kind: finding.kind, stream: null, version: null, position: null, message: finding.message });
    }
    // The line that could not be read leaves its version out: the audit sees the gap it makes.
    const third = (await store.page({ stream: 'a', offset: 1, limit: 1 })).events[0]!;
    expect(placed(result, 'version-gap')).toEqual([{ severity: 'error', kind: 'version-gap', stream: 'a', version: 3, position: third.position }]);
  });
});

describe('reader findings beyond those the reader kept', () => {
  it('are one warning saying how many, counted as that many', async () => {
    const bad = Array.from({ length: 1005 }, (_, i) => `{"stream": "a", "version": ${i + 2}, `);
    const store = await files.open(files.writeLines('many-bad-lines.ndjson', [record('a', 1, { time: minute(1) }), ...bad]));
    const { findings, moreFindings } = store.summary;
    expect(moreFindings).toBeGreaterThan(0);
    const result = await auditJournal(store, { maxFindings: 5000 });
    expect(result.findings.filter((finding) => finding.kind === 'reader-findings-unlisted')).toEqual([
      {
        severity: 'warning',
        kind: 'reader-findings-unlisted',
        stream: null,
        version: null,
        position: null,
        message: `Reading many-bad-lines.ndjson found ${moreFindings} more problems than the ${findings.length} listed; they were counted, not kept.`,
      },
    ]);
    expect(result.findings.filter((finding) => finding.position === null)).toHaveLength(findings.length + 1);
    // The totals agree with what the reader counted: every problem once, listed or not.
    const counted = (kind: string) => result.counts.filter((count) => count.kind === kind).reduce((sum, count) => sum + count.count, 0);
    expect(counted('reader-findings-unlisted')).toBe(moreFindings);
    expect(result.counts.reduce((sum, count) => sum + count.count, 0)).toBe(findings.length + moreFindings + countOf(result, 'schema-drift') + countOf(result, 'version-gap'));
  });
});

describe('caps and counts', () => {
  const records = [
    // Five streams starting late: 5 warnings, first in the file.
    ...Array.from({ length: 5 }, (_, i) => record(`late-${i}`, 7, { time: minute(i) })),
    // One stream with a gap after every version: 30 gaps.
    ...Array.from({ length: 31 }, (_, i) => record('gappy', 1 + 2 * i, { time: minute(10 + i) })),
  ];

  it('list the most severe first, up to the cap, and count every finding', async () => {
    const store = await files.open(files.writeLines('many.ndjson', records));
    const result = await auditJournal(store, { maxFindings: 10 });
    expect(result.findings).toHaveLength(10);
    expect(result.findings.every((finding) => finding.kind === 'version-gap')).toBe(true);
    expect(result.findings.map((finding) => finding.position)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(countOf(result, 'version-gap')).toBe(30);
    expect(countOf(result, 'stream-start')).toBe(5);
    const total = result.counts.reduce((sum, count) => sum + count.count, 0);
    expect(result.moreFindings).toBe(total - 10);
    expect(result.counts.slice(0, 2)).toEqual([
      { kind: 'version-gap', severity: 'error', count: 30 },
      { kind: 'stream-start', severity: 'warning', count: 5 },
    ]);

    const none = await auditJournal(store, { maxFindings: 0 });
    expect(none.findings).toEqual([]);
    expect(none.moreFindings).toBe(total);
    expect(none.counts).toEqual(result.counts);
  });

  it('refuse a cap that is not a whole number of 0 or more', async () => {
    const store = await files.open(files.writeLines('many.ndjson', records));
    await expect(auditJournal(store, { maxFindings: -1 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(auditJournal(store, { maxFindings: 2.5 })).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('replaying each stream', () => {
  it('turns a reducer failure and a snapshot that differs into findings at their events', async () => {
    const store = await files.open(writeNdjson(join(files.journals.path, 'bank-replayed.ndjson'), BANK_EVENTS));
    const asked: string[] = [];
    const replay: StreamReplayCheck = async (stream) => {
      asked.push(stream);
      if (stream !== 'account-1') return {};
      return {
        failure: { count: 3, version: 3, position: 5, stream, message: 'balance is not a number.', where: 'ledger.mjs:4' },
        snapshots: [
          { version: 2, count: 2, time: null, matches: false, changes: [{ path: '/balance', kind: 'changed', before: 100, after: 90 }] },
          { version: 1, count: 1, time: null, matches: true, changes: [] },
          { version: 4, count: 4, time: null, matches: null, changes: [] },
        ],
      };
    };
    const progress: [number, number][] = [];
    const result = await auditJournal(store, { replay, onProgress: (done, total) => progress.push([done, total]) });
    expect(asked.sort()).toEqual(['account-1', 'account-2', 'user-1']);
    expect(placed(result, 'reducer-error', 'snapshot-mismatch')).toEqual([
      { severity: 'warning', kind: 'snapshot-mismatch', stream: 'account-1', version: 2, position: 3 },
      { severity: 'warning', kind: 'reducer-error', stream: 'account-1', version: 3, position: 5 },
    ]);
    expect(result.findings.filter((finding) => finding.kind === 'reducer-error' || finding.kind === 'snapshot-mismatch').map((finding) => finding.message)).toEqual([
      'The snapshot of stream "account-1" at version 2 (position 3) differs from the replayed state at 1 path: /balance.',
      'Replaying stream "account-1" fails at version 3 (position 5): balance is not a number (ledger.mjs:4).',
    ]);
    // Three passes over 7 events (stream order, file order, global order), then 3 streams replayed.
    expect(progress.at(-1)).toEqual([7 * 3 + 3, 7 * 3 + 3]);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0])).toBe(true);
  });
});

describe('a journal that is no file', () => {
  it('is digested as its events’ canonical content, in global order', async () => {
    const path = writeNdjson(join(files.journals.path, 'vanishing.ndjson'), BANK_EVENTS);
    const store = await files.open(path);
    rmSync(path);
    const result = await auditJournal(store);
    const events: JournalEvent[] = (await store.page({ offset: 0, limit: 100 })).events;
    const text = events.map((event) => `${canonicalText(event)}\n`).join('');
    expect(result.digest).toEqual({ algorithm: 'sha256', hex: sha256(text), bytes: Buffer.byteLength(text) });
  });
});

describe('cancelling', () => {
  it('stops between batches with a cancelled error, and refuses to start when already cancelled', async () => {
    const records = Array.from({ length: 20_000 }, (_, i) => record(`s-${i % 100}`, Math.floor(i / 100) + 1, { time: minute(i) }));
    const store = await files.open(files.writeLines('long.ndjson', records));
    const controller = new AbortController();
    let seen = 0;
    const audit = auditJournal(store, {
      signal: controller.signal,
      batchSize: 1000,
      onProgress: (done) => {
        seen = done;
        if (done >= 3000) controller.abort();
      },
    });
    await expect(audit).rejects.toMatchObject({ code: 'cancelled', message: 'Auditing long.ndjson was cancelled.' });
    expect(seen).toBe(3000);

    await expect(auditJournal(store, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
  });
});

// The compact ledger of event ids the duplicate-id check keeps: exact answers for every key, through its growth.
import { describe, expect, it } from 'vitest';
import { DuplicateIdCheck } from '../../electron/audit/id-check.js';
import { fingerprint, IdLedger } from '../../electron/audit/id-ledger.js';
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';

describe('the id ledger', () => {
  it('answers null for a new key and the first position for one seen before, through many growths', () => {
    const ledger = new IdLedger();
    const keys = Array.from({ length: 200_000 }, (_, i) => `0190f3a2-7c1e-7000-8000-${i.toString(16).padStart(12, '0')}`);
    keys.forEach((key, i) => expect(ledger.note(key, i * 10)).toBeNull());
    expect(ledger.note(keys[0]!, 1)).toBe(0);
    expect(ledger.note(keys[123_456]!, 1)).toBe(1_234_560);
    expect(ledger.note(keys[199_999]!, 1)).toBe(1_999_990);
    // Position 0 and negative positions are positions like any other.
    const small = new IdLedger(4);
    expect(small.note('a', 0)).toBeNull();
    expect(small.note('b', -3)).toBeNull();
    expect([small.note('a', 9), small.note('b', 9)]).toEqual([0, -3]);
  });

  it('tells apart keys that differ in one character, in order, or only in length', () => {
    const keys = ['e-1', 'e-2', '1-e', 'e-10', 'e-1\u0000', '', 'é-1'];
    expect(new Set(keys.map((key) => fingerprint(key).join(':'))).size).toBe(keys.length);
  });
});

describe('duplicate ids', () => {
  /** A ledger as bad as fingerprints can be: every id after the first "was seen" at position 1. */
  const collidingLedger = () => {
    let seen = false;
    return { note: () => (seen ? 1 : ((seen = true), null)) };
  };
  const event = (position: number, id: string): JournalEvent => ({ position, stream: `s-${position}`, version: 1, type: 't', time: null, data: null, metadata: null, id });

  it('are reported only when the first event really had the same id, whatever the fingerprints say', () => {
    const found: AuditFinding[] = [];
    const check = new DuplicateIdCheck('ndjson', (finding) => found.push(finding), 3, collidingLedger);
    const events = [event(1, 'a'), event(2, 'b'), event(3, 'a')];
    for (const e of events) check.visit(e);
    expect(found).toEqual([]);
    expect(check.needsConfirming).toBe(true);
    expect(check.firstPositions()).toEqual(new Set([1]));
    // The second pass reads position 1's id again: "a". Position 2's "b" only shared a fingerprint; 3's "a" is real.
    check.confirm(new Map([[1, check.keyOf(events[0]!)!]]));
    expect(found.map((finding) => [finding.kind, finding.position, finding.severity])).toEqual([['duplicate-id', 3, 'error']]);
    expect(found[0]!.message).toBe('Event id "a" at position 3 (stream "s-3" version 1) was already used by the event at position 1.');
  });

  it('need no second pass when no id matched', () => {
    const check = new DuplicateIdCheck('ndjson', () => {}, 2);
    check.visit(event(1, 'a'));
    check.visit(event(2, 'b'));
    expect(check.needsConfirming).toBe(false);
  });
});

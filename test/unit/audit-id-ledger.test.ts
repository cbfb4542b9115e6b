// The compact ledger of event ids the duplicate-id check keeps: exact answers for every key, through its growth.
import { describe, expect, it } from 'vitest';
import { fingerprint, IdLedger } from '../../electron/audit/id-ledger.js';

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

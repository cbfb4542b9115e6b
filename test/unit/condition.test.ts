import { describe, expect, it } from 'vitest';
import { meetsCondition, parseCondition } from '../../shared/condition.js';
import type { Json } from '../../shared/model.js';

const event = (data: Json, metadata: Json = null) => ({ data, metadata });

describe('payload conditions', () => {
  it('parses paths, operators and values', () => {
    expect(parseCondition('data.amount > 100')).toEqual({ root: 'data', path: ['amount'], operator: '>', value: 100 });
    expect(parseCondition(' metadata.user == "u-7" ')).toEqual({ root: 'metadata', path: ['user'], operator: '=', value: 'u-7' });
    expect(parseCondition('data.items[0]["sku code"] ~ kb')).toEqual({ root: 'data', path: ['items', 0, 'sku code'], operator: '~', value: 'kb' });
    expect(parseCondition('data.flag = true').value).toBe(true);
    expect(() => parseCondition('amount > 100')).toThrow(/is not a condition: it must start with data or metadata.*; write data\.field OP value/);
    expect(() => parseCondition('data.amount >')).toThrow(/is not a condition/);
  });

  it('compares numbers as numbers, also when written as text, and text as text', () => {
    const over = parseCondition('data.amount > 100');
    expect(meetsCondition(event({ amount: 150 }), over)).toBe(true);
    expect(meetsCondition(event({ amount: '150.50' }), over)).toBe(true);
    expect(meetsCondition(event({ amount: 99 }), over)).toBe(false);
    expect(meetsCondition(event({ other: 1 }), over)).toBe(false);
    expect(meetsCondition(event('not an object'), over)).toBe(false);
    expect(meetsCondition(event({ name: 'beta' }), parseCondition('data.name >= alpha'))).toBe(true);
  });

  it('matches equality, inequality and containment, with a missing field meeting only !=', () => {
    expect(meetsCondition(event(null, { user: 'u-7' }), parseCondition('metadata.user = "u-7"'))).toBe(true);
    expect(meetsCondition(event({ n: 1 }), parseCondition('data.n = "1"'))).toBe(true);
    expect(meetsCondition(event({ tags: ['a', 'b'] }), parseCondition('data.tags = ["a","b"]'))).toBe(true);
    expect(meetsCondition(event({}), parseCondition('data.gone != 3'))).toBe(true);
    expect(meetsCondition(event({ note: 'Standard Delivery' }), parseCondition('data.note ~ delivery'))).toBe(true);
    expect(meetsCondition(event({ __proto__x: 1 }), parseCondition('data.constructor = 1'))).toBe(false);
  });
});

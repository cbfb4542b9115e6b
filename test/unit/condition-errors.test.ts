// A condition with bad syntax is refused with a message that names what is wrong and where: never read as text.
import { describe, expect, it } from 'vitest';
import { ConditionError, parseCondition } from '../../shared/condition.js';

/** The error parseCondition throws for `text`. */
function refusal(text: string): ConditionError {
  try {
    parseCondition(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConditionError);
    return error as ConditionError;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
}

describe('condition syntax errors', () => {
  it('refuses a doubled operator instead of comparing with the text ">> 5"', () => {
    const error = refusal('data.amount >>> 5');
    expect(error.message).toMatch(/is not a condition/);
    expect(error.message).toContain('">>"');
    expect(error.message).toContain('character 14');
    expect(error.at).toBe(13);
    expect(error.length).toBe(2);
    expect(refusal('data.amount => 5').message).toContain('character 14');
    expect(refusal('data.amount = = 5').message).toMatch(/"=" at character 15/);
    expect(refusal('data.amount != ~x').at).toBe(15);
  });

  it('names a missing root, field, operator or value and where it was expected', () => {
    expect(refusal('amount > 100').message).toMatch(/start with data or metadata.*character 1/);
    expect(refusal('amount > 100').message).toMatch(/write data\.field OP value/);
    expect(refusal('data. > 1').message).toMatch(/field name.*character 6/);
    expect(refusal('data.amount 100').message).toMatch(/operator.*character 13/);
    expect(refusal('data.amount').message).toMatch(/operator.*end/);
    expect(refusal('data.amount >').message).toMatch(/a value must follow ">" at the end/);
    expect(refusal('data.items[x] = 1').message).toMatch(/"\[" at character 11/);
    expect(refusal('data.items[0 = 1').at).toBe(10);
    expect(refusal('datum.x = 1').at).toBe(0);
  });

  it('refuses text values that are not closed and JSON values that are not JSON', () => {
    expect(refusal('data.name = "Ada').message).toMatch(/not closed.*character 13/);
    expect(refusal("data.name = 'Ada").message).toMatch(/not closed.*character 13/);
    expect(refusal('data.name = "Ada" Lovelace').message).toMatch(/after the quoted value.*character 19/);
    expect(refusal('data.tags = ["a",').message).toMatch(/not valid JSON.*character 13/);
    expect(refusal('data.tags = {"a": }').at).toBe(12);
  });

  it('refuses two conditions joined as if they were one', () => {
    expect(refusal('data.amount > 5 and data.currency = "EUR"').message).toMatch(/one condition at a time.*"and" at character 17/);
    expect(refusal('data.amount > 5 && data.x = 1').message).toMatch(/"&&" at character 17/);
    expect(refusal('data.amount > 5 || metadata.x = 1').at).toBe(16);
  });

  it('still reads plain text, quoted text, JSON and the == spelling', () => {
    expect(parseCondition('data.note ~ black or white')).toMatchObject({ operator: '~', value: 'black or white' });
    expect(parseCondition("data.name = 'Ada Lovelace'")).toMatchObject({ value: 'Ada Lovelace' });
    expect(parseCondition('data.name = "Ada \\"the\\" Countess"')).toMatchObject({ value: 'Ada "the" Countess' });
    expect(parseCondition('data.at >= 2026-01-05T10:00:00Z')).toMatchObject({ operator: '>=', value: '2026-01-05T10:00:00Z' });
    expect(parseCondition('data.amount==-5.5')).toMatchObject({ operator: '=', value: -5.5 });
    expect(parseCondition('data["a b"][2].c != null')).toEqual({ root: 'data', path: ['a b', 2, 'c'], operator: '!=', value: null });
    expect(parseCondition('metadata.user = u-7')).toMatchObject({ root: 'metadata', value: 'u-7' });
    expect(parseCondition('data.x = {"a": [1, 2]}').value).toEqual({ a: [1, 2] });
  });
});

// How the window shows untrusted journal text: hidden characters as markers, long text and deep values in bounded
// pieces, rounded numbers marked.
import { describe, expect, it } from 'vitest';
import { roundedValues } from '../../shared/exact-numbers.js';
import { previewJson } from '../../renderer/lib/json-preview.js';
import { childEntries, isRounded, stringLiteral } from '../../renderer/lib/json-tree.js';
import { hasInvisible, markInvisible, visibleParts } from '../../renderer/lib/visible-text.js';

describe('hidden characters', () => {
  it('become markers, so a reversed file name cannot pass for another', () => {
    expect(markInvisible('invoice\u202efdp.exe')).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(visibleParts('invoice\u202efdp.exe')).toEqual([
      { text: 'invoice' },
      { text: '⟨U+202E⟩', hidden: 'U+202E: right-to-left override (shows the text after it reversed), shown as a marker' },
      { text: 'fdp.exe' },
    ]);
  });

  it('cover bidi controls, zero-width characters, the byte order mark, C0 and C1 controls', () => {
    const hidden = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2060', '\ufeff', '\u0000', '\u001b', '\u007f', '\u0085', '\u009b'];
    for (const char of hidden) {
      const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      expect(markInvisible(`a${char}b`), code).toBe(`a⟨U+${code}⟩b`);
    }
    // An ANSI colour sequence shows its escape; the rest is plain text.
    expect(markInvisible('\u001b[31mred\u001b[0m')).toBe('⟨U+001B⟩[31mred⟨U+001B⟩[0m');
    // Tag characters (which can spell text nobody sees) and a lone surrogate too.
    expect(markInvisible('ok\u{e0041}')).toBe('ok⟨U+E0041⟩');
    expect(markInvisible('x\ud800y')).toBe('x⟨U+D800⟩y');
  });

  it('leave ordinary text, accents, right-to-left scripts and emoji alone', () => {
    for (const text of ['account-42', 'Crème brûlée', 'שלום', 'مرحبا', '🙂 ok', 'tab-free text']) {
      expect(hasInvisible(text), text).toBe(false);
      expect(visibleParts(text)).toEqual([{ text }]);
    }
  });

  it('keep line breaks where text spans lines, and mark them where it does not', () => {
    expect(markInvisible('line 1\nline 2', { lineBreaks: true })).toBe('line 1\nline 2');
    expect(markInvisible('line 1\nline 2')).toBe('line 1⟨U+000A⟩line 2');
  });

  it('cut very long text, saying how much is left, without splitting a character', () => {
    const huge = 'x'.repeat(10_000_000);
    const parts = visibleParts(huge, { max: 100 });
    expect(parts).toEqual([{ text: 'x'.repeat(100) }, { text: '… 9,999,900 more characters', more: true }]);
    expect(markInvisible(`${'a'.repeat(9)}🙂tail`, { max: 10 })).toBe(`${'a'.repeat(9)} … 6 more characters`);
  });
});

describe('the JSON tree', () => {
  it('shows a long string as a bounded JSON literal, open at the end, never splitting a surrogate pair', () => {
    expect(stringLiteral('short', 10)).toEqual({ literal: '"short"', more: 0 });
    expect(stringLiteral('a"b'.repeat(10), 4)).toEqual({ literal: '"a\\"ba', more: 26 });
    expect(stringLiteral('aaa🙂', 4)).toEqual({ literal: '"aaa', more: 2 });
  });

  it('lists own keys, "__proto__" among them, a page at a time', () => {
    const node = JSON.parse('{"__proto__":{"polluted":true},"constructor":1,"b":2}') as Record<string, never>;
    expect(childEntries(node, 2).map(([key]) => key)).toEqual(['__proto__', 'constructor']);
    expect(childEntries(Array.from({ length: 1000 }, (_, i) => i), 3)).toEqual([
      ['0', 0],
      ['1', 1],
      ['2', 2],
    ]);
  });

  it('marks numbers the exact text reads otherwise, and integers beyond 2^53', () => {
    const rounded = roundedValues('{"limit":9007199254740993,"rate":0.10000000000000000001,"plain":42}');
    expect(isRounded(9007199254740992, rounded)).toBe(true);
    expect(isRounded(0.1, rounded)).toBe(true);
    expect(isRounded(42, rounded)).toBe(false);
    expect(isRounded(2 ** 60, new Set())).toBe(true);
    expect(isRounded(Number.MAX_SAFE_INTEGER, new Set())).toBe(false);
    expect(isRounded('9007199254740993', rounded)).toBe(false);
  });
});

describe('one-line JSON previews', () => {
  it('read like JSON.stringify when short', () => {
    const value = { a: [1, 'two', null, true], b: { c: 'd' } };
    expect(previewJson(value, 240)).toBe(JSON.stringify(value));
    expect(previewJson(undefined, 240)).toBe('(none)');
  });

  it('stop at the limit, whatever the value holds', () => {
    expect(previewJson({ note: 'x'.repeat(10_000_000) }, 20)).toBe(`{"note":"${'x'.repeat(10)}…`);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(previewJson(deep, 12)).toBe('[[[[[[[[[[[…');
    expect(previewJson(Array.from({ length: 1_000_000 }, (_, i) => i), 10)).toBe('[0,1,2,3,…');
  });
});

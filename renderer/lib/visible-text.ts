// Journal text shown so that what it says is what it looks like: characters that are invisible or that reorder what
// follows (bidi overrides, zero-width characters, controls such as ESC) become visible markers, "⟨U+202E⟩", so a
// stream "invoice⟨U+202E⟩fdp.exe" cannot pass for "invoiceexe.pdf". Used wherever the window shows journal text:
// through JournalText.svelte for content, through markInvisible for attributes and <option>s.

/**
 * C0 and C1 controls (ESC starts ANSI sequences), soft hyphen, Arabic letter mark, Hangul fillers, Mongolian vowel
 * separator, zero-width characters and marks (U+200B–U+200F), line and paragraph separators, bidi embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069), word joiner and invisible operators, deprecated format
 * characters, the byte order mark, interlinear annotations, lone surrogates and tag characters (which can spell text
 * nobody sees); variation selectors and the other default-ignorable code points too, which can carry hidden bytes.
 * The same set as the CLI's (electron/cli/terminal-text.ts).
 */
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ud800-\udfff\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0000}-\u{e0fff}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

/** Kept as they are where text may span lines (a message, an exact record text). */
const LINE_BREAKS = new Set(['\n', '\r', '\t']);

/** Names for the characters most used to deceive; others are described by their kind. */
const NAMES: Record<number, string> = {
  0x1b: 'escape (starts terminal control sequences)',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override (shows the text after it reversed)',
  0x2060: 'word joiner',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0xfeff: 'zero width no-break space (byte order mark)',
};

/** Text longer than this is cut where a single line shows it (a 10 MB stream id must not reach the DOM whole). */
export const LINE_MAX = 2000;

export interface TextPart {
  text: string;
  /** Set for a marker: what the hidden character was, for its tooltip. */
  hidden?: string;
  /** Set for the closing "… N more characters" of a text cut at its `max`. */
  more?: true;
}

function codeLabel(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function describe(code: number): string {
  const name = NAMES[code];
  if (name !== undefined) return name;
  if (code < 0x20 || code === 0x7f) return 'control character';
  if (code >= 0x80 && code <= 0x9f) return 'C1 control character';
  if (code >= 0xd800 && code <= 0xdfff) return 'lone surrogate (not a character)';
  if (code >= 0xe0000) return 'tag character';
  return 'invisible formatting character';
}

export interface VisibleOptions {
  /** Keep line breaks and tabs as they are (for text shown on several lines). */
  lineBreaks?: boolean;
  /** Characters shown at most; the rest is summed up as "… N more characters". */
  max?: number;
}

function cut(text: string, max: number): { shown: string; more: number } {
  if (text.length <= max) return { shown: text, more: 0 };
  // Never split a surrogate pair: its lone half would itself read as a marker.
  const end = /[\ud800-\udbff]/.test(text[max - 1]!) ? max - 1 : max;
  return { shown: text.slice(0, end), more: text.length - end };
}

/** The text as parts: plain runs, and a marker ("⟨U+202E⟩") for each hidden character. */
export function visibleParts(text: string, options: VisibleOptions = {}): TextPart[] {
  const { shown, more } = cut(text, options.max ?? LINE_MAX);
  const parts: TextPart[] = [];
  const tail = more > 0 ? `… ${more.toLocaleString('en-US')} more characters` : '';
  if (!INVISIBLE.test(shown)) {
    parts.push({ text: shown });
  } else {
    let at = 0;
    for (const match of shown.matchAll(INVISIBLE_ALL)) {
      const char = match[0];
      if (options.lineBreaks && LINE_BREAKS.has(char)) continue;
      if (match.index > at) parts.push({ text: shown.slice(at, match.index) });
      const code = char.codePointAt(0)!;
      parts.push({ text: `⟨${codeLabel(code)}⟩`, hidden: `${codeLabel(code)}: ${describe(code)}, shown as a marker` });
      at = match.index + char.length;
    }
    if (at < shown.length) parts.push({ text: shown.slice(at) });
  }
  if (tail) parts.push({ text: tail, more: true });
  return parts;
}

/** The text with each hidden character written as its marker: for attributes (aria-label, title) and <option>s. */
export function markInvisible(text: string, options: VisibleOptions = {}): string {
  return visibleParts(text, options)
    .map((part) => (part.more ? ` ${part.text}` : part.text))
    .join('');
}

/** Whether the text holds a character that visibleParts shows as a marker. */
export function hasInvisible(text: string): boolean {
  return INVISIBLE.test(text);
}

// What the terminal is shown of a journal is text, never commands. Stream names, types, payloads, ids, findings that
// quote them and file names are untrusted: an ESC starts a sequence that retitles the window or clears the screen, a
// right-to-left override makes "invoice\u202efdp.exe" read as "invoiceexe.pdf", a zero-width character makes two
// different stream ids look the same. Such text reaches stdout (text mode) and stderr only through terminalText, and
// JSON output only through terminalJson: one character set, so the promise is checked in one place
// (test/unit/terminal-text.test.ts).

/**
 * Code points written as escapes rather than sent to the terminal:
 * - C0 controls U+0000–U+001F, tab and line feed included: a tab or newline inside a journal string would fake a
 *   field or a line of ours (the separators we print are not escaped: see `terminal` below), DEL and the C1 controls
 *   U+0080–U+009F (U+009B is CSI, U+009D is OSC for a terminal that reads them);
 * - bidi controls: the Arabic letter mark U+061C, LRM and RLM U+200E/U+200F, embeddings and overrides U+202A–U+202E,
 *   isolates U+2066–U+2069;
 * - the line and paragraph separators U+2028/U+2029;
 * - Unicode's default-ignorable code points (drawn as nothing): soft hyphen U+00AD, combining grapheme joiner U+034F,
 *   Hangul fillers U+115F, U+1160, U+3164, U+FFA0, Khmer inherent vowels U+17B4/U+17B5, Mongolian variation selectors
 *   and vowel separator U+180B–U+180F, zero-width space, joiners and marks U+200B–U+200F, word joiner and invisible
 *   operators U+2060–U+206F, variation selectors U+FE00–U+FE0F and U+E0100–U+E01EF, the byte order mark U+FEFF,
 *   U+FFF0–U+FFF8, shorthand format controls U+1BCA0–U+1BCA3, musical format controls U+1D173–U+1D17A, and the tag
 *   block U+E0000–U+E0FFF (tags spell text nobody sees);
 * - the interlinear annotation characters U+FFF9–U+FFFB, which hide the text between them in some renderers;
 * - lone surrogates (half a character; no terminal can show them, and they would print as U+FFFD, like another
 *   string's replacement character).
 * Written with the `u` flag, `\ud800-\udfff` matches a surrogate only when it is not half of a pair.
 */
const UNSAFE_CODE_POINTS =
  '\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f' +
  '\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ud800-\\udfff\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb' +
  '\\u{1bca0}-\\u{1bca3}\\u{1d173}-\\u{1d17a}\\u{e0000}-\\u{e0fff}';

/** One unsafe code point. */
const UNSAFE = new RegExp(`[${UNSAFE_CODE_POINTS}]`, 'gu');

/**
 * What terminalText rewrites: an unsafe code point, or a backslash that the journal put right before `u{` (so that
 * the journal's own text "\u{1b}" cannot pass for an escaped ESC).
 */
const REWRITTEN = new RegExp(`\\\\(?=u\\{)|[${UNSAFE_CODE_POINTS}]`, 'gu');

/**
 * Untrusted text as the terminal may show it: each unsafe code point becomes `\u{hex}` (lowercase hex, ESC is
 * `\u{1b}`, a right-to-left override `\u{202e}`), everything else passes through unchanged.
 *
 * The notation reads one way only: in what eventlens prints, every `\u{…}` is an escape. A backslash in the journal
 * stays a backslash (a Windows path reads as itself), except one directly followed by `u{`, which could start a
 * look-alike and is itself written as the escape `\u{5c}`: the journal text `\u{1b}` prints as `\u{5c}u{1b}`, a real
 * ESC as `\u{1b}`. So two different strings never print the same.
 */
export function terminalText(text: string): string {
  return text.replace(REWRITTEN, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

/**
 * A line of ours with untrusted values in it: the template's own text (labels, the tabs between fields) is written as
 * it is; every `${value}` goes through terminalText, so a tab or newline inside a stream name cannot add a column or
 * a line. Numbers and our own words pass through unchanged, so every interpolation is escaped rather than guessing
 * which ones could come from a journal.
 */
export function terminal(template: TemplateStringsArray, ...values: unknown[]): string {
  let line = template[0]!;
  for (let i = 0; i < values.length; i++) line += terminalText(String(values[i])) + template[i + 1]!;
  return line;
}

/**
 * JSON text (as JSON.stringify writes it) that is safe for a terminal and still the same JSON: JSON.stringify escapes
 * C0 controls and lone surrogates but leaves DEL, C1 controls, bidi overrides, U+2028/U+2029 and invisible characters
 * raw inside strings. Those can only occur inside strings, so each becomes a JSON `\uXXXX` escape (a pair of them
 * above U+FFFF) and the text parses back to the same value. A raw C0 character in JSON.stringify's output is the
 * newline of its indentation: ours, kept.
 */
export function terminalJson(json: string): string {
  return json.replace(UNSAFE, (char) => {
    if (char < ' ') return char;
    let escaped = '';
    for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}

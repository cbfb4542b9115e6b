// What the launcher prints of paths and of other programs' error output is text, never terminal commands: an ESC in
// a folder name or a download error could retitle the window or clear the screen, a newline would break the promise
// of one line. The same character set as electron/cli/terminal-text.ts, which is not built yet when the launcher
// has to say why the build failed.

const UNSAFE = new RegExp(
  '[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f' +
    '\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ud800-\\udfff\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb' +
    '\\u{1bca0}-\\u{1bca3}\\u{1d173}-\\u{1d17a}\\u{e0000}-\\u{e0fff}]',
  'gu',
);

/**
 * Untrusted text as one inert line: each control, bidi or invisible code point becomes `\u{hex}`, and text longer
 * than `max` code points is cut with an ellipsis.
 * @param {string} text
 * @param {number} [max]
 * @returns {string}
 */
export function inertText(text, max = 300) {
  const escaped = text.replace(UNSAFE, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`);
  const chars = [...escaped];
  return chars.length <= max ? escaped : `${chars.slice(0, max - 1).join('')}…`;
}

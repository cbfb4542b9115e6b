// Writing to stdout for pipelines: one JSON document, or NDJSON that respects back-pressure and a closed pipe.
import { once } from 'node:events';
import { jsonText } from '../../shared/deep-json.js';

export function printJson(value: unknown): void {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2);
  } catch (error) {
    // Nested too deeply for the stack: written on one line (indenting 100,000 levels would take gigabytes).
    if (!(error instanceof RangeError)) throw error;
    text = jsonText(value);
  }
  process.stdout.write(text + '\n');
}

export async function writeLine(line: string): Promise<void> {
  if (!process.stdout.write(line + '\n')) await once(process.stdout, 'drain');
}

/** `eventlens events … | head` closes the pipe early; that is the reader's choice, not an error. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Journal content made safe for a terminal: control characters but tab (ANSI escapes, carriage returns that overwrite a
 * line), bidi overrides and zero-width characters are written as visible \u{…} escapes, so a stream id or a payload
 * can neither restyle the terminal nor disguise what it says.
 */
export function terminalText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

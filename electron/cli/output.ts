// Writing to stdout for pipelines and people: one JSON document, NDJSON that respects back-pressure and a closed pipe,
// or lines for a person. Whatever a journal put in them is made inert for the terminal first (terminal-text.ts).
import { once } from 'node:events';
import { jsonText } from '../../shared/deep-json.js';
import { terminal, terminalJson } from './terminal-text.js';

export function printJson(value: unknown): void {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2);
  } catch (error) {
    // Nested too deeply for the stack: written on one line (indenting 100,000 levels would take gigabytes).
    if (!(error instanceof RangeError)) throw error;
    text = jsonText(value);
  }
  process.stdout.write(terminalJson(text) + '\n');
}

/** One NDJSON line, waiting for the reader when the pipe is full (a huge journal is not buffered in memory). */
export async function writeJsonLine(value: unknown): Promise<void> {
  if (!process.stdout.write(terminalJson(jsonText(value)) + '\n')) await once(process.stdout, 'drain');
}

/**
 * Prints one line for a person, written as a tagged template: say`streams  ${count}`. The template's text is ours;
 * each `${value}` is shown through terminalText.
 */
export function say(template: TemplateStringsArray, ...values: unknown[]): void {
  console.log(terminal(template, ...values));
}

/** `eventlens events … | head` closes the pipe early; that is the reader's choice, not an error. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/**
 * 1234567 as "1,234,567", the grouping en-US writes. Grouped here rather than by toLocaleString: its first call loads
 * ICU's locale data, about 20 ms here, as long as the rest of `eventlens info` on a cached journal takes.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const grouped = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

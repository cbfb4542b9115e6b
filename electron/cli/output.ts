// Writing to stdout for pipelines: one JSON document, or NDJSON that respects back-pressure and a closed pipe.
import { once } from 'node:events';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
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

// How the journal service's process ended, as each adapter (fork-channel.ts, shell/utility-channel.ts) learns it,
// and in words for the person whose window was waiting.

export interface ServiceExit {
  /** The exit code; null when a signal ended the process. */
  code: number | null;
  /** The signal that ended it, when the platform says (Node's fork does; Electron's utilityProcess gives a code only). */
  signal: string | null;
  /** V8 gave up for lack of memory: it says so on the process's stderr (or in Electron's 'error' event). */
  outOfMemory: boolean;
  /** The process could not be started at all (Node's fork: spawn failed), in the system's words. */
  startFailure?: string;
}

/** Why the service stopped, short enough for a parenthesis: "out of memory", "killed", "exit code 3". */
export function exitInWords(exit: ServiceExit): string {
  if (exit.startFailure !== undefined) return `it could not start: ${exit.startFailure}`;
  if (exit.outOfMemory) return 'out of memory';
  if (exit.signal === 'SIGKILL') return 'killed';
  if (exit.signal !== null) return `stopped by ${exit.signal}`;
  if (exit.code !== null) return `exit code ${exit.code}`;
  return 'for an unknown reason';
}

// What V8 and Node print when the heap is exhausted: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript
// heap out of memory", or "Fatal process out of memory" / "FatalProcessOutOfMemory" from V8's own handler.
const OUT_OF_MEMORY = /heap out of memory|reached heap limit|fatal ?process ?out ?of ?memory/i;

export function saysOutOfMemory(text: string): boolean {
  return OUT_OF_MEMORY.test(text);
}

/** Longest phrase looked for: a chunk boundary may fall inside it, so that much of the previous chunk is kept. */
const OVERLAP = 64;

/**
 * Watches a process's stderr for V8's out-of-memory message while passing every byte on (the console keeps the
 * service's warnings); `outOfMemory()` then tells why a process that died abruptly died.
 */
export function watchStderr(stderr: NodeJS.ReadableStream, forward: NodeJS.WritableStream | null): { outOfMemory(): boolean } {
  let tail = '';
  let seen = false;
  stderr.on('data', (chunk: Buffer | string) => {
    forward?.write(chunk);
    if (seen) return;
    const text = tail + chunk.toString();
    seen = saysOutOfMemory(text);
    tail = text.slice(-OVERLAP);
  });
  // A closed console must not become an unhandled 'error' that takes the main process down.
  stderr.on('error', () => {});
  return { outOfMemory: () => seen };
}

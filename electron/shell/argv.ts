// The journal named on the command line: `eventlens FILE` packaged, `electron . FILE` in development.
import { isAbsolute, resolve } from 'node:path';

export interface ArgvContext {
  /** `process.defaultApp`: true when run as `electron <app path> ...`, so the first positional is the app. */
  defaultApp: boolean;
  /** Relative paths are resolved against this (the second instance's working directory, for a second instance). */
  cwd: string;
}

/**
 * The first positional argument after the executable (and after the app path in development), as an absolute path.
 * Switches are skipped wherever they sit: Chromium adds its own (and reorders a second instance's argv), macOS adds
 * `-psn_...`. After `--` everything is positional, so a file named `-x` can still be opened.
 */
export function journalPathFromArgv(argv: readonly string[], context: ArgvContext): string | null {
  const positionals: string[] = [];
  let switchesEnded = false;
  for (const arg of argv.slice(1)) {
    if (!switchesEnded && arg === '--') switchesEnded = true;
    else if (switchesEnded || !arg.startsWith('-')) positionals.push(arg);
  }
  const file = positionals[context.defaultApp ? 1 : 0];
  if (file === undefined || file.trim() === '') return null;
  return isAbsolute(file) ? file : resolve(context.cwd, file);
}

/** What a second instance hands the first through `requestSingleInstanceLock(additionalData)`. */
export interface InstanceData {
  file: string | null;
}

export function fileFromInstanceData(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const file = (data as { file?: unknown }).file;
  return typeof file === 'string' && isAbsolute(file) ? file : null;
}

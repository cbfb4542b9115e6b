// The audit report is written only where the user asks, and never over a file being read. "The same file" is decided by
// device and inode, not by the path's spelling: a symbolic link, a hard link, a linked folder or a `..` after one all
// reach the journal by another name. The report is written to a temporary file in the target's folder and renamed into
// place, so a link at the target is replaced, never followed, and nobody ever sees half a report.
import { randomBytes } from 'node:crypto';
import { lstatSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { JournalError } from '../../shared/contract.js';

/** A file the command reads (the journal, the user's reducer), which the report must never replace. */
export interface ReadFile {
  path: string;
  /** What it is, for the message: "journal", "reducer". */
  what: string;
}

/**
 * Where the report given as `given` would be written: its folder with links resolved, plus its own name. Throws a
 * JournalError ("bad-request") naming both paths when that is, or is linked to, a file being read.
 */
export function reportTarget(given: string, reading: readonly ReadFile[]): string {
  const name = basename(given);
  // "dir/", "." and ".." name folders: basename would quietly pick the folder's own name.
  if (given.endsWith('/') || given.endsWith(sep) || name === '' || name === '.' || name === '..') {
    throw new JournalError('bad-request', `The report ${given} names a folder; give the report a file name.`);
  }
  // dirname, not resolve, and the system's realpath, not Node's (which resolves `..` first, as text): `link/../x`
  // must go where the system goes, through the link, not where the text suggests.
  const folder = realFolder(given);
  const target = join(folder, name);
  const existing = lstatOrNull(target);
  if (existing?.isDirectory()) throw new JournalError('bad-request', `The report ${given} is a folder; give the report a file name.`);
  const reached = existing?.isSymbolicLink() ? statOrNull(target) : existing;
  for (const file of reading) {
    const read = statOrNull(file.path);
    if (read === null) continue;
    const same = (reached !== null && sameFile(reached, read)) || (existing !== null && sameFile(existing, read)) || target === realpathOrNull(file.path);
    if (same) {
      throw new JournalError(
        'bad-request',
        `The report ${given} would overwrite the ${file.what} ${file.path} (${how(given, target, existing, file.path)}); ` +
          'Eventlens never writes over a file it reads: choose another report file.',
      );
    }
  }
  return target;
}

/** Writes the report (checked as reportTarget does, before writing and again just before the rename); returns where. */
export async function writeReport(given: string, content: string | Uint8Array, reading: readonly ReadFile[]): Promise<string> {
  const target = reportTarget(given, reading);
  // A name of our own, short whatever the report's name (a long one plus a suffix could pass the system's limit).
  const temporary = join(dirname(target), `.eventlens-report-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Checked again: a link made while the audit ran would otherwise be replaced by the report.
    await rename(temporary, reportTarget(given, reading));
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof JournalError) throw error;
    throw new JournalError('bad-request', `The report could not be written to ${given}: ${(error as Error).message}.`);
  }
  return target;
}

function realFolder(given: string): string {
  try {
    return realpathSync.native(dirname(given));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new JournalError('bad-request', `The folder of the report ${given} does not exist.`);
    throw new JournalError('bad-request', `The folder of the report ${given} cannot be reached: ${(error as Error).message}.`);
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** How the target reaches the file, so the message explains a refusal whose two paths look unrelated. */
function how(given: string, target: string, existing: Stats | null, read: string): string {
  if (existing?.isSymbolicLink()) return 'the report path is a symbolic link to it';
  if (target !== realpathOrNull(read)) return 'the report path is a hard link to it';
  return resolve(given) === target ? 'the same file' : 'the same file, reached through a linked folder';
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function realpathOrNull(path: string): string | null {
  try {
    return realpathSync.native(path);
  } catch {
    return null;
  }
}

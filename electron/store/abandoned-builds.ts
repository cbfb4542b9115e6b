// Cache files half-written by a process that died (killed, crashed, power cut) would stay in the cache folder for
// ever, and for a big journal they are big. Their names carry the builder's pid ("<cache>.<pid>.<…>.building…"):
// those of processes no longer running are removed; a live process's build (the app and the CLI at once) is left.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const BUILDING = /\.(\d+)(?:\.\d+)?\.building/;

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the builds of dead processes from `folder`; returns how many files went. */
export function removeAbandonedBuilds(folder: string): number {
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const match = BUILDING.exec(entry);
    if (match === null || isRunning(Number(match[1]))) continue;
    rmSync(join(folder, entry), { force: true });
    removed += 1;
  }
  return removed;
}

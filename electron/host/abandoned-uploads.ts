// Upload folders left by hosts that never stopped properly (killed with SIGKILL, crashed, a power cut): each folder's
// name carries its host's process id, and a host starting removes the folders whose process is gone, so uploaded
// journals do not stay in the temporary folder for ever.
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const PREFIX = 'eventlens-uploads-';
/** mkdtemp adds six characters to the prefix. */
const FOLDER = /^eventlens-uploads-(\d+)-[A-Za-z0-9]{6}$/;

/** The prefix for this process's upload folder (mkdtemp completes it). */
export function uploadFolderPrefix(): string {
  return `${PREFIX}${process.pid}-`;
}

export async function removeAbandonedUploads(parent: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(FOLDER.exec(entry)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid || processRuns(pid)) continue;
    const folder = join(parent, entry);
    const info = await lstat(folder).catch(() => null);
    // Only our own folders: a link or another user's folder under that name is not ours to remove.
    if (info === null || !info.isDirectory() || (process.getuid !== undefined && info.uid !== process.getuid())) continue;
    await rm(folder, { recursive: true, force: true }).catch(() => {});
  }
}

/** Signal 0 tests a process without touching it; EPERM means it runs as someone else. */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

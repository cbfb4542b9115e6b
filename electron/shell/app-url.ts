// One question asked by navigation guards and the IPC sender check alike: is this URL our own renderer page?
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True only for a file:// URL naming exactly `indexPath` (query and fragment ignored: the router may use them). */
export function isAppIndexUrl(url: string, indexPath: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
  try {
    return samePath(fileURLToPath(parsed), indexPath);
  } catch {
    return false;
  }
}

function samePath(a: string, b: string): boolean {
  const [x, y] = [resolve(a), resolve(b)];
  // Windows and macOS volumes are usually case-insensitive; Chromium and Node may spell a drive letter differently.
  return process.platform === 'linux' ? x === y : x.toLowerCase() === y.toLowerCase();
}

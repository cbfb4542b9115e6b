// The Electron download itself: the electron package's own install.js (it honours ELECTRON_MIRROR and the cache of
// @electron/get), run with a time limit so that an unreachable GitHub ends in a reason rather than a stack trace.
import { join } from 'node:path';
import { failureReason, runChild } from './child-run.mjs';

/** About 100 MB: generous for a slow line, still an end for a stalled one. */
const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;

/**
 * @param {import('./electron-binary.mjs').ElectronPackage} electron
 * @param {{ env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 * @returns {Promise<import('./electron-binary.mjs').StepResult>}
 */
export async function installElectron(electron, { env = process.env, timeoutMs = DOWNLOAD_TIMEOUT_MS } = {}) {
  const result = await runChild(process.execPath, [join(electron.dir, 'install.js')], { cwd: electron.dir, env, timeoutMs });
  if (result.code === 0 && !result.timedOut) return { ok: true };
  // install.js prints the error's stack: its first line ("TypeError: fetch failed") is the reason.
  return { ok: false, reason: failureReason(result, timeoutMs, (lines) => lines.find((line) => /Error\b/.test(line))) };
}

// The launcher's network-facing helpers (Electron's installer, prebuild-install, node-gyp) run as child processes with
// a time limit: a download that stalls must end in a message, not a hung `npm start`. Each runs in a process group
// of its own so that a timeout or the user's Ctrl-C also stops what it started (node-gyp runs make, make runs g++).
import { spawn } from 'node:child_process';

/**
 * @typedef {object} ChildResult
 * @property {number | null} code exit code, null when killed
 * @property {boolean} timedOut whether the time limit killed it
 * @property {string} output stdout and stderr interleaved, for the reason a failure is reported with
 * @property {string} [spawnError] why it could not start at all
 */

/**
 * Runs a program to completion, collecting its output, killing its whole process group after `timeoutMs`.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number }} options
 * @returns {Promise<ChildResult>}
 */
export function runChild(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, windowsHide: true });
    /** @type {Buffer[]} */
    const chunks = [];
    let timedOut = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone already, or Windows, which has no process groups to signal: the child at least.
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    // Detached, the group gets no Ctrl-C from the terminal: pass it on, then let the signal end the launcher too.
    /** @param {NodeJS.Signals} signal */
    const onSignal = (signal) => {
      killGroup();
      process.kill(process.pid, signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const done = (/** @type {ChildResult} */ result) => {
      clearTimeout(timer);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      resolve(result);
    };
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => done({ code: null, timedOut, output: '', spawnError: error.message }));
    child.on('close', (code) => done({ code, timedOut, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/**
 * Why a child failed, in a few words for a one-line message: its timeout, its spawn error, or the line of its
 * output that `pick` finds (else its last non-empty line).
 * @param {ChildResult} result
 * @param {number} timeoutMs
 * @param {(lines: string[]) => string | undefined} [pick]
 * @returns {string}
 */
export function failureReason(result, timeoutMs, pick) {
  if (result.timedOut) return `no answer within ${Math.ceil(timeoutMs / 1000)} s`;
  if (result.spawnError !== undefined) return result.spawnError;
  const lines = result.output.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  return pick?.(lines) ?? lines.at(-1) ?? `exit code ${result.code}`;
}

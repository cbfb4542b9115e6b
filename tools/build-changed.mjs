// The build `npm start` and `npm run serve` run: each step of package.json's `build` only when what it reads changed
// since it last succeeded, or what it leaves behind is missing. `npm run build` stays the full build (CI and
// `npm test` run it). A step's stamp (dist/.build-stamps/NAME.json) holds the hash of its inputs and is written only
// after the step succeeded: it is removed before the step starts, so a failed or interrupted step runs again.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSteps } from './build-steps.mjs';
import { contentHash, inputFiles } from './content-hash.mjs';

/** @typedef {import('./build-steps.mjs').BuildStep} BuildStep */

/**
 * @typedef {object} BuildChangedOptions
 * @property {string} root the project folder
 * @property {readonly BuildStep[]} steps in order: a later step may read what an earlier one wrote
 * @property {(step: BuildStep) => Promise<boolean>} runStep runs one step; true when it succeeded
 * @property {(line: string) => void} log
 * @property {string} [stampDir] dist/.build-stamps
 */

/**
 * @typedef {object} BuildOutcome
 * @property {boolean} ok
 * @property {string[]} ran names of the steps that ran
 * @property {string[]} skipped names of the steps that were up to date
 * @property {string} [failed] the step that failed (the steps after it did not run)
 */

/**
 * Why a step must run, or null when it is up to date.
 * @param {BuildStep} step
 * @param {string} root
 * @param {string | null} hash its inputs' hash now, null when its inputs are unknown
 * @param {readonly string[]} files its input files now
 * @param {string} stampFile
 * @returns {string | null}
 */
export function reasonToRun(step, root, hash, files, stampFile) {
  if (hash === null) return 'its inputs are not known';
  if (!existsSync(stampFile)) return 'first run';
  /** @type {{ inputs?: unknown }} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return 'its stamp is unreadable';
  }
  if (stamp.inputs !== hash) return 'its inputs changed';
  const missing = missingOutput(step, root, files);
  return missing === undefined ? null : `${missing} is missing`;
}

/**
 * Runs the steps that need to, in order, stopping at the first that fails.
 * @param {BuildChangedOptions} options
 * @returns {Promise<BuildOutcome>}
 */
export async function buildChanged({ root, steps, runStep, log, stampDir = join(root, 'dist', '.build-stamps') }) {
  /** @type {string[]} */
  const ran = [];
  /** @type {string[]} */
  const skipped = [];
  /** @type {Map<string, string>} */
  let fileDigests = new Map();
  for (const step of steps) {
    const stampFile = join(stampDir, `${step.name}.json`);
    const files = step.inputs === null ? [] : inputFiles(root, step.inputs);
    const hash = step.inputs === null ? null : contentHash(root, files, step.command, fileDigests);
    const reason = reasonToRun(step, root, hash, files, stampFile);
    if (reason === null) {
      skipped.push(step.name);
      continue;
    }
    log(`eventlens: ${step.label} (${reason})…`);
    rmSync(stampFile, { force: true });
    if (!(await runStep(step))) return { ok: false, ran, skipped, failed: step.name };
    ran.push(step.name);
    // What this step wrote may be what a later step reads: digests taken before it ran are stale.
    fileDigests = new Map();
    if (hash === null) continue;
    const missing = missingOutput(step, root, files);
    if (missing !== undefined) {
      // Not stamped, so it runs again next time; said, so that a step that never writes it is noticed.
      log(`eventlens: ${step.label} left no ${missing}; it will run again next time.`);
      continue;
    }
    writeStamp(stampFile, { inputs: hash, command: step.command });
  }
  return { ok: true, ran, skipped };
}

/**
 * The first output of a step that is not there.
 * @param {BuildStep} step
 * @param {string} root
 * @param {readonly string[]} files its input files
 * @returns {string | undefined}
 */
function missingOutput(step, root, files) {
  return step.outputs(files).find((file) => !existsSync(join(root, file)));
}

/**
 * @param {string} stampFile
 * @param {{ inputs: string, command: string }} stamp
 */
function writeStamp(stampFile, stamp) {
  mkdirSync(dirname(stampFile), { recursive: true });
  const partial = `${stampFile}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify(stamp, null, 2)}\n`);
  renameSync(partial, stampFile);
}

/**
 * Runs a step's command as npm would: through the shell, in the project folder, with node_modules/.bin on PATH.
 * @param {string} root
 * @returns {(step: BuildStep) => Promise<boolean>}
 */
export function shellStepRunner(root) {
  return (step) =>
    new Promise((done) => {
      const env = { ...process.env, PATH: [join(root, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter) };
      const child = spawn(step.command, { cwd: root, env, shell: true, stdio: 'inherit' });
      child.on('error', () => done(false));
      child.on('close', (code) => done(code === 0));
    });
}

/** The project folder: tools/.. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The incremental build of this project, as `npm start` and `npm run serve` run it; a failure is said in one line
 * under the failing tool's own error.
 * @param {(line: string) => void} [log]
 * @returns {Promise<BuildOutcome>}
 */
export async function buildProject(log = (line) => console.log(line)) {
  const runStep = shellStepRunner(PROJECT_ROOT);
  const outcome = await buildChanged({ root: PROJECT_ROOT, steps: buildSteps(PROJECT_ROOT), runStep, log });
  if (!outcome.ok) console.error(`eventlens: the build stopped at its ${outcome.failed} step; the error is above.`);
  return outcome;
}

// Run as a script (not imported by a test): Node names the main module by its real path, so compare real paths.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!(await buildProject()).ok) process.exitCode = 1;
}

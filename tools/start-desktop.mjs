// `npm start`: the desktop app from a fresh `npm install`. Electron loads only native addons built for its own ABI,
// and node_modules holds better-sqlite3 built for Node's (the CLI, the browser host and the tests use that one), so
// this builds what changed, makes sure there is an Electron binary and an Electron build of better-sqlite3 (each
// fetched once, then kept), and starts Electron with EVENTLENS_SQLITE_BINDING naming that build. What fails is said in
// one line with the way on, and the exit code is non-zero. The download, compile and spawn steps are passed in, so
// test/unit/launch-desktop.test.ts can check each decision without a network or an Electron.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildProject, PROJECT_ROOT } from './build-changed.mjs';
import { electronPackage, ensureElectron } from './electron-binary.mjs';
import { installElectron } from './electron-install.mjs';
import { ensureElectronSqlite, SQLITE_BINDING_ENV } from './electron-sqlite.mjs';
import { inertText } from './inert-text.mjs';
import { compileFromSource, fetchPrebuilt } from './sqlite-builders.mjs';

/** @typedef {import('./electron-binary.mjs').ElectronPackage} ElectronPackage */
/** @typedef {import('./electron-binary.mjs').StepResult} StepResult */
/** @typedef {import('./electron-sqlite.mjs').SqliteBuilder} SqliteBuilder */

/**
 * @typedef {object} DesktopLaunch
 * @property {string} root the project folder (Electron's app path)
 * @property {readonly string[]} args what followed `npm start --`, passed to the app unchanged (a journal to open)
 * @property {string} cwd where the user typed the command: Electron runs there, so a relative journal path means
 *   what it meant to them (npm runs scripts in the project folder and names the user's folder INIT_CWD)
 * @property {NodeJS.ProcessEnv} env
 * @property {NodeJS.Platform} platform
 * @property {string} arch
 * @property {string} [cacheRoot] where Electron builds of better-sqlite3 are kept (see electron-sqlite.mjs)
 * @property {() => Promise<boolean>} build the incremental build; it says itself what failed
 * @property {(electron: ElectronPackage) => Promise<StepResult>} installElectron
 * @property {SqliteBuilder} fetchPrebuilt
 * @property {SqliteBuilder} compileFromSource
 * @property {(executable: string, args: readonly string[], options: { cwd: string, env: NodeJS.ProcessEnv }) => Promise<number>} spawnElectron
 * @property {(line: string) => void} log progress
 * @property {(line: string) => void} fail the one line that says what failed and how to proceed
 */

/**
 * Runs the launch; resolves to the exit code (Electron's, or 1 when it could not be started).
 * @param {DesktopLaunch} launch
 * @returns {Promise<number>}
 */
export async function startDesktop(launch) {
  const { root, env, platform, arch, log, fail } = launch;
  if (!(await launch.build())) return 1;

  /** @type {ElectronPackage} */
  let electron;
  try {
    electron = electronPackage(root);
  } catch (error) {
    fail(`eventlens: the electron package is not installed (${inertText(String(error), 160)}). Run npm install.`);
    return 1;
  }

  const binary = await ensureElectron({ electron, env, platform, installElectron: launch.installElectron, log });
  if (!binary.ok) {
    fail(binary.line);
    return 1;
  }

  const sqlite = await ensureElectronSqlite({
    root,
    electron,
    platform,
    arch,
    env,
    log,
    fetchPrebuilt: launch.fetchPrebuilt,
    compileFromSource: launch.compileFromSource,
    ...(launch.cacheRoot !== undefined && { cacheRoot: launch.cacheRoot }),
  });
  if (!sqlite.ok) {
    fail(sqlite.line);
    return 1;
  }
  if (sqlite.origin === 'prebuilt' || sqlite.origin === 'compiled') {
    log(`eventlens: better-sqlite3 for Electron ${electron.version} is kept in ${inertText(sqlite.path)}`);
  }

  log(`eventlens: starting Electron ${electron.version}…`);
  return launch.spawnElectron(binary.path, [root, ...launch.args], {
    cwd: launch.cwd,
    env: { ...env, [SQLITE_BINDING_ENV]: sqlite.path },
  });
}

/**
 * Electron in the foreground: the terminal's stdio, Ctrl-C and SIGTERM passed on, its exit code returned (a signal
 * as 128 + its number, as a shell reports it).
 * @param {string} executable
 * @param {readonly string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv }} options
 * @returns {Promise<number>}
 */
export function spawnElectron(executable, args, { cwd, env }) {
  return new Promise((done) => {
    const child = spawn(executable, args, { cwd, env, stdio: 'inherit' });
    /** @type {NodeJS.Signals[]} */
    const forwarded = ['SIGINT', 'SIGTERM'];
    const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
    for (const signal of forwarded) process.on(signal, forward);
    const finish = (/** @type {number} */ code) => {
      for (const signal of forwarded) process.removeListener(signal, forward);
      done(code);
    };
    child.on('error', (error) => {
      console.error(`eventlens: could not start ${inertText(executable)} (${inertText(error.message, 160)}).`);
      finish(1);
    });
    child.on('close', (code, signal) => finish(code ?? 128 + (signal === null ? 0 : constants.signals[signal])));
  });
}

// Run as a script (not imported by a test): Node names the main module by its real path, so compare real paths.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await startDesktop({
    root: PROJECT_ROOT,
    args: process.argv.slice(2),
    cwd: process.env.INIT_CWD ?? process.cwd(),
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    build: async () => (await buildProject()).ok,
    installElectron: (electron) => installElectron(electron),
    fetchPrebuilt: (request) => fetchPrebuilt(PROJECT_ROOT, request),
    compileFromSource: (request) => compileFromSource(PROJECT_ROOT, request),
    spawnElectron,
    log: (line) => console.log(line),
    fail: (line) => console.error(line),
  });
}

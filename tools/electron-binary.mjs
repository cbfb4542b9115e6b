// The Electron executable `npm start` runs. The electron package (>= 42) downloads its binary lazily: requiring it
// runs install.js when dist/ is missing, with no time limit and an error that names no reason. So the path is worked
// out here the way node_modules/electron/index.js does, and the download is a separate, bounded, reported step.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inertText } from './inert-text.mjs';

/**
 * @typedef {object} ElectronPackage
 * @property {string} dir node_modules/electron
 * @property {string} version e.g. 45.5.0
 * @property {string} abi NODE_MODULE_VERSION of its Node (node_modules/electron/abi_version), e.g. 150
 */

/** @typedef {{ ok: true } | { ok: false, reason: string }} StepResult */

/**
 * Reads the installed electron package's version and ABI.
 * @param {string} root the project folder
 * @returns {ElectronPackage}
 */
export function electronPackage(root) {
  const dir = join(root, 'node_modules', 'electron');
  const { version } = /** @type {{ version: string }} */ (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
  const abiFile = join(dir, 'abi_version');
  // Electron packages before 42 ship no abi_version; the folder key still changes with the version.
  const abi = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : 'unknown';
  return { dir, version, abi };
}

/**
 * Where the executable is, as electron's index.js says: ELECTRON_OVERRIDE_DIST_PATH (a dist already on disk) first,
 * else dist/ inside the package, named by path.txt once install.js has run.
 * @param {ElectronPackage} electron
 * @param {NodeJS.ProcessEnv} env
 * @param {NodeJS.Platform} platform
 * @returns {string}
 */
export function electronExecutable(electron, env, platform) {
  const pathFile = join(electron.dir, 'path.txt');
  const inDist = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : executableName(platform);
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  return override ? join(override, inDist) : join(electron.dir, 'dist', inDist);
}

/**
 * The executable's path inside an Electron dist (the names install.js writes to path.txt).
 * @param {NodeJS.Platform} platform
 */
function executableName(platform) {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

/**
 * @typedef {object} EnsureElectronOptions
 * @property {ElectronPackage} electron
 * @property {NodeJS.ProcessEnv} env
 * @property {NodeJS.Platform} platform
 * @property {(electron: ElectronPackage) => Promise<StepResult>} installElectron the download (install.js)
 * @property {(line: string) => void} log
 */

/**
 * The Electron executable, downloaded first if missing; or the one line that says why there is none.
 * @param {EnsureElectronOptions} options
 * @returns {Promise<{ ok: true, path: string } | { ok: false, line: string }>}
 */
export async function ensureElectron({ electron, env, platform, installElectron, log }) {
  const path = electronExecutable(electron, env, platform);
  if (existsSync(path)) return { ok: true, path };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    return {
      ok: false,
      line: `eventlens: ELECTRON_OVERRIDE_DIST_PATH names no Electron executable (${inertText(path)} is missing). Point it at the folder of an unpacked Electron ${electron.version} build, or unset it to download one.`,
    };
  }
  log(`eventlens: downloading Electron ${electron.version} from GitHub (first start only, about 100 MB)…`);
  const installed = await installElectron(electron);
  const after = electronExecutable(electron, env, platform);
  if (installed.ok && existsSync(after)) return { ok: true, path: after };
  const reason = installed.ok ? `the download left no ${inertText(after)}` : inertText(installed.reason, 200);
  return {
    ok: false,
    line: `eventlens: could not download Electron ${electron.version} (${reason}). The browser host needs no Electron: npm run serve. With an Electron build on disk, set ELECTRON_OVERRIDE_DIST_PATH=DIR.`,
  };
}

// The two ways to an Electron build of better-sqlite3, each run in the throwaway package copy it is handed: the
// prebuilt addon better-sqlite3 publishes on GitHub for each Electron ABI (prebuild-install, seconds), else a compile
// from source by node-gyp against Electron's headers from electronjs.org (about two minutes).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { failureReason, runChild } from './child-run.mjs';

const PREBUILT_TIMEOUT_MS = 3 * 60_000;
const COMPILE_TIMEOUT_MS = 20 * 60_000;

/** @typedef {import('./electron-sqlite.mjs').SqliteBuildRequest} SqliteBuildRequest */
/** @typedef {import('./electron-binary.mjs').StepResult} StepResult */

/**
 * prebuild-install, as better-sqlite3's own install script runs it, but for the Electron runtime. It reads the
 * package.json of the folder it runs in and unpacks into that folder's build/.
 * @param {string} root the project folder
 * @param {SqliteBuildRequest} request
 * @param {number} [timeoutMs]
 * @returns {Promise<StepResult>}
 */
export async function fetchPrebuilt(root, request, timeoutMs = PREBUILT_TIMEOUT_MS) {
  const fromPackage = createRequire(join(root, 'node_modules', 'better-sqlite3', 'package.json'));
  const bin = resolveOrNull(fromPackage, 'prebuild-install/bin.js');
  if (bin === null) return { ok: false, reason: 'prebuild-install is not installed' };
  const args = ['--runtime', 'electron', '--target', request.electronVersion, '--arch', request.arch, '--platform', request.platform, '--verbose'];
  const result = await runChild(process.execPath, [bin, ...args], { cwd: request.packageDir, env: request.env, timeoutMs });
  if (result.code === 0 && !result.timedOut) return { ok: true };
  // "prebuild-install warn install getaddrinfo ENOTFOUND github.com"
  const pick = (/** @type {string[]} */ lines) =>
    lines.findLast((line) => line.startsWith('prebuild-install warn install '))?.slice('prebuild-install warn install '.length);
  return { ok: false, reason: failureReason(result, timeoutMs, pick) };
}

/**
 * npm's config names node-gyp reads from the environment, where they override its command line: npm start exports
 * the user's npmrc, and a `nodedir` there (this machine has nodedir=/usr) would compile against Node's headers.
 */
const GYP_OVERRIDES = /^npm_(config|package_config_node_gyp)_(nodedir|target|target_arch|arch|runtime|dist_url|disturl|debug)$/i;

/**
 * node-gyp rebuild against Electron's headers, in the package copy.
 * @param {string} root the project folder
 * @param {SqliteBuildRequest} request
 * @param {number} [timeoutMs]
 * @returns {Promise<StepResult>}
 */
export async function compileFromSource(root, request, timeoutMs = COMPILE_TIMEOUT_MS) {
  // The project's node-gyp (via electron-builder), else the one npm bundles (npm names it to scripts it runs).
  const gyp = resolveOrNull(createRequire(join(root, 'package.json')), 'node-gyp/bin/node-gyp.js') ?? request.env.npm_config_node_gyp;
  if (gyp === undefined || gyp === '') return { ok: false, reason: 'node-gyp is not installed' };
  const env = Object.fromEntries(Object.entries(request.env).filter(([name]) => !GYP_OVERRIDES.test(name)));
  const args = [
    'rebuild',
    '--release',
    `--target=${request.electronVersion}`,
    `--arch=${request.arch}`,
    '--dist-url=https://electronjs.org/headers',
    '--runtime=electron',
  ];
  const result = await runChild(process.execPath, [gyp, ...args], { cwd: request.packageDir, env, timeoutMs });
  if (result.code === 0 && !result.timedOut) return { ok: true };
  return { ok: false, reason: failureReason(result, timeoutMs, gypReason) };
}

/**
 * The reason in node-gyp's output: the headers download (its message blames "network connectivity"), a compiler
 * error, or its first error line.
 * @param {string[]} lines
 * @returns {string | undefined}
 */
function gypReason(lines) {
  if (lines.some((line) => /network connectivity|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(line))) {
    const url = lines.find((line) => line.startsWith('gyp http GET '))?.slice('gyp http GET '.length);
    return `could not download Electron's headers${url === undefined ? '' : ` from ${url}`}`;
  }
  return (
    lines.find((line) => /\berror:/.test(line) && !line.startsWith('gyp')) ??
    lines.find((line) => line.startsWith('gyp ERR! stack ') && /Error\b/.test(line))?.slice('gyp ERR! stack '.length) ??
    lines.find((line) => line.startsWith('gyp ERR! ') && !/ERR! (not ok|System|command|cwd|node -v|node-gyp -v)/.test(line))
  );
}

/**
 * @param {NodeJS.Require} require
 * @param {string} id
 * @returns {string | null}
 */
function resolveOrNull(require, id) {
  try {
    return require.resolve(id);
  } catch {
    return null;
  }
}

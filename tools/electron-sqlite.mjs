// better-sqlite3 built for Electron's ABI, which `npm start` hands the app through EVENTLENS_SQLITE_BINDING
// (electron/shell/native-binding.ts). node_modules/better-sqlite3/build keeps the Node build that the CLI, the browser
// host and the tests load: the Electron build is made in a temporary copy of the package and kept in a cache folder
// of its own, keyed by everything that makes an addon loadable (Electron version and ABI, platform, arch, and the
// better-sqlite3 version whose lib/ calls into it), so a changed Electron or better-sqlite3 gets a new build.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inertText } from './inert-text.mjs';

export const SQLITE_BINDING_ENV = 'EVENTLENS_SQLITE_BINDING';
const ADDON = 'better_sqlite3.node';

/**
 * What a builder is asked to do: leave build/Release/better_sqlite3.node inside `packageDir`, a throwaway copy of the
 * better-sqlite3 package.
 * @typedef {object} SqliteBuildRequest
 * @property {string} packageDir
 * @property {string} electronVersion
 * @property {string} platform
 * @property {string} arch
 * @property {NodeJS.ProcessEnv} env
 */

/** @typedef {(request: SqliteBuildRequest) => Promise<import('./electron-binary.mjs').StepResult>} SqliteBuilder */

/**
 * @typedef {object} EnsureSqliteOptions
 * @property {string} root the project folder
 * @property {string} [cacheRoot] where Electron builds are kept (node_modules/.cache/eventlens/electron-sqlite)
 * @property {import('./electron-binary.mjs').ElectronPackage} electron
 * @property {string} platform
 * @property {string} arch
 * @property {NodeJS.ProcessEnv} env
 * @property {SqliteBuilder} fetchPrebuilt better-sqlite3's prebuilt addon for the Electron runtime
 * @property {SqliteBuilder} compileFromSource node-gyp against Electron's headers
 * @property {(line: string) => void} log
 */

/** @typedef {'yours' | 'cached' | 'prebuilt' | 'compiled'} SqliteOrigin */

/**
 * The folder an Electron build of better-sqlite3 is kept in.
 * @param {string} cacheRoot
 * @param {{ electronVersion: string, abi: string, platform: string, arch: string, betterSqlite3Version: string }} key
 */
export function electronSqliteFolder(cacheRoot, { electronVersion, abi, platform, arch, betterSqlite3Version }) {
  return join(cacheRoot, `${electronVersion}-abi${abi}-${platform}-${arch}-better-sqlite3-${betterSqlite3Version}`);
}

/** @param {string} root */
export function defaultCacheRoot(root) {
  return join(root, 'node_modules', '.cache', 'eventlens', 'electron-sqlite');
}

/**
 * The path of an Electron build of better_sqlite3.node: the user's (EVENTLENS_SQLITE_BINDING), one built before,
 * or a new one (prebuilt, else compiled); or the one line that says why there is none.
 * @param {EnsureSqliteOptions} options
 * @returns {Promise<{ ok: true, path: string, origin: SqliteOrigin } | { ok: false, line: string }>}
 */
export async function ensureElectronSqlite(options) {
  const { root, electron, platform, arch, env, log } = options;
  const yours = env[SQLITE_BINDING_ENV];
  if (yours !== undefined && yours !== '') {
    if (yours.endsWith('.node') && existsSync(yours)) return { ok: true, path: yours, origin: 'yours' };
    return {
      ok: false,
      line: `eventlens: ${SQLITE_BINDING_ENV}=${inertText(yours)} is not an existing .node file. Name a better_sqlite3.node built for Electron ${electron.version}, or unset it to have one built.`,
    };
  }

  const packageDir = join(root, 'node_modules', 'better-sqlite3');
  const { version: betterSqlite3Version } = /** @type {{ version: string }} */ (
    JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
  );
  const key = { electronVersion: electron.version, abi: electron.abi, platform, arch, betterSqlite3Version };
  const folder = electronSqliteFolder(options.cacheRoot ?? defaultCacheRoot(root), key);
  const target = join(folder, ADDON);
  if (existsSync(target)) return { ok: true, path: target, origin: 'cached' };

  const work = mkdtempSync(join(tmpdir(), 'eventlens-electron-sqlite-'));
  try {
    // The tools write build/ where they run: a copy without the Node build keeps the real package untouched.
    const copy = join(work, 'better-sqlite3');
    const skipped = new Set([join(packageDir, 'build'), join(packageDir, 'node_modules')]);
    cpSync(packageDir, copy, { recursive: true, filter: (source) => !skipped.has(source) });
    const request = { packageDir: copy, electronVersion: electron.version, platform, arch, env };
    const built = join(copy, 'build', 'Release', ADDON);

    log(`eventlens: fetching better-sqlite3's prebuilt addon for Electron ${electron.version} (first start only)…`);
    const prebuilt = await options.fetchPrebuilt(request);
    if (prebuilt.ok && existsSync(built)) {
      install(built, folder, { ...key, origin: 'prebuilt' });
      return { ok: true, path: target, origin: 'prebuilt' };
    }
    const prebuiltReason = prebuilt.ok ? 'it left no addon' : inertText(prebuilt.reason, 160);

    log(`eventlens: no prebuilt addon (${prebuiltReason}); compiling better-sqlite3 for Electron ${electron.version} (first start only, about two minutes)…`);
    const compiled = await options.compileFromSource(request);
    if (compiled.ok && existsSync(built)) {
      install(built, folder, { ...key, origin: 'compiled' });
      return { ok: true, path: target, origin: 'compiled' };
    }
    const compileReason = compiled.ok ? 'it left no addon' : inertText(compiled.reason, 160);
    return {
      ok: false,
      line:
        `eventlens: could not build better-sqlite3 for Electron ${electron.version} (prebuilt: ${prebuiltReason}; compiling: ${compileReason}). ` +
        `The browser host needs no Electron: npm run serve. Or set ${SQLITE_BINDING_ENV} to a better_sqlite3.node built for Electron ${electron.version} (ABI ${electron.abi}).`,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Moves a finished addon into its folder: written under a temporary name then renamed, so a start that is killed
 * half-way leaves no addon that looks complete. The JSON beside it says how it was made.
 * @param {string} built
 * @param {string} folder
 * @param {Record<string, string>} madeBy
 */
function install(built, folder, madeBy) {
  mkdirSync(folder, { recursive: true });
  const partial = join(folder, `${ADDON}.${process.pid}.partial`);
  const note = join(folder, `made-by.json.${process.pid}.partial`);
  writeFileSync(note, `${JSON.stringify({ ...madeBy, madeAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(note, join(folder, 'made-by.json'));
  copyFileSync(built, partial);
  renameSync(partial, join(folder, ADDON));
}

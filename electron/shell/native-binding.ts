// better-sqlite3 inside Electron needs an addon built for Electron's ABI, not Node's.
//
// Packaged builds get one from electron-builder: `npmRebuild` rebuilds node_modules/better-sqlite3 against the
// Electron version being packaged, and `asarUnpack` keeps the .node file outside the asar where it can be loaded.
// In development node_modules holds the Node build the tests and CLI use, so an Electron build kept elsewhere is
// named by EVENTLENS_SQLITE_BINDING and passed to better-sqlite3 as its `nativeBinding`: `npm start`
// (tools/start-desktop.mjs) makes that build and sets the variable. The journal service's process applies it
// (service-process.ts): that is where SQLite is read, in Electron's Node.
import { existsSync } from 'node:fs';
import { useSqliteBinding } from '../readers/sqlite-reader.js';

export const SQLITE_BINDING_ENV = 'EVENTLENS_SQLITE_BINDING';

/** Applies EVENTLENS_SQLITE_BINDING when it names an existing .node file; returns the path used, if any. */
export function configureSqliteBinding(env: NodeJS.ProcessEnv): string | null {
  const path = env[SQLITE_BINDING_ENV];
  if (path === undefined || path === '') return null;
  if (!path.endsWith('.node') || !existsSync(path)) {
    console.warn(`Eventlens: ${SQLITE_BINDING_ENV}=${path} is not an existing .node file; using better-sqlite3's own addon.`);
    return null;
  }
  useSqliteBinding(path);
  return path;
}

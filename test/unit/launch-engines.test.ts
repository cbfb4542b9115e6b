// The Node versions the README names, checked against what every installed package says it needs (package-lock.json):
// `npm install` on the named version warns EBADENGINE for nothing, and what the app needs at run time (the CLI, the
// browser host) accepts the oldest Node that package.json's engines allow.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// semver comes with npm's own toolchain (eslint-plugin-svelte, node-abi, …), hoisted to node_modules/semver; it ships
// no types, so the two calls used here are typed here.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

/**
 * The Node the README names for everything, the desktop app included. Electron's packages need 22.12, but eslint 10
 * (`^20.19.0 || ^22.13.0 || >=24`) refuses 22.12 itself: 22.13 is the oldest 22.x every package accepts.
 */
const FULL_NODE = '22.13.0';
/** The oldest Node the app runs on (package.json's engines): its runtime dependencies must accept it. */
const RUNTIME_NODE = '20.10.0';
/** On Node 20 the build and test tools (vite 8, rolldown, eslint 10) need 20.19, when require() of ES modules came. */
const NODE_20_TOOLS = '20.19.0';
/** The packages that refuse Node 20 altogether: Electron's own, which only `npm start` and `npm run dist` use. */
const ELECTRON_ONLY = [
  'node_modules/@electron-internal/extract-zip',
  'node_modules/@electron/get',
  'node_modules/@electron/rebuild',
  'node_modules/@electron/rebuild/node_modules/node-abi',
  'node_modules/electron',
];

interface LockedPackage {
  version?: string;
  dev?: boolean;
  engines?: { node?: string } | string[];
}

const lock = JSON.parse(readFileSync(join(import.meta.dirname, '../../package-lock.json'), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};
const withNodeRange = Object.entries(lock.packages).flatMap(([path, locked]) => {
  const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
  return range === undefined ? [] : [{ path: path === '' ? '(eventlens)' : path, range, dev: locked.dev === true }];
});
const refusing = (version: string, packages = withNodeRange) =>
  packages.filter(({ range }) => !semver.satisfies(version, range)).map(({ path, range }) => `${path} (${range})`);

describe('engines in package-lock.json', () => {
  it('names a Node range for many packages (the lockfile is read as meant)', () => {
    expect(withNodeRange.length).toBeGreaterThan(100);
    expect(withNodeRange.find(({ path }) => path === 'node_modules/electron')?.dev).toBe(true);
  });

  it(`every package accepts Node ${FULL_NODE}, the version the README names`, () => {
    expect(refusing(FULL_NODE)).toEqual([]);
  });

  it(`every package the app needs at run time accepts Node ${RUNTIME_NODE}, the oldest package.json allows`, () => {
    const root = lock.packages[''];
    expect(Array.isArray(root?.engines) ? undefined : semver.minVersion(root?.engines?.node ?? '')?.version).toBe(RUNTIME_NODE);
    expect(refusing(RUNTIME_NODE, withNodeRange.filter(({ dev }) => !dev))).toEqual([]);
  });

  it(`on Node ${NODE_20_TOOLS} only Electron's own packages refuse: building, testing and the CLI work there`, () => {
    expect(refusing(NODE_20_TOOLS).map((entry) => entry.replace(/ \(.*$/, '')).sort()).toEqual(ELECTRON_ONLY);
  });
});

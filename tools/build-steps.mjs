// The steps of package.json's `build` script, each with what it reads and what it must leave behind, so that
// build-changed.mjs can skip a step whose inputs are unchanged. The steps and their commands come from package.json
// itself: `npm run build` stays the one definition of a build, and a step added there that is not described here
// simply always runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {object} BuildStep
 * @property {string} name the stamp's name (dist/.build-stamps/NAME.json)
 * @property {string} label what it does, for the one line said when it runs
 * @property {string} command the shell command, as package.json spells it
 * @property {readonly string[] | null} inputs what it reads (see content-hash.mjs); null: unknown, so it always runs
 * @property {(inputs: readonly string[]) => string[]} outputs files that must exist for it to count as done
 */

/** Dependencies come in through the lockfile: a changed svelte, vite or typescript rebuilds what it builds. */
const LOCKFILE = 'package-lock.json';

/** What each part of `build` reads and writes, by the part's text in package.json. */
const KNOWN = {
  'npm run build:node': {
    name: 'node',
    label: 'compiling main-process code (tsc)',
    inputs: ['electron', 'shared', 'tsconfig*.json', LOCKFILE],
    // One .js per compiled .ts: a deleted dist/electron/shell/ is noticed, not only a deleted main.js.
    // electron/preload.ts is esbuild's (tsconfig.build.json excludes it).
    /** @param {readonly string[]} inputs */
    outputs: (inputs) =>
      inputs
        .filter((file) => /^(electron|shared)\/.*(?<!\.d)\.ts$/.test(file) && file !== 'electron/preload.ts')
        .map((file) => `dist/${file.replace(/\.ts$/, '.js')}`),
  },
  'npm run build:cli': {
    name: 'cli',
    label: "bundling the CLI's start (esbuild)",
    // What tsc reads, so that whenever tsc rewrites dist/electron/cli/ this runs after it; and the bundling script.
    inputs: ['electron', 'shared', 'tsconfig*.json', 'tools/build-cli.mjs', LOCKFILE],
    outputs: () => ['dist/electron/cli/main.js', 'dist/electron/cli/info-command.js'],
  },
  'npm run build:preload': {
    name: 'preload',
    label: 'bundling the preload script (esbuild)',
    // The bundle pulls in whatever the preload imports: all of electron/ and shared/ rather than a guessed list.
    inputs: ['electron', 'shared', LOCKFILE],
    outputs: () => ['dist/electron/preload.cjs'],
  },
  'npm run build:renderer': {
    name: 'renderer',
    label: 'building the renderer (vite)',
    inputs: ['renderer', 'shared', 'vite.config.ts', 'svelte.config.js', 'tsconfig.json', LOCKFILE],
    outputs: () => ['dist/renderer/index.html'],
  },
  'node dist/electron/sample/write-sample.js': {
    name: 'sample',
    label: 'writing the sample journal',
    // The generator as tsc left it: a change to its source reaches here only through a changed compile.
    inputs: ['dist/electron/sample'],
    outputs: () => ['dist/sample/sample-journal.ndjson'],
  },
};

/**
 * The build steps of the project at `root`, in package.json's order.
 * @param {string} root
 * @returns {BuildStep[]}
 */
export function buildSteps(root) {
  const { scripts = {} } = /** @type {{ scripts?: Record<string, string> }} */ (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  );
  if (scripts.build === undefined) throw new Error('package.json has no build script');
  return scripts.build.split(/\s*&&\s*/).map((part, index) => {
    const script = /^npm run ([\w:.-]+)$/.exec(part)?.[1];
    const command = script === undefined ? part : scripts[script];
    if (command === undefined) throw new Error(`package.json's build runs ${part}, which is not a script`);
    const known = /** @type {Record<string, Omit<BuildStep, 'command'>>} */ (KNOWN)[part];
    return known === undefined
      ? { name: `step-${index + 1}`, label: `running ${part}`, command, inputs: null, outputs: () => [] }
      : { ...known, command };
  });
}

// `npm run build:cli`, after tsc: the CLI's start as two bundles over tsc's own files, so `eventlens --help`,
// `--version` and `info` on a cached journal load a few modules instead of about twenty (Node's ES module loader
// costs a millisecond or more per module; a trivial command must answer within 150 ms, test/bench/cli-start.mjs).
//
// dist/electron/cli/main.js (the bin) and info-command.js are rewritten, each with the modules of START inlined
// (run.ts, which main.ts loads with import(), is inlined too and still runs only when called); every other import
// stays an import of tsc's output, loaded when a command needs it, as before. info-command.js stays a file of its
// own: what it imports (node:crypto among them) would otherwise load for --help too. Which modules are inlined decides speed only,
// never behaviour: an unbundled dist (after `npm run build:node` alone) runs the same.
//
// A copy of a START module may load beside tsc's (`info` finds no cache, and opens the journal with the service), so
// START holds no module whose state the rest of the process shares: shared/contract.ts stays out (its JournalError is
// checked with instanceof across the process), as does a module that finds a file from its own location
// (electron/sample/sample-path.ts). sqlite-open's addon choice and cache-folder's held entries are set only by the app
// and by open stores, never on the way to a cached `info`.
import { build } from 'esbuild';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundles: each entry and the modules it inlines, written over tsc's file of the same name. */
const ENTRIES = ['electron/cli/main.ts', 'electron/cli/info-command.ts'];

/** What --help, --version and a cached `info` run, besides Node's own modules and better-sqlite3. */
const START = new Set([
  ...ENTRIES,
  'electron/cli/run.ts',
  'electron/cli/args.ts',
  'electron/cli/usage.ts',
  'electron/cli/terminal-text.ts',
  'electron/cli/output.ts',
  'shared/model.ts',
  'shared/deep-json.ts',
  'electron/service/app-version.ts',
  'electron/store/cache-lookup.ts',
  'electron/store/summary-card.ts',
  'electron/store/cache-key.ts',
  'electron/store/cached-summary.ts',
  'electron/store/summary-schema.ts',
  'electron/store/evidence.ts',
  'electron/store/cache-folder.ts',
  'electron/readers/sqlite-magic.ts',
  'electron/readers/sqlite-open.ts',
  'electron/readers/json/record-limit.ts',
]);

const OUT = join(ROOT, 'dist', 'electron', 'cli');

/** A project path with `/` separators, as START spells it. */
const projectPath = (/** @type {string} */ file) => relative(ROOT, file).split(sep).join('/');

await build({
  entryPoints: ENTRIES.map((entry) => join(ROOT, entry)),
  outdir: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  allowOverwrite: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'start-modules-only',
      setup(builder) {
        // Packages (better-sqlite3, and whatever a command loads) stay packages, as tsc leaves them.
        builder.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, external: true }));
        builder.onResolve({ filter: /^\.\.?\// }, (args) => {
          const source = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
          const path = projectPath(source);
          const inlined = (args.kind === 'import-statement' || args.kind === 'dynamic-import') && START.has(path) && !ENTRIES.includes(path);
          if (inlined) return { path: source };
          // Anything else is tsc's file, imported from where this bundle lies (dist/electron/cli/).
          const built = relative(OUT, join(ROOT, 'dist', path.replace(/\.ts$/, '.js'))).split(sep).join('/');
          return { path: built.startsWith('.') ? built : `./${built}`, external: true };
        });
      },
    },
  ],
});

// The CLI's start-up, beside Node's own: `node -e 0`, `eventlens --help`, `--version` and `info` on the sample journal
// (3,016 events) answered from its cache, each the median wall-clock time of N runs in fresh processes. The commands
// take turns run by run, so a busy moment of the machine falls on all of them alike. The target: a trivial command
// answers within 150 ms (and ideally within about 50 ms of Node starting at all).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/electron/cli/main.js');
const SAMPLE = join(ROOT, 'dist/sample/sample-journal.ndjson');
export const CLI_START_TARGET_MS = 150;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * @param {{ runs?: number, log?: (line: string) => void }} [options]
 * @returns {{ runs: number, loadAverage: number, nodeMs: number, helpMs: number, versionMs: number, infoCachedMs: number }}
 */
export function measureCliStart({ runs = 21, log = () => {} } = {}) {
  // `npm run bench` builds the code only: the sample is written by the full build, or here.
  if (!existsSync(SAMPLE)) execFileSync(process.execPath, [join(ROOT, 'dist/electron/sample/write-sample.js')], { stdio: 'ignore' });
  // A cache folder of its own (XDG_CACHE_HOME, where the CLI keeps caches on Linux), warmed first: the first info
  // builds the sample's cache, the second leaves its summary card (store/summary-card.ts) that later ones answer from.
  const cacheHome = mkdtempSync(join(tmpdir(), 'eventlens-bench-cli-'));
  const env = { ...process.env, XDG_CACHE_HOME: cacheHome };
  const commands = {
    nodeMs: ['-e', '0'],
    helpMs: [CLI, '--help'],
    versionMs: [CLI, '--version'],
    infoCachedMs: [CLI, 'info', SAMPLE],
  };
  const once = (args) => {
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const ms = performance.now() - start;
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return ms;
  };
  try {
    log(`CLI start: ${runs} runs of each command …`);
    once(commands.infoCachedMs);
    once(commands.infoCachedMs);
    const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
    for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(commands)) times[name].push(once(args));
    // The machine's load over the last minute, as the runs ended: start-up times on a busy machine run long.
    return { runs, loadAverage: loadavg()[0], ...Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, median(ms)])) };
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
}

/** The bench table's rows: [measure, ms, target or null for the reference]. */
export function cliStartRows(figures) {
  const target = `≤ ${CLI_START_TARGET_MS} ms`;
  return [
    [`CLI start: node -e 0 (Node alone, the reference), median of ${figures.runs}`, figures.nodeMs, null],
    ['CLI start: eventlens --help', figures.helpMs, target],
    ['CLI start: eventlens --version', figures.versionMs, target],
    ['CLI start: eventlens info on the cached sample (3,016 events)', figures.infoCachedMs, target],
  ];
}

export function cliStartNote(figures) {
  const over = (ms) => `+${(ms - figures.nodeMs).toFixed(0)} ms`;
  return (
    `CLI start beside node -e 0: --help ${over(figures.helpMs)}, --version ${over(figures.versionMs)}, cached info ` +
    `${over(figures.infoCachedMs)} (ideally within ~50 ms); load average ${figures.loadAverage.toFixed(1)} as it was measured.`
  );
}

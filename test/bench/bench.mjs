// `npm run bench`: Eventlens against the tools a user would otherwise reach for, on the same journal, in one run.
// Prints a table; with --json, the same figures as one JSON document. `--only cli-start` measures only the CLI's
// start-up (cli-start.mjs: seconds, no 1M-event dataset); `--runs N` sets its number of runs (21). `--only postgres`
// measures only the live PostgreSQL store of 10M events (postgres.mjs: minutes, most of them writing it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliStartNote, cliStartRows, measureCliStart } from './cli-start.mjs';
import { ensureDataset } from './dataset.mjs';
import { measurePostgres, postgresNotes, postgresRows } from './postgres.mjs';

const asJson = process.argv.includes('--json');
const log = (line) => process.stderr.write(line + '\n');
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
};
const only = option('--only');
if (only !== undefined && only !== 'cli-start' && only !== 'postgres') throw new Error(`--only takes cli-start or postgres, not ${JSON.stringify(only)}`);
const runs = Number(option('--runs') ?? 21);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs, 1 or more');
const pass = (value, target) => (value <= Number(target.replace(/[^\d]/g, '')) ? 'ok' : 'OVER');
/** Table rows [measure, ms, target]; a row without a target is a reference figure. */
function printRows(rows) {
  for (const [name, value, target] of rows) console.log(`| ${name} | ${value.toFixed(0)} ms | ${target ?? '—'} | ${target ? pass(value, target) : ''} |`);
}

/** The PostgreSQL section: its table rows and notes. */
function printPostgres(postgres) {
  printRows(postgresRows(postgres));
  console.log(`| PostgreSQL 10M: peak memory, our side | ${postgres.peakMb} MB | ≤ 300 MB | ${postgres.peakMb <= 300 ? 'ok' : 'OVER'} |`);
}

if (only === 'postgres') {
  ensureTool('psql', 'postgresql-client');
  const postgres = await measurePostgres(log);
  if (asJson) {
    console.log(JSON.stringify({ postgres }, null, 2));
  } else {
    console.log('| measure | Eventlens | target | |');
    console.log('|---|---:|---:|---|');
    printPostgres(postgres);
    console.log('');
    for (const note of postgresNotes(postgres)) console.log(note);
  }
  process.exit(0);
}

// First, while nothing else of the bench has loaded the machine: a trivial command's start-up.
const cliStart = measureCliStart({ runs, log });
if (only === 'cli-start') {
  if (asJson) {
    console.log(JSON.stringify({ cliStart }, null, 2));
  } else {
    console.log('| measure | Eventlens | target | |');
    console.log('|---|---:|---:|---|');
    printRows(cliStartRows(cliStart));
    console.log('');
    console.log(cliStartNote(cliStart));
  }
  process.exit(0);
}
const PROBE = new URL('./probe.mjs', import.meta.url).pathname;

function ensureTool(command, aptPackage) {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status === 0) return;
  log(`installing ${aptPackage} from apt …`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  execFileSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-qq', aptPackage], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function probe(mode, file, cacheDir) {
  const out = execFileSync(process.execPath, [PROBE, mode, file, cacheDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').at(-1));
}

/** Wall time of a shell pipeline, best of `runs`. */
function shellMs(script, runs = 3) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    execFileSync('sh', ['-c', script], { stdio: ['ignore', 'ignore', 'inherit'] });
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

ensureTool('sqlite3', 'sqlite3');
ensureTool('jq', 'jq');
const files = await ensureDataset(log);
const cache = mkdtempSync(join(tmpdir(), 'eventlens-bench-cache-'));

try {
  log('SQLite: cold and second opens …');
  const sqliteCold = [];
  const sqliteSecond = [];
  for (let i = 0; i < 3; i++) {
    rmSync(join(cache, 'journals'), { recursive: true, force: true });
    sqliteCold.push(probe('open', files.sqlite, cache));
    sqliteSecond.push(probe('open', files.sqlite, cache));
  }
  log('NDJSON: first opens and reopens …');
  const ndjsonFirstRuns = [];
  const ndjsonReopen = [];
  for (let i = 0; i < 3; i++) {
    rmSync(join(cache, 'journals'), { recursive: true, force: true });
    ndjsonFirstRuns.push(probe('open', files.ndjson, cache));
    ndjsonReopen.push(probe('open', files.ndjson, cache));
  }
  const ndjsonFirst = ndjsonFirstRuns.find((run) => run.ms === median(ndjsonFirstRuns.map((r) => r.ms)));
  log('queries …');
  const ndjsonQueries = probe('queries', files.ndjson, cache);
  const sqliteQueries = probe('queries', files.sqlite, cache);
  log('replay jumps …');
  const jumps = probe('jump', files.longStream, cache);
  log('sqlite3 CLI and jq on the same question …');
  const sqlite3Ms = shellMs(`sqlite3 '${files.sqlite}' 'SELECT stream_id, count(*) FROM events GROUP BY stream_id'`);
  // Eventlens' opens are medians of three; the other tools get their best of three, so a ratio never flatters Eventlens.
  const jqMs = shellMs(`jq -r .stream '${files.ndjson}' | sort | uniq -c`, 3);

  const figures = {
    sqliteOpenColdMs: median(sqliteCold.map((r) => r.ms)),
    sqliteOpenSecondMs: median(sqliteSecond.map((r) => r.ms)),
    ndjsonOpenFirstMs: ndjsonFirst.ms,
    ndjsonReopenMs: median(ndjsonReopen.map((r) => r.ms)),
    ratesMaxMs: Math.max(...Object.values(ndjsonQueries.rates), ...Object.values(sqliteQueries.rates)),
    pageMaxMs: Math.max(...Object.values(ndjsonQueries.pages), ...Object.values(sqliteQueries.pages)),
    jumpMaxMs: Math.max(...Object.values(jumps.jumps)),
    jumpFirstMs: jumps.first,
    peakMemoryMb: Math.max(...ndjsonFirstRuns.map((r) => r.peakMb), ...sqliteCold.map((r) => r.peakMb), ndjsonQueries.peakMb, sqliteQueries.peakMb),
    sqlite3GroupByMs: sqlite3Ms,
    jqSortUniqMs: jqMs,
    cliStart,
    detail: { rates: { ndjson: ndjsonQueries.rates, sqlite: sqliteQueries.rates }, pages: { ndjson: ndjsonQueries.pages, sqlite: sqliteQueries.pages }, jumps: jumps.jumps },
  };
  ensureTool('psql', 'postgresql-client');
  figures.postgres = await measurePostgres(log);
  figures.sqliteVsSqlite3 = figures.sqliteOpenColdMs / figures.sqlite3GroupByMs;
  figures.jqVsNdjson = figures.jqSortUniqMs / figures.ndjsonOpenFirstMs;

  if (asJson) {
    console.log(JSON.stringify(figures, null, 2));
  } else {
    const rows = [
      ['SQLite: open to stream list, cold', figures.sqliteOpenColdMs, '≤ 1000 ms'],
      ['SQLite: open to stream list, second open', figures.sqliteOpenSecondMs, '≤ 300 ms'],
      ['NDJSON: open to stream list, first open', figures.ndjsonOpenFirstMs, '≤ 6000 ms'],
      ['NDJSON: reopen with cache', figures.ndjsonReopenMs, '≤ 500 ms'],
      ['rate series, whole journal, slowest bucket size', figures.ratesMaxMs, '≤ 150 ms'],
      ['page of 200, slowest offset and filter', figures.pageMaxMs, '≤ 50 ms'],
      ['replay jump to any version of a 100,000-event stream, slowest', figures.jumpMaxMs, '≤ 16 ms'],
    ];
    console.log('| measure | Eventlens | target | |');
    console.log('|---|---:|---:|---|');
    printRows([...rows, ...cliStartRows(cliStart)]);
    console.log(`| peak memory, Node side, 1M events open | ${figures.peakMemoryMb} MB | ≤ 1024 MB | ${figures.peakMemoryMb <= 1024 ? 'ok' : 'OVER'} |`);
    printPostgres(figures.postgres);
    console.log('');
    console.log(`sqlite3 CLI GROUP BY stream: ${sqlite3Ms.toFixed(0)} ms; Eventlens cold SQLite open is ${figures.sqliteVsSqlite3.toFixed(2)}× that (target ≤ 1.5×)`);
    console.log(`The first jump in that stream walks it once to keep its checkpoints: ${figures.jumpFirstMs.toFixed(0)} ms.`);
    console.log(`jq + sort | uniq -c: ${jqMs.toFixed(0)} ms; Eventlens first NDJSON open is ${figures.jqVsNdjson.toFixed(1)}× faster`);
    console.log(cliStartNote(cliStart));
    for (const note of postgresNotes(figures.postgres)) console.log(note);
  }
} finally {
  rmSync(cache, { recursive: true, force: true });
}

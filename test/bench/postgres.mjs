// `npm run bench -- --only postgres`: a live Message DB store of 10,000,000 events in a throwaway PostgreSQL
// (the tests' own cluster helper), Eventlens against psql's own GROUP BY on the same table, in the same run.
// EVENTLENS_TEST_PG (a superuser URL) reuses a server, and the dataset in it when it is already there.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import pg from 'pg';

const ROOT = new URL('../..', import.meta.url).pathname;
export const PG_EVENTS = 10_000_000;
/** One long stream for the replay jump, and the rest spread over this many streams. */
const LONG_STREAM = 100_000;
const STREAMS = 100_000;
const DATABASE = 'eventlens_bench_10m';

/** The tests' cluster and Message DB writer, bundled for plain Node (inside the project, so packages resolve). */
async function loadSupport() {
  const out = join(ROOT, 'node_modules/.cache/eventlens-bench');
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { cluster: join(ROOT, 'test/support/pg/cluster.ts'), 'message-db': join(ROOT, 'test/support/pg/message-db.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outdir: out,
    packages: 'external',
    logLevel: 'warning',
  });
  const cluster = await import(pathToFileURL(join(out, 'cluster.js')).href);
  const messageDb = await import(pathToFileURL(join(out, 'message-db.js')).href);
  return { startPg: cluster.startPg, writeMessageDb: messageDb.writeMessageDb };
}

async function ensureDataset(server, writeMessageDb, log) {
  const admin = new pg.Client(server.url);
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount > 0;
  if (!exists) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${DATABASE}`;
  const client = new pg.Client(url.toString());
  await client.connect();
  try {
    const installed = (await client.query("SELECT 1 FROM pg_namespace WHERE nspname = 'message_store'")).rowCount > 0;
    if (installed) {
      const count = Number((await client.query('SELECT count(*) AS n FROM message_store.messages')).rows[0].n);
      if (count === PG_EVENTS) return url.toString();
      await client.query('TRUNCATE message_store.messages');
    } else {
      await writeMessageDb(url.toString(), [], false);
    }
    log(`PostgreSQL: writing ${PG_EVENTS.toLocaleString('en-US')} events into Message DB (a few minutes) …`);
    const spread = PG_EVENTS - LONG_STREAM;
    const chunk = 1_000_000;
    for (let from = 0; from < spread; from += chunk) {
      const to = Math.min(spread, from + chunk) - 1;
      // Stream k gets events i with i % STREAMS = k, numbered 0, 1, 2 … (Message DB counts from 0), an hour apart each 3,600.
      await client.query(
        `INSERT INTO message_store.messages (stream_name, position, type, data, time)
         SELECT 'account-' || (i % ${STREAMS}), i / ${STREAMS}, (ARRAY['opened', 'deposited', 'withdrawn', 'closed'])[1 + i % 4],
                jsonb_build_object('amount', i % 1000, 'note', 'transfer ' || i), timestamp '2026-01-01' + i * interval '1 second'
         FROM generate_series($1::bigint, $2::bigint) i`,
        [from, to],
      );
      log(`  ${(to + 1).toLocaleString('en-US')} …`);
    }
    await client.query(
      `INSERT INTO message_store.messages (stream_name, position, type, data, time)
       SELECT 'ledger-1', i, CASE WHEN i % 2 = 0 THEN 'posted' ELSE 'reversed' END, jsonb_build_object('amount', i % 1000, 'k' || (i % 50), i),
              timestamp '2026-06-01' + i * interval '1 second'
       FROM generate_series(0, ${LONG_STREAM - 1}) i`,
    );
    await client.query('VACUUM ANALYZE message_store.messages');
    return url.toString();
  } finally {
    await client.end();
  }
}

/** Wall time of psql's own stream list (best of three), with psql's start included as a user would run it. */
function psqlGroupByMs(url) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    execFileSync('psql', [url, '-X', '-q', '-o', '/dev/null', '-c', 'SELECT stream_name, count(*) FROM message_store.messages GROUP BY stream_name'], { stdio: ['ignore', 'ignore', 'inherit'] });
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export async function measurePostgres(log) {
  const { startPg, writeMessageDb } = await loadSupport();
  log('PostgreSQL: starting a throwaway server …');
  const server = await startPg();
  try {
    const url = await ensureDataset(server, writeMessageDb, log);
    log('PostgreSQL: psql GROUP BY and Eventlens on the same table …');
    const psqlMs = psqlGroupByMs(url);
    const probe = execFileSync(process.execPath, [join(ROOT, 'test/bench/pg-probe.mjs'), url], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
    const figures = JSON.parse(probe.trim().split('\n').at(-1));
    return { ...figures, psqlGroupByMs: psqlMs, streamListVsPsql: figures.streamListMs / psqlMs };
  } finally {
    // A server given by EVENTLENS_TEST_PG keeps its dataset for the next run; our own goes with its folder.
    await server.stop();
  }
}

export function postgresRows(figures) {
  return [
    ['PostgreSQL 10M: stream list, counts and versions as first shown (best of 3)', figures.streamListMs],
    ['PostgreSQL 10M: then the streams\' times and the type counts (full re-read, best of 3)', figures.detailsMs],
    ['PostgreSQL 10M: psql GROUP BY stream_name (best of 3)', figures.psqlGroupByMs],
    ['PostgreSQL 10M: page of 200, slowest offset', figures.pageMaxMs, '≤ 50 ms'],
    ['PostgreSQL 10M: page of 200 in the 100,000-event stream, slowest offset', figures.streamPageMaxMs, '≤ 50 ms'],
    ['PostgreSQL 10M: replay jump in a 100,000-event stream, slowest', figures.jumpMaxMs, '≤ 16 ms'],
  ];
}

export function postgresNotes(figures) {
  return [
    `PostgreSQL 10M: Eventlens' stream list is ${figures.streamListVsPsql.toFixed(2)}× psql's GROUP BY (target ≤ 1.5×); open to first summary ${figures.openMs.toFixed(0)} ms; the streams' times and the type counts follow, a full re-read taking ${figures.detailsMs.toFixed(0)} ms (${(figures.detailsMs / figures.psqlGroupByMs).toFixed(2)}× psql).`,
    `PostgreSQL 10M: the first walk of the 100,000-event stream took ${figures.jumpFirstMs.toFixed(0)} ms; pages: ${Object.entries(figures.pages).map(([offset, ms]) => `${offset} ${ms.toFixed(1)} ms`).join(', ')}; in the stream: ${Object.entries(figures.streamPages).map(([offset, ms]) => `${offset} ${ms.toFixed(1)} ms`).join(', ')}.`,
    `PostgreSQL 10M: peak memory on our side ${figures.peakMb} MB (target ≤ 300 MB).`,
  ];
}

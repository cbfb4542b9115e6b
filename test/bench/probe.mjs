// One measurement in a fresh process, so every open is a real first (or second) open: prints one JSON line.
//   node probe.mjs open FILE CACHE_DIR       time from openJournal to the stream list
//   node probe.mjs queries FILE CACHE_DIR    rate series, pages of 200 and their filters, on an opened journal
//   node probe.mjs jump FILE CACHE_DIR       replay jumps in a 100,000-event stream
import { JournalService } from '../../dist/electron/service/journal-service.js';

const [mode, file, cacheDir] = process.argv.slice(2);
const service = new JournalService({ samplePath: file, cacheDir });
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function timed(action) {
  const start = performance.now();
  const value = await action();
  return { ms: performance.now() - start, value };
}

async function open() {
  const { ms, value } = await timed(async () => {
    await service.openJournal({ path: file });
    return service.streams({});
  });
  return { ms, streams: value.length, peakMb: peakMb() };
}

async function queries() {
  const summary = await service.openJournal({ path: file });
  // Steady state: a SQLite store read in place gets its narrow index in the background first.
  const settling = await timed(() => service.settled());
  const rates = {};
  for (const bucket of ['auto', '1m', '1h', '1d']) rates[bucket] = (await timed(() => service.rates({ bucket }))).ms;
  const streams = await service.streams({});
  const middle = streams[Math.floor(streams.length / 2)].stream;
  const from = new Date(Date.parse(summary.firstTime) + 30 * 86_400_000).toISOString();
  const to = new Date(Date.parse(summary.firstTime) + 31 * 86_400_000).toISOString();
  const filters = { none: {}, stream: { stream: middle }, type: { types: [summary.types[5].type] }, time: { from, to }, 'type+time': { types: [summary.types[0].type], from, to } };
  const pages = {};
  for (const [name, filter] of Object.entries(filters)) {
    const total = (await service.events({ ...filter, limit: 1 })).total;
    for (const offset of [0, Math.floor(total / 2), Math.max(0, total - 200)]) {
      pages[`${name} @${offset}`] = (await timed(() => service.events({ ...filter, offset, limit: 200 }))).ms;
    }
  }
  return { rates, pages, indexMs: settling.ms, peakMb: peakMb() };
}

/** Jumps as the Replay panel makes them: the first walks the stream once (keeping checkpoints), the rest reuse them. */
async function jump() {
  await service.openJournal({ path: file });
  const [{ stream, events }] = await service.streams({});
  const first = (await timed(() => service.replayAt({ stream, count: events }))).ms;
  const jumps = {};
  // Spread over the whole stream, in an order that never walks forward from the previous jump.
  for (const count of [1, events, Math.floor(events / 2), 12_345, events - 1, 77_777, 256, 99_999, 3]) {
    jumps[count] = (await timed(() => service.replayAt({ stream, count }))).ms;
  }
  return { first, jumps, peakMb: peakMb() };
}

const result = await { open, queries, jump }[mode]();
service.close();
console.log(JSON.stringify(result));

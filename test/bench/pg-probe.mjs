// Measures Eventlens against a live store in a process of its own (so its peak memory is ours alone): the stream
// list as the app first shows it (counts and version ranges, one snapshot), the streams' times and type counts that
// follow, pages at offsets across the journal and across its longest stream, and replay jumps in that stream after
// its first walk.
// Prints one JSON line. Usage: node pg-probe.mjs URL
import { JournalService } from '../../dist/electron/service/journal-service.js';

const url = process.argv[2];
// As the app's service: a large store answers its open with the stream list's counts.
const service = new JournalService({ samplePath: '', liveListFirst: true });

const opened = performance.now();
const summary = await service.openJournal({ path: url });
const openMs = performance.now() - opened;
// The store itself, to time its stream list alone (what the open does after recognising the store).
const store = service['store'];
await service.followLive({ follow: false });

await store.detailed();
// The stream list as the open gives it (counts and versions); its times and the type counts are then awaited apart,
// so no measure overlaps another.
let streamListMs = Infinity;
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  await store.open(0);
  streamListMs = Math.min(streamListMs, performance.now() - start);
  await store.detailed();
}
let detailsMs = Infinity;
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  await store.refresh();
  detailsMs = Math.min(detailsMs, performance.now() - start);
}
store.notePages();
await store.settled();

const pages = {};
for (const offset of [0, 1_000_000, 5_000_000, 7_777_777, summary.events - 200]) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const page = await service.events({ offset, limit: 200 });
    best = Math.min(best, performance.now() - start);
    if (page.events.length !== 200) throw new Error(`a page at ${offset} held ${page.events.length} events`);
  }
  pages[offset] = best;
}

// Pages of the long stream, from the keys noted within it once its first page was asked for.
await service.events({ stream: 'ledger-1', offset: 0, limit: 1 });
await store.settled();
const streamPages = {};
for (const offset of [0, 25_000, 50_001, 99_800]) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const page = await service.events({ stream: 'ledger-1', offset, limit: 200 });
    best = Math.min(best, performance.now() - start);
    if (page.events.length !== 200) throw new Error(`a page of ledger-1 at ${offset} held ${page.events.length} events`);
  }
  streamPages[offset] = best;
}

const walked = performance.now();
await service.replayAt({ stream: 'ledger-1', count: 100_000 });
const jumpFirstMs = performance.now() - walked;
const jumps = {};
for (const count of [1, 25_000, 50_001, 73_412, 99_999, 100_000]) {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await service.replayAt({ stream: 'ledger-1', count });
    best = Math.min(best, performance.now() - start);
  }
  jumps[count] = best;
}
await service.close();

console.log(
  JSON.stringify({
    events: summary.events,
    streams: summary.streams,
    openMs,
    streamListMs,
    detailsMs,
    pages,
    pageMaxMs: Math.max(...Object.values(pages)),
    streamPages,
    streamPageMaxMs: Math.max(...Object.values(streamPages)),
    jumpFirstMs,
    jumps,
    jumpMaxMs: Math.max(...Object.values(jumps)),
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);

// A 100,000-event journal in the browser host: the virtual table and list scroll to any row, the chart brushes a
// range that narrows both, filters combine as chips the service applies, and the renderer's heap stays small.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectFileChooser, screenshot, test } from './fixtures.js';

const EVENTS = 100_000;
const DAY = 86_400_000;
const START = Date.parse('2026-03-02T00:00:00Z');
/** Streams live three days each, their starts spread over 18 days: a brushed range holds only some of them. */
const LIFE = 3 * DAY;
const SPAN = 20.9 * DAY;
const CATEGORIES: [string, number][] = [
  ['order', 120],
  ['cart', 90],
  ['user', 60],
  ['payment', 30],
];
const TYPES = ['order_placed', 'item_added', 'item_removed', 'payment_authorized', 'payment_captured', 'order_shipped', 'order_delivered', 'user_registered', 'address_changed', 'refund_issued'];
/** Uneven type frequencies, so the chart stacks big and small types. */
const TYPE_PICK = [0, 0, 0, 1, 1, 1, 1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9];
const HEAP_LIMIT = 300 * 1024 * 1024;

interface Fact {
  stream: string;
  type: string;
  ms: number;
  amount: number;
  nairobi: boolean;
}

/** Writes the journal and returns what each event is, to compute the totals the page must show. */
function writeScaleJournal(folder: string): { path: string; facts: Fact[]; streams: string[] } {
  const streams = CATEGORIES.flatMap(([category, count]) => Array.from({ length: count }, (_, i) => `${category}-${String(i + 1).padStart(4, '0')}`));
  // Interleave the categories so every stretch of time has streams of each.
  const order = streams.map((_, k) => k).sort((a, b) => ((a * 37) % streams.length) - ((b * 37) % streams.length));
  const starts = new Map(order.map((k, rank) => [streams[k]!, START + (rank * (18 * DAY)) / streams.length]));
  const byStart = [...streams].sort((a, b) => starts.get(a)! - starts.get(b)!);
  const versions = new Map<string, number>();
  const facts: Fact[] = [];
  const path = join(folder, 'scale-100k.ndjson');
  const fd = openSync(path, 'w');
  try {
    let chunk = '';
    for (let i = 0; i < EVENTS; i++) {
      const ms = START + Math.floor((i * SPAN) / EVENTS);
      const alive = byStart.filter((s) => starts.get(s)! <= ms && ms < starts.get(s)! + LIFE);
      const stream = alive.length > 0 ? alive[(i * 7919) % alive.length]! : byStart[0]!;
      const version = (versions.get(stream) ?? 0) + 1;
      versions.set(stream, version);
      const type = TYPES[TYPE_PICK[(i * 31 + version) % TYPE_PICK.length]!]!;
      const amount = (i * 7919) % 1000;
      const nairobi = i % 1000 === 7;
      facts.push({ stream, type, ms, amount, nairobi });
      chunk +=
        JSON.stringify({
          stream,
          version,
          type,
          time: new Date(ms).toISOString(),
          data: { amount, sku: `KB-${i % 400}`, note: nairobi ? 'ship to Nairobi' : 'ship to Lisbon' },
          metadata: { user: `u-${i % 50}`, correlation: `c-${i}` },
        }) + '\n';
      if (chunk.length > 1_000_000) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return { path, facts, streams };
}

const count = (text: string) => Number(text.replace(/,/g, ''));

/** The events total from the line under the table ("rows 1–20 of 100,000"), or 0 for "no rows". */
async function eventTotal(page: Page): Promise<number | null> {
  const text = (await page.getByText(/^rows [\d,]+–[\d,]+ of [\d,]+$|^no rows$/).textContent().catch(() => null)) ?? '';
  const match = /of ([\d,]+)$/.exec(text);
  return match ? count(match[1]!) : text === 'no rows' ? 0 : null;
}

/** The streams total in the Streams heading. */
async function streamTotal(page: Page): Promise<number> {
  return count((await page.getByRole('region', { name: 'Streams' }).locator('.panel-head .count').textContent()) ?? '');
}

/** The drawn event rows: their aria-rowindex, position and time (rows still loading are left out). */
async function shownRows(page: Page): Promise<{ row: number; position: number; time: string }[]> {
  return page.getByRole('grid', { name: 'Events' }).evaluate((table) =>
    [...table.querySelectorAll('[role="rowgroup"] + [role="rowgroup"] [role="row"]:not([aria-busy])')].map((row) => {
      const cells = row.querySelectorAll('[role="gridcell"]');
      return { row: Number(row.getAttribute('aria-rowindex')), position: Number(cells[0]!.textContent!.replace(/,/g, '')), time: cells[1]!.textContent!.trim() };
    }),
  );
}

/** Rows fully inside the table's viewport. */
async function visibleRows(page: Page): Promise<{ row: number; position: number; time: string }[]> {
  const rows = await page.getByRole('grid', { name: 'Events' }).evaluate((table) => {
    const box = table.getBoundingClientRect();
    const head = table.querySelector('[role="rowgroup"]')!.getBoundingClientRect();
    return [...table.querySelectorAll('[role="rowgroup"] + [role="rowgroup"] [role="row"]')]
      .filter((row) => {
        const r = row.getBoundingClientRect();
        return r.top >= head.bottom - 1 && r.bottom <= box.bottom + 1;
      })
      .map((row) => ({ row: Number(row.getAttribute('aria-rowindex')), busy: row.hasAttribute('aria-busy'), position: Number(row.querySelector('[role="gridcell"]')!.textContent!.replace(/,/g, '')), time: row.querySelectorAll('[role="gridcell"]')[1]!.textContent!.trim() }));
  });
  if (rows.some((row) => row.busy)) throw new Error('rows still loading');
  return rows;
}

async function scrollTo(page: Page, selector: string, fraction: number): Promise<void> {
  await page.locator(selector).evaluate((element, f) => {
    element.scrollTop = (element.scrollHeight - element.clientHeight) * f;
    element.dispatchEvent(new Event('scroll'));
  }, fraction);
}

/** The renderer's heap after a full collection, through the DevTools protocol. */
async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}

test('a 100,000-event journal scrolls, brushes and filters, with the heap under 300 MB', async ({ page, host, scratch, pageProblems }) => {
  test.setTimeout(240_000);
  const { path, facts, streams } = writeScaleJournal(scratch);
  const heaps: number[] = [];
  const measure = async (when: string) => {
    const used = await heapUsed(page);
    heaps.push(used);
    console.log(`renderer heap ${when}: ${(used / 1024 / 1024).toFixed(1)} MB`);
    expect(used).toBeLessThan(HEAP_LIMIT);
  };

  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(path);
  const table = page.getByRole('grid', { name: 'Events' });
  const list = page.getByRole('listbox', { name: 'Stream list' });
  await expect(page.getByText(/^rows 1–\d+ of 100,000$/)).toBeVisible({ timeout: 120_000 });
  await expect(table).toHaveAttribute('aria-rowcount', '100001');
  await expect.poll(() => streamTotal(page)).toBe(streams.length);
  await measure('after opening');

  // The events table: the middle and the end, each row where its offset says.
  const tableBox = '[role="grid"][aria-label="Events"]';
  await scrollTo(page, tableBox, 0.5);
  await expect.poll(async () => (await visibleRows(page).catch(() => []))[0]?.row ?? 0).toBeGreaterThan(49_000);
  let rows = await visibleRows(page);
  expect(rows[0]!.row).toBeLessThan(51_000);
  for (const row of rows) expect(row.position).toBe(row.row - 1);
  await expect(page.getByText(`rows ${(rows[0]!.row - 1).toLocaleString('en-US')}–`)).toBeVisible();
  await scrollTo(page, tableBox, 1);
  await expect.poll(async () => (await visibleRows(page).catch(() => [])).at(-1)?.row ?? 0).toBe(100_001);
  rows = await visibleRows(page);
  for (const row of rows) expect(row.position).toBe(row.row - 1);
  await expect(page.getByText(/^rows [\d,]+–100,000 of 100,000$/)).toBeVisible();
  // A few jumps in a row, as a dragged scrollbar makes.
  for (const f of [0.1, 0.73, 0.31, 0.9, 0.02]) await scrollTo(page, tableBox, f);
  await expect.poll(async () => (await visibleRows(page).catch(() => []))[0]?.row ?? 0).toBeGreaterThan(1000);
  for (const row of await visibleRows(page)) expect(row.position).toBe(row.row - 1);

  // The stream list: every stream counted, the last reachable by scrolling and by End.
  const options = list.getByRole('option');
  await expect(options.first()).toHaveAttribute('aria-setsize', String(streams.length));
  expect(await options.count()).toBeLessThan(60);
  await scrollTo(page, '[role="listbox"][aria-label="Stream list"]', 1);
  await expect(list.getByRole('option', { name: 'user-0060' })).toBeVisible();
  await list.getByRole('option', { name: 'user-0060' }).click();
  await expect(list.getByRole('option', { name: 'user-0060' })).toHaveAttribute('aria-selected', 'true');
  // A click hands the keys to the replay; with the focus back in the list, its keys move through the streams.
  await list.focus();
  await page.keyboard.press('Home');
  await expect(list.getByRole('option', { name: 'cart-0001' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('ArrowDown');
  await expect(list.locator('[aria-selected="true"]')).toBeVisible();
  await page.keyboard.press('End');
  await expect(list.getByRole('option', { name: 'user-0060' })).toHaveAttribute('aria-selected', 'true');
  await expect(list.getByRole('option', { name: 'user-0060' })).toHaveAttribute('aria-posinset', String(streams.length));
  await page.getByRole('button', { name: 'All streams', exact: true }).click();
  await measure('after scrolling');

  // Brushing the chart narrows the table and the list to the range, each to what the journal holds there.
  const chart = page.getByRole('img', { name: 'Event rate' });
  const box = (await chart.boundingBox())!;
  const y = box.y + box.height * 0.5;
  await page.mouse.move(box.x + box.width * 0.4, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 6 });
  await page.mouse.up();
  const rangeText = page.getByTestId('time-range');
  await expect(rangeText).toBeVisible();
  const [fromText, toText] = (await rangeText.textContent())!.split(' → ');
  const from = Date.parse(fromText!);
  const to = Date.parse(toText!);
  const inRange = facts.filter((f) => f.ms >= from && f.ms < to);
  expect(inRange.length).toBeGreaterThan(0);
  expect(inRange.length).toBeLessThan(EVENTS);
  await expect.poll(() => eventTotal(page)).toBe(inRange.length);
  const streamsInRange = new Set(inRange.map((f) => f.stream)).size;
  expect(streamsInRange).toBeLessThan(streams.length);
  await expect.poll(() => streamTotal(page)).toBe(streamsInRange);
  for (const fraction of [0, 0.5, 1]) {
    await scrollTo(page, tableBox, fraction);
    await expect.poll(async () => (await visibleRows(page).catch(() => [])).length).toBeGreaterThan(5);
    for (const row of await visibleRows(page)) {
      expect(Date.parse(row.time)).toBeGreaterThanOrEqual(from);
      expect(Date.parse(row.time)).toBeLessThan(to);
    }
  }
  // Double-click resets the range.
  await chart.dblclick();
  await expect(rangeText).toHaveCount(0);
  await expect.poll(() => eventTotal(page)).toBe(EVENTS);
  await expect.poll(() => streamTotal(page)).toBe(streams.length);

  // A glob on the stream ids.
  const chips = page.getByRole('group', { name: 'Active filters' });
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('order-01?5');
  const globbed = streams.filter((s) => /^order-01.5$/.test(s));
  await expect.poll(() => streamTotal(page)).toBe(globbed.length);
  await expect(options).toHaveCount(globbed.length);
  // The stream search narrows the list only: it is no Events filter, so it has no chip there, and the table keeps
  // every event.
  await expect(chips).toHaveCount(0);
  await expect.poll(() => eventTotal(page)).toBe(EVENTS);

  // Event types, several at once.
  await page.getByRole('button', { name: /^Event types/ }).click();
  const picker = page.getByRole('group', { name: 'Event types' });
  await picker.getByRole('checkbox', { name: 'item_removed', exact: true }).check();
  await picker.getByRole('checkbox', { name: 'refund_issued', exact: true }).check();
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  const chosen = new Set(['item_removed', 'refund_issued']);
  const ofTypes = facts.filter((f) => chosen.has(f.type));
  await expect.poll(() => eventTotal(page)).toBe(ofTypes.length);
  await expect(chips.getByRole('button', { name: 'Remove filter: type item_removed' })).toBeVisible();
  await expect(chips.getByRole('button', { name: 'Remove filter: type refund_issued' })).toBeVisible();
  await expect.poll(() => streamTotal(page)).toBe(globbed.filter((s) => ofTypes.some((f) => f.stream === s)).length);
  await expect.poll(async () => (await visibleRows(page).catch(() => [])).length).toBeGreaterThan(5);
  const types = await table.locator('[role="row"]:not([aria-busy]) [role="gridcell"]:nth-child(5)').allTextContents();
  expect(types.length).toBeGreaterThan(5);
  for (const type of types) expect(chosen.has(type.trim())).toBe(true);

  // Payload text, then a field condition on top.
  await page.getByRole('searchbox', { name: 'Search payloads' }).fill('nairobi');
  const nairobi = ofTypes.filter((f) => f.nairobi);
  await expect.poll(() => eventTotal(page), { timeout: 30_000 }).toBe(nairobi.length);
  await page.getByRole('searchbox', { name: 'Search payloads' }).fill('');
  const where = page.getByRole('textbox', { name: 'Field condition' });
  await where.fill('amount > 900');
  await where.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a condition' })).toBeVisible();
  await where.fill('data.amount > 900');
  await where.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a condition' })).toHaveCount(0);
  const big = ofTypes.filter((f) => f.amount > 900);
  await expect.poll(() => eventTotal(page), { timeout: 30_000 }).toBe(big.length);
  await expect(chips).toContainText('data.amount > 900');

  // Brush again with the filters on: the chips, the range and a log-scale chart, for a person to look at.
  await page.mouse.move(box.x + box.width * 0.25, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 6 });
  await page.mouse.up();
  await expect(rangeText).toBeVisible();
  const [from2, to2] = (await rangeText.textContent())!.split(' → ').map((t) => Date.parse(t));
  const narrowed = big.filter((f) => f.ms >= from2! && f.ms < to2!);
  await expect.poll(() => eventTotal(page)).toBe(narrowed.length);
  await page.getByRole('radio', { name: 'Log' }).check();
  await expect(page.getByRole('radio', { name: 'Log' })).toBeChecked();
  await expect(chart).toContainText('log scale');
  await page.mouse.move(0, 0);
  await screenshot(page, 'scale-filters-range-log');
  await measure('after filtering');

  // Chips come off one at a time; the totals follow.
  await chips.getByRole('button', { name: 'Clear time range' }).click();
  await expect.poll(() => eventTotal(page)).toBe(big.length);
  await chips.getByRole('button', { name: 'Remove filter: where data.amount > 900' }).click();
  await expect(where).toHaveValue('');
  await expect.poll(() => eventTotal(page)).toBe(ofTypes.length);
  await chips.getByRole('button', { name: 'Remove filter: type refund_issued' }).click();
  await expect.poll(() => eventTotal(page)).toBe(facts.filter((f) => f.type === 'item_removed').length);
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('');
  await chips.getByRole('button', { name: 'Remove filter: type item_removed' }).click();
  await expect(chips).toHaveCount(0);
  await expect.poll(() => eventTotal(page)).toBe(EVENTS);
  await expect.poll(() => streamTotal(page)).toBe(streams.length);

  // The chart's scope: a stream, its category, the whole journal.
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('payment-0007');
  await list.getByRole('option', { name: 'payment-0007' }).click();
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('');
  const rate = page.getByRole('region', { name: 'Event rate' });
  await expect(page.getByRole('radio', { name: 'This stream' })).toBeChecked();
  await expect(rate.locator('.scope')).toContainText('payment-0007');
  await page.getByRole('radio', { name: 'This category' }).check();
  await expect(rate.locator('.scope')).toContainText('payment streams');
  const paymentEvents = facts.filter((f) => f.stream.startsWith('payment-')).length;
  await expect(chart).toContainText(`${paymentEvents.toLocaleString('en-US')} events`);
  await page.getByRole('radio', { name: 'Whole journal' }).check();
  await expect(rate.locator('.scope')).toContainText('all streams');
  await expect(chart).toContainText('100,000 events');
  await page.getByRole('radio', { name: 'Linear' }).check();
  await expect(chart).not.toContainText('log scale');
  // Bars never outnumber the pixels they are drawn in.
  const bars = Number(/([\d,]+) bars/.exec((await chart.textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  expect(bars).toBeGreaterThan(0);
  expect(bars).toBeLessThanOrEqual(box.width);

  await measure('at the end');
  console.log(`renderer heap peak: ${(Math.max(...heaps) / 1024 / 1024).toFixed(1)} MB (limit 300 MB)`);
  expect(pageProblems).toEqual([]);
});

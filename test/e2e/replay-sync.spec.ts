// The Replay and the Events grid follow each other: the event of the step shown is marked in the grid (and scrolled to
// when the grid lists its stream), choosing an event moves the replay to it, and the replay reads one position.
import type { Locator } from '@playwright/test';
import { corpusFile, expect, openJournalFile, pickStream, screenshot, test, writeJournal } from './fixtures.js';

/** Names of the grid rows marked as the replay's current step. */
function currentRows(grid: Locator): Promise<string[]> {
  return grid.evaluate((element) => [...element.querySelectorAll('[role="row"][aria-current="step"]')].map((row) => row.getAttribute('aria-label') ?? ''));
}

/** order-1: 120 events with versions 0 to 119, longer than the grid shows; order-2: 10 events, in between. */
function writeOrders(folder: string): string {
  const events: object[] = [];
  for (let i = 0; i < 130; i++) {
    const second = i % 13 === 5 && events.filter((e) => (e as { stream: string }).stream === 'order-2').length < 10;
    const stream = second ? 'order-2' : 'order-1';
    const version = events.filter((e) => (e as { stream: string }).stream === stream).length;
    events.push({
      stream,
      version,
      position: 1000 + i,
      type: version === 0 ? 'order_placed' : 'line_added',
      time: new Date(Date.UTC(2026, 3, 1, 8, 0, i)).toISOString(),
      data: version === 0 ? { lines: [] } : { [`line${version}`]: { sku: `sku-${i}` } },
      metadata: {},
    });
  }
  return writeJournal(folder, 'orders.ndjson', events);
}

test('a stream whose versions start at 0 reads one position: the version and the step of the same event', async ({ page, host, pageProblems }) => {
  await openJournalFile(page, host.url, corpusFile('eventstoredb/rooset-aggregate-0forward20.json'));
  await page.getByRole('listbox', { name: 'Stream list' }).getByRole('option').first().click();
  const replay = page.getByRole('region', { name: 'Replay' });
  const slider = page.getByRole('slider', { name: 'Replay position' });
  await expect(replay).toContainText('step 0 of 20');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(replay).toContainText('version 0 · step 1 of 20');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(replay).toContainText('version 4 · step 5 of 20');
  await expect(slider).toHaveValue('5');
  await expect(slider).toHaveAttribute('aria-valuenow', '4');
  // No second readout says otherwise.
  await expect(replay).not.toContainText('5 / 20');
  await expect(replay).not.toContainText('of 19');
  await page.getByRole('button', { name: 'Jump to end' }).click();
  await expect(replay).toContainText('version 19 · step 20 of 20');
  await screenshot(page, 'replay-sync-readout');
  expect(pageProblems).toEqual([]);
});

test('stepping marks and scrolls to the event in the grid; choosing an event moves the replay to it', async ({ page, host, scratch, pageProblems }) => {
  await openJournalFile(page, host.url, writeOrders(scratch));
  const grid = page.getByRole('grid', { name: 'Events' });
  const replay = page.getByRole('region', { name: 'Replay' });
  const slider = page.getByRole('slider', { name: 'Replay position' });
  await pickStream(page, 'order-1');
  await expect(page.getByText(/^rows 1–\d+ of 120$/)).toBeVisible();
  await expect.poll(() => currentRows(grid)).toEqual([]);

  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect.poll(() => currentRows(grid)).toEqual(['Event 1,000: order_placed in order-1']);

  // The end is far below what the grid shows: it scrolls there.
  await page.getByRole('button', { name: 'Jump to end' }).click();
  await expect(replay).toContainText('version 119 · step 120 of 120');
  const last = grid.getByRole('row', { name: 'Event 1,129: line_added in order-1' });
  await expect(last).toHaveAttribute('aria-current', 'step');
  await expect(last).toBeInViewport();
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect.poll(() => currentRows(grid)).toEqual(['Event 1,128: line_added in order-1']);
  await screenshot(page, 'replay-sync-current');

  // A click on an event moves the replay to it.
  await grid.evaluate((element) => (element.scrollTop = 0));
  const early = grid.getByRole('row', { name: /^Event 1,003: line_added in order-1$/ });
  await early.click();
  await expect(slider).toHaveAttribute('aria-valuenow', '3');
  await expect(replay).toContainText('version 3 · step 4 of 120');
  await expect(early).toHaveAttribute('aria-current', 'step');
  await expect(early).toHaveAttribute('aria-selected', 'true');
  // The arrow keys in the grid walk the replay through the stream.
  await page.keyboard.press('ArrowDown');
  await expect(slider).toHaveAttribute('aria-valuenow', '4');
  await page.keyboard.press('ArrowDown');
  await expect(slider).toHaveAttribute('aria-valuenow', '5');
  await expect.poll(() => currentRows(grid)).toEqual(['Event 1,006: line_added in order-1']);
  // Space plays and pauses from the grid as anywhere else.
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();

  // Across the journal, Enter on an event of another stream picks that stream and replays it up to that event.
  await page.getByRole('button', { name: 'All streams', exact: true }).click();
  await expect(page.getByText(/^rows 1–\d+ of 130$/)).toBeVisible();
  const other = grid.getByRole('row', { name: /^Event 1,018: line_added in order-2$/ });
  await other.click();
  await expect(other).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: 'order-2' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText(/^rows 1–\d+ of 10$/)).toBeVisible();
  await expect(replay).toContainText('version 1 · step 2 of 10');
  const chosen = grid.getByRole('row', { name: 'Event 1,018: line_added in order-2' });
  await expect(chosen).toHaveAttribute('aria-current', 'step');
  await expect(chosen).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'Event details' })).toContainText('position 1,018');
  expect(pageProblems).toEqual([]);
});

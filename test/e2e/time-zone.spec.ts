// One switch for every time in the window: UTC (the default) or the computer's own zone, remembered across reloads,
// each time written with its zone. The page runs in Asia/Kolkata (+05:30, no daylight saving) so the two differ.
import { expect, expectFileChooser, pickStream, screenshot, test, writeJournal } from './fixtures.js';

test.use({ timezoneId: 'Asia/Kolkata' });

const EVENTS = [
  { stream: 'order-1', version: 1, type: 'order_placed', time: '2026-03-01T09:00:00Z', data: { total: 5 }, metadata: {} },
  { stream: 'order-1', version: 2, type: 'order_paid', time: '2026-03-01T21:15:30.250Z', data: { paid: true }, metadata: {} },
  { stream: 'order-2', version: 1, type: 'order_placed', time: '2026-03-03T10:00:00Z', data: { total: 9 }, metadata: {} },
];

test('every time follows the time zone switch, which is remembered', async ({ page, host, scratch, pageProblems }) => {
  const journal = writeJournal(scratch, 'orders.ndjson', EVENTS);
  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(journal);
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'orders.ndjson' })).toBeVisible({ timeout: 30_000 });

  // UTC first, as journals record it: "Z".
  const zone = header.getByRole('combobox', { name: 'Time zone' });
  await expect(zone).toHaveValue('utc');
  await expect(header).toContainText('2026-03-01T09:00:00Z → 2026-03-03T10:00:00Z');
  const table = page.getByRole('grid', { name: 'Events' });
  await expect(table).toContainText('2026-03-01T21:15:30.250Z');

  await zone.selectOption('local');
  // The table, the header's span and the details, each time with its offset.
  await expect(table).toContainText('2026-03-02T02:45:30.250+05:30');
  await expect(table).not.toContainText('2026-03-01T21:15:30.250Z');
  await expect(header).toContainText('2026-03-01T14:30:00+05:30 → 2026-03-03T15:30:00+05:30');
  await table.getByRole('row', { name: /^Event 2:/ }).click();
  const details = page.getByRole('region', { name: 'Event details' });
  await expect(details).toContainText('2026-03-02T02:45:30.250+05:30');

  // The replay's current event.
  await pickStream(page, 'order-1');
  const replay = page.getByRole('region', { name: 'Replay' });
  await page.getByRole('button', { name: 'Jump to end' }).click();
  await expect(replay).toContainText('2026-03-02T02:45:30.250+05:30');
  await screenshot(page, 'time-zone-local');
  expect(await page.evaluate(() => localStorage.getItem('eventlens.timeZone'))).toBe('local');

  // Remembered: a reload shows local times again.
  await page.reload();
  await expect(page.getByRole('banner').getByRole('combobox', { name: 'Time zone' })).toHaveValue('local', { timeout: 30_000 });
  await expect(page.getByRole('grid', { name: 'Events' })).toContainText('2026-03-01T14:30:00.000+05:30');

  // And back to UTC, everywhere.
  await page.getByRole('banner').getByRole('combobox', { name: 'Time zone' }).selectOption('utc');
  await expect(page.getByRole('grid', { name: 'Events' })).toContainText('2026-03-01T09:00:00.000Z');
  await expect(page.getByRole('banner')).toContainText('2026-03-01T09:00:00Z → 2026-03-03T10:00:00Z');
  expect(pageProblems).toEqual([]);
});

test('the chart\'s axis labels follow the switch', async ({ page, host, scratch }) => {
  const journal = writeJournal(scratch, 'orders.ndjson', EVENTS);
  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(journal);
  const chart = page.getByRole('img', { name: 'Event rate' });
  await expect(chart).toBeVisible({ timeout: 30_000 });
  const utc = await chart.screenshot();
  await page.getByRole('banner').getByRole('combobox', { name: 'Time zone' }).selectOption('local');
  // Drawn again with labels on local clocks: the canvas changes.
  await expect.poll(async () => Buffer.compare(await chart.screenshot(), utc) !== 0, { timeout: 20_000 }).toBe(true);
});

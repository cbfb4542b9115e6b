// The Events table: type and text filters, scrolling, and the selected event's data and metadata.
import { eventCells, expect, openSample, pickTypes, rowsOf, screenshot, test } from './fixtures.js';

test('filters by type and by payload text, scrolls, and shows the selected event', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  const table = page.getByRole('grid', { name: 'Events' });
  await expect(rowsOf(page, '3,016')).toBeVisible();
  await expect(table).toHaveAttribute('aria-rowcount', '3017');
  // Virtual: only the rows on screen (and a few more) are drawn.
  expect(await table.locator('[role="row"][data-index]').count()).toBeLessThan(60);

  // Scrolling replaces paging: 200 rows down, the row at offset 200 is position 201.
  await table.evaluate((element) => (element.scrollTop = 200 * 26));
  await expect(page.getByText(/^rows 201–[\d,]+ of 3,016$/)).toBeVisible();
  await expect(table.locator('[aria-rowindex="202"] [role="gridcell"]').first()).toHaveText('201');
  await table.evaluate((element) => (element.scrollTop = 0));
  await expect(rowsOf(page, '3,016')).toBeVisible();

  await pickTypes(page, ['checked_out']);
  await expect(rowsOf(page, '98')).toBeVisible();
  await expect.poll(() => eventCells(page, 5).count()).toBeGreaterThan(5);
  expect(new Set(await eventCells(page, 5).allTextContents())).toEqual(new Set(['checked_out']));

  await page.getByRole('searchbox', { name: 'Search payloads' }).fill('"total":1');
  await expect(page.getByText(/^rows 1–\d+ of \d+$/)).not.toHaveText(/of 98$/);
  await page.getByRole('group', { name: 'Active filters' }).getByRole('button', { name: 'Remove filter: type checked_out' }).click();
  await page.getByRole('searchbox', { name: 'Search payloads' }).fill('Nairobi');
  await expect(rowsOf(page, '20')).toBeVisible();

  await table.getByRole('row', { name: /^Event 2: user_created in user-0087$/ }).click();
  const details = page.getByRole('region', { name: 'Event details' });
  await expect(details).toBeVisible();
  await expect(details.getByLabel('Data', { exact: true })).toContainText('"name": "Edsger Lovelace"');
  await expect(details.getByLabel('Data', { exact: true })).toContainText('"city": "Nairobi"');
  await expect(details.getByLabel('Metadata')).toContainText('"correlationId": "c-7919"');
  // Its digest, as the service (and `eventlens events`) gives it: evidence to quote for this one event.
  const [shown] = (await host.latestService().events({ at: 2, limit: 1 })).events;
  expect(shown!.digest).toMatch(/^[0-9a-f]{64}$/);
  await expect(details.getByLabel('Event digest')).toHaveText(shown!.digest!);
  await expect(table.getByRole('row', { name: /^Event 2:/ })).toHaveAttribute('aria-selected', 'true');

  // Arrow keys move the selection between rows.
  await page.keyboard.press('ArrowDown');
  await expect(table.getByRole('row', { name: /^Event 2:/ })).toHaveAttribute('aria-selected', 'false');
  await expect(details.getByLabel('Data', { exact: true })).not.toContainText('Edsger Lovelace');
  await screenshot(page, 'events-details');

  await page.getByRole('button', { name: 'Close details' }).click();
  await expect(details).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

// The Events table: type and text filters, paging, and the selected event's data and metadata.
import { expect, openSample, screenshot, test } from './fixtures.js';

test('filters by type and by payload text, pages, and shows the selected event', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  const table = page.getByRole('table', { name: 'Events' });
  await expect(table.locator('tbody tr')).toHaveCount(200);

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('rows 201–400 of 3,016')).toBeVisible();
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('201');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByText('rows 1–200 of 3,016')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Previous page' })).toBeDisabled();

  await page.getByRole('combobox', { name: 'Filter by event type' }).selectOption('checked_out');
  await expect(page.getByText('rows 1–98 of 98')).toBeVisible();
  await expect(table.locator('tbody td:nth-child(5)')).toHaveText(Array(98).fill('checked_out'));

  await page.getByRole('searchbox', { name: 'Search payloads' }).fill('"total":1');
  await expect(page.getByText(/^rows 1–\d+ of \d+$/)).not.toHaveText('rows 1–98 of 98');
  await page.getByRole('combobox', { name: 'Filter by event type' }).selectOption('');
  await page.getByRole('searchbox', { name: 'Search payloads' }).fill('Nairobi');
  await expect(page.getByText('rows 1–20 of 20')).toBeVisible();

  await table.getByRole('button', { name: /^Event 2: user_created in user-0087$/ }).click();
  const details = page.getByRole('region', { name: 'Event details' });
  await expect(details).toBeVisible();
  await expect(details.getByLabel('Data', { exact: true })).toContainText('"name": "Edsger Lovelace"');
  await expect(details.getByLabel('Data', { exact: true })).toContainText('"city": "Nairobi"');
  await expect(details.getByLabel('Metadata')).toContainText('"correlationId": "c-7919"');
  await expect(table.getByRole('button', { name: /^Event 2:/ })).toHaveAttribute('aria-pressed', 'true');

  // Arrow keys move the selection between rows.
  await page.keyboard.press('ArrowDown');
  await expect(table.getByRole('button', { name: /^Event 2:/ })).toHaveAttribute('aria-pressed', 'false');
  await expect(details.getByLabel('Data', { exact: true })).not.toContainText('Edsger Lovelace');
  await screenshot(page, 'events-details');

  await page.getByRole('button', { name: 'Close details' }).click();
  await expect(details).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

// The welcome screen: opening the sample, the header's facts, and the ways to open a file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, expectFileChooser, rowsOf, screenshot, startHost, test, writeJournal } from './fixtures.js';

test('opens the sample journal from the welcome screen', async ({ page, host, pageProblems }) => {
  await page.goto(host.url);
  await expect(page.getByRole('button', { name: 'Open journal…' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Recent journals' })).toBeVisible();
  // The token leaves the address bar once it is stored for this tab.
  expect(new URL(page.url()).searchParams.get('token')).toBeNull();
  await screenshot(page, 'welcome');

  await page.getByRole('button', { name: 'Open sample journal' }).click();
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'Sample journal' })).toBeVisible();
  await expect(header).toContainText('3,016 events');
  await expect(header).toContainText('370 streams');
  await expect(header).toContainText('2026-10-01T02:19:23Z');
  await expect(page.getByRole('region', { name: 'Streams' })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Events' })).toBeVisible();
  await expect(rowsOf(page, '3,016')).toBeVisible();

  // A reload keeps the journal and the token (kept in sessionStorage).
  await page.reload();
  await expect(page.getByRole('banner').getByRole('heading', { name: 'Sample journal' })).toBeVisible();
  expect(pageProblems).toEqual([]);
});

test('Ctrl+O and "Open journal…" ask for a file in the browser', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('button', { name: 'Open sample journal' })).toBeVisible();
  await expectFileChooser(page, () => page.keyboard.press('Control+o'));
  await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
});

test('without its token the page says what to do instead of going blank', async ({ page, host }) => {
  await page.goto(`http://127.0.0.1:${host.port}/`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('token');
  await expect(alert).toContainText('eventlens serve');
});

test('opens a journal from the recent list', async ({ page, scratch }) => {
  const journal = writeJournal(scratch, 'orders.ndjson', [
    { stream: 'order-1', version: 1, type: 'order_placed', time: '2026-03-01T09:00:00Z', data: { total: 5 }, metadata: {} },
    { stream: 'order-1', version: 2, type: 'order_paid', time: '2026-03-01T09:05:00Z', data: { paid: true }, metadata: {} },
  ]);
  const recentFile = join(scratch, 'recent.json');
  writeFileSync(recentFile, JSON.stringify([journal]));
  const host = await startHost({ recentFile });
  try {
    await page.goto(host.url);
    await page.getByRole('button', { name: journal }).click();
    const header = page.getByRole('banner');
    await expect(header.getByRole('heading', { name: 'orders.ndjson' })).toBeVisible();
    await expect(header).toContainText('2 events');
    await expect(header).toContainText('1 stream');
  } finally {
    await host.close();
  }
});

// Errors reach the user in words, and journal content is only ever text.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectFileChooser, openSample, screenshot, test, writeJournal } from './fixtures.js';

async function chooseFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(file);
}

test('a file that is not a journal is explained in words', async ({ page, host }) => {
  await page.goto(host.url);
  await chooseFile(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('shopping list:\n- milk\n- eggs\n') });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not open notes.txt');
  await expect(alert).toContainText('notes.txt is not a journal Eventlens can read');
  await expect(alert).toContainText('NDJSON');
  // Still on the welcome screen, with its buttons, not a blank window.
  await expect(page.getByRole('button', { name: 'Open sample journal' })).toBeVisible();
  await screenshot(page, 'error');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);
});

test('a bad file opened over a journal leaves that journal on screen', async ({ page, host }) => {
  await openSample(page, host);
  await chooseFile(page, { name: 'empty.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from('') });
  await expect(page.getByRole('alert')).toContainText('empty.ndjson');
  await expect(page.getByRole('banner').getByRole('heading', { name: 'Sample journal' })).toBeVisible();
});

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

test('payloads, ids and types that look like markup stay text; no script runs', async ({ page, host, scratch, pageProblems }) => {
  const journal = writeJournal(scratch, 'hostile.ndjson', [
    { stream: '<b>acct</b>-1', version: 1, type: HOSTILE, time: '2026-01-01T10:00:00Z', data: { note: HOSTILE, link: 'javascript:window.__pwned=2' }, metadata: { by: '<script>window.__pwned=3</script>' } },
    { stream: '<b>acct</b>-1', version: 2, type: 'renamed', time: '2026-01-01T11:00:00Z', data: { note: '<svg onload="window.__pwned=4">' }, metadata: {} },
  ]);
  await page.goto(host.url);
  await expect(page.getByRole('button', { name: 'Open sample journal' })).toBeVisible();

  // Dropped on the window, like a file from the desktop.
  const bytes = readFileSync(journal, 'utf8');
  const drop = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'hostile.ndjson', { type: 'application/x-ndjson' }));
    return transfer;
  }, bytes);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: drop });
  await page.dispatchEvent('body', 'drop', { dataTransfer: drop });

  await expect(page.getByRole('banner').getByRole('heading', { name: 'hostile.ndjson' })).toBeVisible();
  const table = page.getByRole('grid', { name: 'Events' });
  await expect(table).toContainText(HOSTILE);
  await expect(table).toContainText('<b>acct</b>-1');
  await page.getByRole('option', { name: '<b>acct</b>-1' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByRole('region', { name: 'State' })).toContainText(HOSTILE.replace(/"/g, '\\"'));
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByRole('region', { name: 'Changes' })).toContainText('<svg onload=');
  await table.getByRole('row').nth(1).click();
  await expect(page.getByRole('region', { name: 'Event details' })).toContainText('<script>window.__pwned=3</script>');
  await screenshot(page, 'hostile');

  expect(await page.evaluate(() => (window as Window & { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('main img, main svg[onload], main script, main b')).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('lines that cannot be read are listed as findings; the rest of the journal opens', async ({ page, host, scratch }) => {
  const good = { stream: 'order-1', version: 1, type: 'order_placed', time: '2026-03-01T09:00:00Z', data: { total: 5 }, metadata: {} };
  const path = writeJournal(scratch, 'partly-broken.ndjson', [good, { ...good, version: 2, type: 'order_paid' }]);
  const text = readFileSync(path, 'utf8').split('\n');
  const broken = [text[0], '{"stream": "order-1", "version": 3, oops', text[1], ''].join('\n');
  await page.goto(host.url);
  await chooseFile(page, { name: 'partly-broken.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(broken) });
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'partly-broken.ndjson' })).toBeVisible();
  await expect(header).toContainText('2 events');
  await header.getByRole('button', { name: 'Findings (1)' }).click();
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings).toContainText('line 2');
  await expect(page).toHaveTitle('partly-broken.ndjson — Eventlens');
  await screenshot(page, 'findings');
});

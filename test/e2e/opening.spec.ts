// Opening takes time now: a progress bar that moves, a Cancel that leaves the previous journal on screen, and the
// Map columns… dialog for journals whose fields need naming (map-columns.spec.ts: the fields it lists).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { newCipherKey, writeEventsourcingPython } from '../support/stores/eventsourcing-python.js';
import { expect, expectFileChooser, rowsOf, screenshot, test, writeJournal, writeLargeJournal } from './fixtures.js';

async function pickFile(page: Page, button: Locator, path: string): Promise<void> {
  const chooser = await expectFileChooser(page, () => button.click());
  await chooser.setFiles(path);
}

/** What the progress bar showed, sampled until it is gone (or `until` says stop). */
interface Sample {
  phase: string;
  now: number | null;
  max: number | null;
  amount: string;
}

async function watchProgress(page: Page, name: string, until: (samples: Sample[]) => boolean = () => false): Promise<Sample[]> {
  const bar = page.getByRole('progressbar', { name: `Opening ${name}` });
  await expect(bar).toBeVisible();
  const samples: Sample[] = [];
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const sample = await page
      .evaluate(() => {
        const element = document.querySelector('[role="progressbar"]');
        if (!element) return null;
        const number = (attribute: string) => (element.hasAttribute(attribute) ? Number(element.getAttribute(attribute)) : null);
        return {
          phase: document.querySelector('.card .phase')?.textContent ?? '',
          now: number('aria-valuenow'),
          max: number('aria-valuemax'),
          amount: document.querySelector('.card .amount')?.textContent ?? '',
        };
      })
      .catch(() => null);
    if (sample === null) break;
    samples.push(sample);
    if (until(samples)) break;
    await page.waitForTimeout(40);
  }
  return samples;
}

const reading = (samples: Sample[]) => samples.filter((s) => s.phase.startsWith('Reading') && s.now !== null);

test('a large journal shows its progress while it opens; Cancel stops a second one and keeps the first', async ({ page, host, scratch, pageProblems }) => {
  test.setTimeout(120_000);
  // Plain NDJSON is read fast (a second per million events here): the first is large enough to watch its bar move.
  const first = writeLargeJournal(scratch, 'bank-1.ndjson', 600_000, 1);
  // Compressed NDJSON is parsed line by line, several times slower: time enough to see it reading and cancel it.
  const plainSecond = writeLargeJournal(scratch, 'bank-2.ndjson', 300_000, 2);
  const second = `${plainSecond}.gz`;
  writeFileSync(second, gzipSync(readFileSync(plainSecond)));
  await page.goto(host.url);
  await pickFile(page, page.getByRole('button', { name: 'Open journal…' }), first);

  const samples = await watchProgress(page, 'bank-1.ndjson');
  const read = reading(samples);
  expect(read.length, JSON.stringify(samples)).toBeGreaterThan(1);
  const values = read.map((s) => s.now!);
  // The bar moves forward, never back, and its maximum is the file's size.
  expect(Math.max(...values)).toBeGreaterThan(Math.min(...values));
  expect(values).toEqual([...values].sort((a, b) => a - b));
  expect(read[0]!.max).toBeGreaterThan(50_000_000);
  expect(read.some((s) => /^[\d.]+ MB of [\d.]+ MB · [\d,]+ events read$/.test(s.amount) && /\d{1,3},\d{3} events/.test(s.amount)), JSON.stringify(read)).toBe(true);
  // The upload came first, with its own progress.
  expect(samples.some((s) => s.phase.startsWith('Uploading') || s.phase.startsWith('Reading the events (step 2 of 2)'))).toBe(true);

  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'bank-1.ndjson' })).toBeVisible();
  await expect(header).toContainText('600,000 events');
  await expect(header).toContainText('5,000 streams');

  // A second large file, cancelled while it is being read.
  await pickFile(page, header.getByRole('button', { name: 'Open journal…' }), second);
  await watchProgress(page, 'bank-2.ndjson.gz', (seen) => reading(seen).some((s) => s.now! > 0));
  await screenshot(page, 'opening-progress');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Opening bank-2.ndjson.gz was cancelled' })).toBeVisible();
  await screenshot(page, 'opening-cancelled');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(header.getByRole('heading', { name: 'bank-1.ndjson' })).toBeVisible();
  // The journal on screen is still the service's: its events still page in.
  await expect(rowsOf(page, '600,000')).toBeVisible();
  expect(await host.latestService().summary().then((summary) => summary?.name)).toBe('bank-1.ndjson');
  expect(pageProblems).toEqual([]);
});

test('Cancel during the upload stops it, and the host does not open the file after all', async ({ page, host, scratch, pageProblems }) => {
  test.setTimeout(120_000);
  const big = writeLargeJournal(scratch, 'slow.ndjson', 300_000, 3);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open sample journal' }).click();
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'Sample journal' })).toBeVisible();

  // A slow link, so the upload takes seconds.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 4 * 1024 * 1024 });
  await pickFile(page, header.getByRole('button', { name: 'Open journal…' }), big);
  const uploadingOf = (seen: Sample[]) => seen.filter((s) => s.phase.startsWith('Uploading') && s.now !== null);
  const samples = await watchProgress(page, 'slow.ndjson', (seen) => new Set(uploadingOf(seen).map((s) => s.now)).size > 2);
  const uploading = uploadingOf(samples);
  expect(uploading.length, JSON.stringify(samples)).toBeGreaterThan(2);
  expect(uploading.at(-1)!.now!).toBeGreaterThan(uploading[0]!.now!);
  expect(uploading.at(-1)!.amount).toMatch(/^[\d.]+ (kB|MB) of 64.1 MB sent$/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Opening slow.ndjson was cancelled' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.waitForTimeout(1500);
  await expect(header.getByRole('heading', { name: 'Sample journal' })).toBeVisible();
  expect(await host.latestService().summary().then((summary) => summary?.name)).toBe('Sample journal');
  expect(pageProblems).toEqual([]);
});

const ODD_EVENTS = [
  { agg: 'acct-7', kind: 'opened', body: { owner: 'Ada' }, at: '2026-02-01T09:00:00Z' },
  { agg: 'acct-7', kind: 'deposited', body: { amount: 40 }, at: '2026-02-01T09:05:00Z' },
  { agg: 'acct-9', kind: 'opened', body: { owner: 'Bo' }, at: '2026-02-01T09:10:00Z' },
];

test('a journal with unusual field names is opened by naming them in "Map columns…"', async ({ page, host, scratch, pageProblems }) => {
  const odd = writeJournal(scratch, 'odd.ndjson', ODD_EVENTS);
  await page.goto(host.url);
  await pickFile(page, page.getByRole('button', { name: 'Open journal…' }), odd);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not open odd.ndjson');
  await expect(alert).toContainText('No events could be read');
  await expect(alert).toContainText('Map columns');

  await alert.getByRole('button', { name: 'Map columns…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Map columns' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('odd.ndjson');
  await dialog.getByLabel('Stream', { exact: true }).selectOption('agg');
  await dialog.getByLabel('Type', { exact: true }).selectOption('kind');
  await dialog.getByLabel('Data', { exact: true }).selectOption('body');
  await dialog.getByLabel('Time', { exact: true }).selectOption('at');
  await expect(dialog.getByLabel('Cipher key')).toHaveAttribute('type', 'password');
  await screenshot(page, 'open-with-options');
  await dialog.getByRole('button', { name: 'Open' }).click();

  await expect(dialog).toHaveCount(0);
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'odd.ndjson' })).toBeVisible();
  await expect(header).toContainText('3 events');
  await expect(header).toContainText('2 streams');
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: 'acct-7' })).toBeVisible();
  await expect(alert).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('"Map columns…" asks for a file, then the dialog; keyboard alone works it, Escape closes it and focus returns', async ({ page, host, scratch, pageProblems }) => {
  const odd = writeJournal(scratch, 'odd.ndjson', ODD_EVENTS);
  await page.goto(host.url);
  const mapButton = page.getByRole('button', { name: 'Map columns…' });
  await expect(mapButton).toBeVisible();

  // Reach the button with Tab alone.
  for (let i = 0; i < 20 && !(await mapButton.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(mapButton).toBeFocused();
  const chooser = await expectFileChooser(page, () => page.keyboard.press('Enter'));
  await chooser.setFiles(odd);
  const dialog = page.getByRole('dialog', { name: 'Map columns' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('odd.ndjson');
  // Focus waits on the fields being listed, then is on the first choice.
  await expect(dialog.getByLabel('Stream', { exact: true })).toBeFocused({ timeout: 30_000 });

  // Focus stays in the dialog however far Tab goes, both ways.
  for (let i = 0; i < 14; i++) await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
  for (let i = 0; i < 14; i++) await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(mapButton).toBeFocused();

  // Again, chosen by keyboard (a choice is picked by typing its start): Stream, (Version skipped), Type, (Data found by
  // name), Time; then Tab to Open and Enter.
  const again = await expectFileChooser(page, () => page.keyboard.press('Enter'));
  await again.setFiles(odd);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Stream', { exact: true })).toBeFocused({ timeout: 30_000 });
  await page.keyboard.type('agg');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('kind');
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Data', { exact: true })).toHaveValue('body');
  await page.keyboard.press('Tab');
  await page.keyboard.type('at');
  await expect(dialog.getByLabel('Stream', { exact: true })).toHaveValue('agg');
  await expect(dialog.getByLabel('Type', { exact: true })).toHaveValue('kind');
  await expect(dialog.getByLabel('Time', { exact: true })).toHaveValue('at');
  const open = dialog.getByRole('button', { name: 'Open' });
  for (let i = 0; i < 10 && !(await open.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(open).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('banner').getByRole('heading', { name: 'odd.ndjson' })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: 'acct-9' })).toBeVisible();
  expect(pageProblems).toEqual([]);
});

test('an encrypted store asks for its key: a wrong key is said so, the right one opens it', async ({ page, host, scratch, pageProblems }) => {
  const key = newCipherKey();
  const store = writeEventsourcingPython(join(scratch, 'bank.sqlite'), { cipherKey: key });
  await page.goto(host.url);
  await pickFile(page, page.getByRole('button', { name: 'Open journal…' }), store);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('the events are encrypted');

  await alert.getByRole('button', { name: 'Map columns…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Map columns' });
  await expect(dialog).toContainText('This store is encrypted');
  const keyInput = dialog.getByLabel('Cipher key');
  await expect(keyInput).toBeFocused();
  await page.keyboard.type(newCipherKey());
  await page.keyboard.press('Enter');
  await expect(alert).toContainText('the cipher key does not decrypt the events');

  // The form comes back as it was sent, so only the key needs retyping.
  await alert.getByRole('button', { name: 'Map columns…' }).click();
  await expect(keyInput).toBeFocused();
  await keyInput.fill(key);
  await dialog.getByRole('button', { name: 'Open' }).click();
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'bank.sqlite' })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option').first()).toBeVisible();
  await expect(alert).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

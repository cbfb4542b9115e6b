// Each browser tab is its own session: a journal opened in one tab never changes what another shows, a reload keeps
// the tab's journal, and the journal `eventlens serve FILE` names opens in the page with its progress.
import type { Page } from '@playwright/test';
import { expect, expectFileChooser, startHost, test, writeJournal, writeLargeJournal } from './fixtures.js';

const LEDGER = [
  { stream: 'ledger-1', version: 1, type: 'opened', time: '2026-03-01T09:00:00Z', data: { owner: 'ada' } },
  { stream: 'ledger-1', version: 2, type: 'deposited', time: '2026-03-01T09:05:00Z', data: { amount: 100 } },
  { stream: 'ledger-2', version: 1, type: 'opened', time: '2026-03-01T09:10:00Z', data: { owner: 'grace' } },
];
const TAMPERED = LEDGER.map((event) => (event.type === 'deposited' ? { ...event, data: { amount: 1000 } } : event));

async function openFile(page: Page, path: string): Promise<void> {
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).first().click());
  await chooser.setFiles(path);
}

/** The data of ledger-1's deposit as the event details show it, read from the page as a person reads it. */
async function depositShown(page: Page): Promise<string> {
  await page.getByRole('grid', { name: 'Events' }).getByRole('row', { name: /^Event 2: deposited in ledger-1$/ }).click({ timeout: 30_000 });
  const data = page.getByRole('region', { name: 'Event details' }).getByLabel('Data', { exact: true });
  await expect(data).toContainText('"amount"');
  return data.innerText();
}

test('two tabs open two journals side by side, and a reload keeps each tab its own', async ({ page, host, scratch, pageProblems }) => {
  test.setTimeout(120_000);
  const clean = writeJournal(scratch, 'clean.ndjson', LEDGER);
  const tampered = writeJournal(scratch, 'tampered.ndjson', TAMPERED);
  const second = await page.context().newPage();
  await page.goto(host.url);
  await second.goto(host.url);

  await openFile(page, clean);
  const heading = (tab: Page, name: string) => tab.getByRole('banner').getByRole('heading', { name });
  await expect(heading(page, 'clean.ndjson')).toBeVisible({ timeout: 30_000 });
  await openFile(second, tampered);
  await expect(heading(second, 'tampered.ndjson')).toBeVisible({ timeout: 30_000 });

  // The first tab still shows its own journal, and its own payloads.
  await page.bringToFront();
  await expect(heading(page, 'clean.ndjson')).toBeVisible();
  expect(await depositShown(page)).toMatch(/"amount": 100(?!0)/);
  expect(await depositShown(second)).toContain('"amount": 1000');
  await page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: 'ledger-1', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A reload is the same tab: its session, and so its journal, are still there.
  await page.reload();
  await expect(heading(page, 'clean.ndjson')).toBeVisible({ timeout: 30_000 });
  expect(await depositShown(page)).toMatch(/"amount": 100(?!0)/);
  await expect(heading(second, 'tampered.ndjson')).toBeVisible();
  expect(host.sessions.list()).toHaveLength(2);
  expect(pageProblems).toEqual([]);
  await second.close();
});

test('eventlens serve FILE answers at once; the page shows the journal opening, then the journal', async ({ page, scratch, pageProblems }) => {
  test.setTimeout(180_000);
  // Large enough that reading it takes a few seconds here: the page loads while the host is still reading.
  const big = writeLargeJournal(scratch, 'big.ndjson', 400_000, 5);
  const started = Date.now();
  const host = await startHost({ recentFile: null, journal: big });
  try {
    expect(Date.now() - started).toBeLessThan(5_000);
    await page.goto(host.url);
    await expect(page.getByRole('progressbar', { name: 'Opening big.ndjson' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('banner').getByRole('heading', { name: 'big.ndjson' })).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText(/^rows 1–[\d,]+ of 400,000$/)).toBeVisible({ timeout: 30_000 });
    expect(pageProblems).toEqual([]);
  } finally {
    await host.close();
  }
});

// Map columns…: the dialog lists the fields (JSON) or the tables and columns (SQLite) found in the file's first
// records, each with an example and how often it has a value, pre-selects what Eventlens finds by name, previews the
// first records as the choices read them, and opens the journal with them. The app never shows CLI syntax.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { expect, expectFileChooser, screenshot, test, writeJournal } from './fixtures.js';

const ODD_EVENTS = [
  { agg: 'acct-7', kind: 'opened', body: { owner: 'Ada' }, at: '2026-02-01T09:00:00Z' },
  { agg: 'acct-7', kind: 'deposited', body: { amount: 40 }, at: '2026-02-01T09:05:00Z' },
  { agg: 'acct-9', kind: 'opened', body: { owner: 'Bo' }, at: '2026-02-01T09:10:00Z', note: 'late' },
];

async function openFailing(page: Page, url: string, path: string): Promise<void> {
  await page.goto(url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(path);
}

/** The files the host keeps in its upload folder. */
function uploads(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

test('a JSON journal whose fields are not recognised: the dialog lists them, with examples and a preview', async ({ page, host, scratch, pageProblems }) => {
  const odd = writeJournal(scratch, 'odd.ndjson', ODD_EVENTS);
  await openFailing(page, host.url, odd);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not open odd.ndjson', { timeout: 30_000 });
  // The app speaks of its dialog, never of the CLI's options.
  await expect(alert).toContainText('Choose the columns in Map columns…');
  await expect(alert).not.toContainText('--map');

  await alert.getByRole('button', { name: 'Map columns…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Map columns' });
  await expect(dialog).toContainText('odd.ndjson');
  const stream = dialog.getByRole('combobox', { name: 'Stream', exact: true });
  await expect(stream).toBeVisible({ timeout: 30_000 });
  await expect(stream).toBeFocused();
  // Every field found, with an example and how often it is there.
  const options = await stream.getByRole('option').allTextContents();
  expect(options).toEqual([
    '— not named —',
    'agg · e.g. acct-7 · in all 3',
    'kind · e.g. opened · in all 3',
    'body · e.g. {"owner":"Ada"} · in all 3',
    'at · e.g. 2026-02-01T09:00:00Z · in all 3',
    'note · e.g. late · in 1 of 3',
  ]);
  // What Eventlens finds by name is chosen already; the rest is left to the user.
  await expect(dialog.getByRole('combobox', { name: 'Data', exact: true })).toHaveValue('body');
  await expect(stream).toHaveValue('');

  await stream.selectOption('agg');
  await dialog.getByRole('combobox', { name: 'Type', exact: true }).selectOption('kind');
  await dialog.getByRole('combobox', { name: 'Time', exact: true }).selectOption('at');
  const preview = dialog.getByRole('table', { name: 'How the first records would be read' });
  await expect(preview.getByRole('columnheader')).toHaveText(['Stream agg', 'Type kind', 'Data body', 'Time at']);
  await expect(preview.getByRole('row').nth(1)).toHaveText(['acct-7', 'opened', '{"owner":"Ada"}', '2026-02-01T09:00:00Z'].join(''));
  await expect(preview.getByRole('row')).toHaveCount(4);
  // The start of the file was sent to be looked at, and is gone again.
  expect(uploads(host.uploadFolder)).toEqual([]);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `map-columns-json-${scheme}`);
  }
  await page.setViewportSize({ width: 900, height: 700 });
  await screenshot(page, 'map-columns-json-narrow');
  await page.emulateMedia({ colorScheme: 'light' });

  await dialog.getByRole('button', { name: 'Open' }).click();
  await expect(dialog).toHaveCount(0);
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'odd.ndjson' })).toBeVisible({ timeout: 30_000 });
  await expect(header).toContainText('3 events');
  await expect(header).toContainText('2 streams');
  expect(pageProblems).toEqual([]);
});

test('a SQLite database with an unknown schema: its tables and columns are listed, read-only', async ({ page, host, scratch, pageProblems }) => {
  const path = join(scratch, 'ledger.db');
  const db = new Database(path);
  db.exec(`CREATE TABLE settings (k TEXT, v TEXT);
    INSERT INTO settings VALUES ('owner', 'finance');
    CREATE TABLE ledger_rows (entity TEXT, seq INTEGER, what TEXT, payload TEXT, happened TEXT);`);
  const insert = db.prepare('INSERT INTO ledger_rows VALUES (?, ?, ?, ?, ?)');
  insert.run('acct-1', 1, 'opened', '{"owner":"Ada"}', '2026-02-01T09:00:00Z');
  insert.run('acct-1', 2, 'deposited', '{"amount":40}', '2026-02-01T09:05:00Z');
  insert.run('acct-2', 1, 'opened', '{"owner":"Bo"}', '2026-02-01T09:10:00Z');
  db.close();

  await openFailing(page, host.url, path);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('holds no events table Eventlens recognises', { timeout: 30_000 });
  await expect(alert).toContainText('Choose the columns in Map columns…');
  await expect(alert).not.toContainText('--map');

  await alert.getByRole('button', { name: 'Map columns…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Map columns' });
  const table = dialog.getByRole('combobox', { name: 'Table', exact: true });
  await expect(table).toBeVisible({ timeout: 30_000 });
  // The table where most parts are found by name is offered first.
  await expect(table).toHaveValue('ledger_rows');
  expect(await table.getByRole('option').allTextContents()).toEqual(['ledger_rows (5 columns)', 'settings (2 columns)']);
  const stream = dialog.getByRole('combobox', { name: 'Stream', exact: true });
  expect(await stream.getByRole('option').allTextContents()).toEqual([
    '— not named —',
    'entity · e.g. acct-1 · in all 3',
    'seq · e.g. 1 · in all 3',
    'what · e.g. opened · in all 3',
    'payload · e.g. {"owner":"Ada"} · in all 3',
    'happened · e.g. 2026-02-01T09:00:00Z · in all 3',
  ]);
  await expect(dialog.getByRole('combobox', { name: 'Data', exact: true })).toHaveValue('payload');

  // Another table offers its own columns.
  await table.selectOption('settings');
  await expect(stream.getByRole('option')).toHaveText(['— not named —', 'k · e.g. owner · in all 1', 'v · e.g. finance · in all 1']);
  await table.selectOption('ledger_rows');

  await stream.selectOption('entity');
  await dialog.getByRole('combobox', { name: 'Version', exact: true }).selectOption('seq');
  await dialog.getByRole('combobox', { name: 'Type', exact: true }).selectOption('what');
  await dialog.getByRole('combobox', { name: 'Time', exact: true }).selectOption('happened');
  const preview = dialog.getByRole('table', { name: 'How the first records would be read' });
  await expect(preview.getByRole('row').nth(2)).toHaveText(['acct-1', '2', 'deposited', '{"amount":40}', '2026-02-01T09:05:00Z'].join(''));
  await screenshot(page, 'map-columns-sqlite');

  await dialog.getByRole('button', { name: 'Open' }).click();
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'ledger.db' })).toBeVisible({ timeout: 30_000 });
  await expect(header).toContainText('3 events');
  await expect(header).toContainText('2 streams');
  expect(pageProblems).toEqual([]);
});

test('"Map columns…" is the one name: the welcome button and the dialog it opens', async ({ page, host, scratch }) => {
  const odd = writeJournal(scratch, 'odd.ndjson', ODD_EVENTS);
  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Map columns…' }).click());
  await chooser.setFiles(odd);
  const dialog = page.getByRole('dialog', { name: 'Map columns' });
  await expect(dialog.getByRole('combobox', { name: 'Stream', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Open with options')).toHaveCount(0);
});

// "Load reducer…" in the browser host: a reducer file chosen in the page is sent to the host, kept for this tab's
// session while it is loaded (never its place on the host shown), and removed once replaced or the session closes.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectFileChooser, pickStream, screenshot, test, writeJournal } from './fixtures.js';

const LEDGER_EVENTS = [
  { stream: 'ledger-1', version: 1, type: 'posted', time: '2026-03-01T09:00:00Z', data: { amount: 100 }, metadata: {} },
  { stream: 'ledger-1', version: 2, type: 'posted', time: '2026-03-01T09:01:00Z', data: { amount: 50 }, metadata: {} },
  { stream: 'ledger-1', version: 3, type: 'broken', time: '2026-03-01T09:02:00Z', data: { amount: -30 }, metadata: {} },
];

const BALANCE_REDUCER = [
  'export const init = () => ({ balance: 0 });',
  'export function apply(state, event) {',
  "  if (event.type === 'broken') throw new Error('broken entry');",
  '  return { balance: state.balance + event.data.amount };',
  '}',
].join('\n');

async function openLedger(page: Page, url: string, scratch: string): Promise<void> {
  const journal = writeJournal(scratch, 'ledger.ndjson', LEDGER_EVENTS);
  await page.goto(url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(journal);
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  await pickStream(page, 'ledger-1');
}

/** The reducer copies the host keeps: files in the upload folder's sub-folders. */
function keptFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

test('a reducer file chosen in the page is uploaded, loaded and replaced; its copy goes with it', async ({ page, host, scratch, pageProblems }) => {
  const reducerPath = join(scratch, 'balance.mjs');
  writeFileSync(reducerPath, BALANCE_REDUCER);
  await openLedger(page, host.url, scratch);

  const replay = page.getByRole('region', { name: 'Replay' });
  const state = page.getByRole('region', { name: 'State' });
  await replay.getByRole('button', { name: 'Load reducer…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Load reducer' });
  // The file picker comes first, the path on the host's computer stays as the other way.
  await expect(dialog.getByLabel('Reducer file', { exact: true })).toBeFocused();
  await expect(dialog.getByRole('textbox', { name: 'Reducer file path' })).toBeVisible();
  await screenshot(page, 'reducer-upload-dialog');
  await dialog.getByLabel('Reducer file', { exact: true }).setInputFiles(reducerPath);
  await dialog.getByRole('button', { name: 'Load' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(replay.getByRole('combobox', { name: 'Reducer', exact: true })).toHaveValue('custom');
  await expect(replay).toContainText('balance.mjs');
  await replay.getByRole('button', { name: 'Step forward' }).click();
  await replay.getByRole('button', { name: 'Step forward' }).click();
  await expect(state).toContainText(/balance:\s*150/);
  // Its error names the file as the user knows it, with the line.
  await replay.getByRole('button', { name: 'Step forward' }).click();
  await expect(replay.getByRole('alert')).toContainText('balance.mjs:3');

  // The host keeps the copy while it is loaded, and never says where.
  expect(keptFiles(host.uploadFolder)).toEqual(['balance.mjs', 'ledger.ndjson']);
  const status = (await page.evaluate(async () => {
    const token = sessionStorage.getItem('eventlens.token')!;
    const session = sessionStorage.getItem('eventlens.session')!;
    const response = await fetch('api/reducerStatus', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'X-Eventlens-Session': session, 'Content-Type': 'application/json' }, body: '{}' });
    return (await response.json()) as { value: { path: string; name: string } };
  })).value;
  expect(status.name).toBe('balance.mjs');
  expect(status.path).not.toContain(host.uploadFolder);

  // Another reducer replaces it: the first copy is removed.
  const other = join(scratch, 'doubled.mjs');
  writeFileSync(other, 'export const init = () => ({ balance: 0 });\nexport const apply = (s, e) => ({ balance: s.balance + 2 * (e.data.amount ?? 0) });\n');
  await replay.getByRole('button', { name: 'Load reducer…' }).click();
  await dialog.getByLabel('Reducer file', { exact: true }).setInputFiles(other);
  await dialog.getByRole('button', { name: 'Load' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(replay).toContainText('doubled.mjs');
  // Still at the last step, now folded by the new reducer.
  await expect(state).toContainText(/balance:\s*240/);
  expect(keptFiles(host.uploadFolder)).toEqual(['doubled.mjs', 'ledger.ndjson']);

  // The session closes (the tab left, or idle): its reducer copy goes with its journal.
  await host.sessions.closeAll();
  await expect.poll(() => keptFiles(host.uploadFolder)).toEqual([]);
  expect(pageProblems).toEqual([]);
});

test('a reducer file that does not load, or is too large, is said in the dialog and leaves no copy', async ({ page, host, scratch }) => {
  await openLedger(page, host.url, scratch);
  const replay = page.getByRole('region', { name: 'Replay' });
  const broken = join(scratch, 'broken.mjs');
  writeFileSync(broken, 'export function apply(state, event) {\n  return state +;\n}\n');
  await replay.getByRole('button', { name: 'Load reducer…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Load reducer' });
  await dialog.getByLabel('Reducer file', { exact: true }).setInputFiles(broken);
  await dialog.getByRole('button', { name: 'Load' }).click();
  await expect(dialog.getByRole('alert')).toContainText('The reducer broken.mjs does not load');
  await expect(dialog.getByRole('alert')).not.toContainText(host.uploadFolder);
  expect(keptFiles(host.uploadFolder)).toEqual(['ledger.ndjson']);

  // Far larger than any reducer: refused in words, before it is kept.
  await dialog.getByLabel('Reducer file', { exact: true }).setInputFiles({ name: 'huge.js', mimeType: 'text/javascript', buffer: Buffer.alloc(5 * 1024 * 1024, 0x20) });
  await dialog.getByRole('button', { name: 'Load' }).click();
  await expect(dialog.getByRole('alert')).toContainText('larger than');
  expect(keptFiles(host.uploadFolder)).toEqual(['ledger.ndjson']);

  // The path on this computer still works from the same dialog.
  const good = join(scratch, 'good.mjs');
  writeFileSync(good, BALANCE_REDUCER);
  await dialog.getByLabel('Reducer file', { exact: true }).setInputFiles([]);
  await dialog.getByRole('textbox', { name: 'Reducer file path' }).fill(good);
  await dialog.getByRole('button', { name: 'Load' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(replay).toContainText('good.mjs');
  await expect(replay).toContainText('revision 1');
});

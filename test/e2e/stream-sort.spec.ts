// Sort by Name reads like a person counts: account-2 before account-10, whatever the ids' lengths.
import { expect, expectFileChooser, test, writeJournal } from './fixtures.js';

test('the stream list sorted by name is in natural order', async ({ page, host, scratch, pageProblems }) => {
  const names = ['account-100', 'account-10', 'account-2', 'account-1', 'account-20', 'account-3', 'account-007', 'account-7'];
  const path = writeJournal(
    scratch,
    'numbered.ndjson',
    names.map((stream, i) => ({ stream, version: 1, type: 'opened', time: `2026-05-01T00:00:0${i}Z`, data: {}, metadata: {} })),
  );
  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(path);
  const list = page.getByRole('listbox', { name: 'Stream list' });
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', String(names.length));

  const natural = ['account-1', 'account-2', 'account-3', 'account-007', 'account-7', 'account-10', 'account-20', 'account-100'];
  const sortBy = page.getByRole('combobox', { name: 'Sort by' });
  await expect(sortBy).toHaveValue('name');
  await expect.poll(async () => list.getByRole('option').evaluateAll((options) => options.map((o) => o.textContent?.trim().split(/\s+/)[0]))).toEqual(natural);

  // Another sort and back: the same order again.
  await sortBy.selectOption('count');
  await sortBy.selectOption('name');
  await expect.poll(async () => list.getByRole('option').evaluateAll((options) => options.map((o) => o.textContent?.trim().split(/\s+/)[0]))).toEqual(natural);
  for (const [i, name] of natural.entries()) {
    await expect(list.getByRole('option', { name, exact: true })).toHaveAttribute('aria-posinset', String(i + 1));
  }
  expect(pageProblems).toEqual([]);
});

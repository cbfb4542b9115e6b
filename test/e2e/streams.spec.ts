// The Streams area: filtering, picking, keyboard, sorting and categories.
import { eventCells, expect, expectFileChooser, openSample, rowsOf, test, writeJournal } from './fixtures.js';

test('filters the streams and picks one for the chart, the events and the replay', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  const list = page.getByRole('listbox', { name: 'Stream list' });
  // Virtual: every stream is counted, the ones on screen are drawn.
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', '370');
  await expect(page.getByRole('region', { name: 'Streams' }).locator('.panel-head .count')).toHaveText('370');
  expect(await list.getByRole('option').count()).toBeLessThan(60);

  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('user-000');
  await expect(list.getByRole('option')).toHaveCount(9);
  await expect(list.getByRole('option').first()).toHaveAccessibleName('user-0001');

  await list.getByRole('option', { name: 'user-0003' }).click();
  await expect(list.getByRole('option', { name: 'user-0003' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'Replay' })).toContainText('user-0003');
  await expect(page.getByText('rows 1–8 of 8')).toBeVisible();
  await expect(eventCells(page, 3)).toHaveText(Array(8).fill('user-0003'));

  // A click hands the keys to the replay; with the focus in the listbox, arrows move the selection and the replay follows.
  await expect(page.getByRole('group', { name: 'Replay controls' })).toBeFocused();
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option', { name: 'user-0004' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'Replay' })).toContainText('user-0004');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(list.getByRole('option', { name: 'user-0002' })).toHaveAttribute('aria-selected', 'true');

  // "All streams" goes back to the whole journal.
  await page.getByRole('button', { name: 'All streams', exact: true }).click();
  await expect(rowsOf(page, '3,016')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Replay' })).toContainText('Select a stream');
  expect(pageProblems).toEqual([]);
});

test('Ctrl+F focuses the filter; sorting and categories reorder and fold the list', async ({ page, host }) => {
  await openSample(page, host);
  await page.getByRole('heading', { name: 'Event rate' }).click();
  await page.keyboard.press('Control+f');
  await expect(page.getByRole('searchbox', { name: 'Filter streams' })).toBeFocused();

  const list = page.getByRole('listbox', { name: 'Stream list' });
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('count');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', '370');
  // Sorted by count within each category group: the first rows drawn are the account streams, busiest first.
  await expect.poll(async () => (await list.getByRole('option').allTextContents()).length).toBeGreaterThan(10);
  const numbers = (await list.getByRole('option').locator('.events').allTextContents()).map((text) => Number(text.replace(/,/g, '')));
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  await expect(list.getByRole('option').first()).toHaveAccessibleName(/^account-/);

  const categories = page.getByRole('group', { name: 'Stream categories' });
  await categories.getByRole('button', { name: /^account/ }).click();
  await expect(categories.getByRole('button', { name: /^account/ })).toHaveAttribute('aria-pressed', 'false');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', '280');
  await expect(list.getByRole('option').first()).toHaveAccessibleName(/^cart-/);
  await categories.getByRole('button', { name: /^account/ }).click();
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', '370');
});

test('a journal with more streams than fit on screen scrolls to every one of them', async ({ page, host, scratch }) => {
  const events = Array.from({ length: 2100 }, (_, i) => ({
    stream: `s-${String(i).padStart(4, '0')}`,
    version: 1,
    type: 'created',
    time: '2026-05-01T00:00:00Z',
    data: { n: i },
    metadata: {},
  }));
  const path = writeJournal(scratch, 'many-streams.ndjson', events);
  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(path);
  const list = page.getByRole('listbox', { name: 'Stream list' });
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', '2100');
  // End goes to the last stream, scrolling the list to it.
  await list.getByRole('option').first().click();
  await list.focus();
  await page.keyboard.press('End');
  await expect(list.getByRole('option', { name: 's-2099' })).toHaveAttribute('aria-selected', 'true');
  await expect(list.getByRole('option', { name: 's-2099' })).toHaveAttribute('aria-posinset', '2100');
  await expect(list.getByRole('option', { name: 's-2099' })).toBeInViewport();
  await page.keyboard.press('PageUp');
  await expect(list.locator('[aria-selected="true"]')).toBeInViewport();
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('s-20');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-setsize', '100');
});

// Keys go where the window shows them going: a picked stream hands ←/→/Home/End/Space to the Replay controls (with a
// focus ring around them), the stream list keeps its arrows while it has the focus, and the Events grid is one Tab
// stop whose arrows, Page keys, Home and End move its active row into view.
import type { Locator, Page } from '@playwright/test';
import { expect, openSample, rowsOf, screenshot, test } from './fixtures.js';

/** The row the grid's aria-activedescendant names, or null. */
async function activeRow(grid: Locator): Promise<{ row: number; name: string | null; selected: string | null } | null> {
  return grid.evaluate((element) => {
    const id = element.getAttribute('aria-activedescendant');
    const row = id ? document.getElementById(id) : null;
    return row ? { row: Number(row.getAttribute('aria-rowindex')), name: row.getAttribute('aria-label'), selected: row.getAttribute('aria-selected') } : null;
  });
}

/** What has the focus: its role and name, and whether it sits in a row of the Events grid. */
function focused(page: Page): Promise<{ role: string | null; label: string | null; inRow: boolean; inGrid: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement;
    return {
      role: element?.getAttribute('role') ?? element?.tagName.toLowerCase() ?? null,
      label: element?.getAttribute('aria-label') ?? element?.textContent?.trim().slice(0, 40) ?? null,
      inRow: element?.closest('[role="grid"] [role="row"][aria-rowindex]:not([aria-rowindex="1"])') !== null,
      inGrid: element?.closest('[role="grid"][aria-label="Events"]') !== null,
    };
  });
}

test('a stream picked with a click or Enter hands the replay keys to the Replay controls, shown by a ring', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  const list = page.getByRole('listbox', { name: 'Stream list' });
  const controls = page.getByRole('group', { name: 'Replay controls' });
  const slider = page.getByRole('slider', { name: 'Replay position' });
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('user-000');
  await list.getByRole('option', { name: 'user-0001' }).click();

  await expect(controls).toBeFocused();
  // The ring says where the keys go.
  expect(await controls.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
  expect(await controls.evaluate((element) => parseFloat(getComputedStyle(element).outlineWidth))).toBeGreaterThanOrEqual(2);
  await screenshot(page, 'keyboard-replay-focus');

  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '1');
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuenow', '9');
  // End jumped the replay, not the stream list.
  await expect(list.getByRole('option', { name: 'user-0001' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuenow', '8');
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();

  // With the focus in the stream list, the arrows move through the streams (and the replay follows the selection).
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option', { name: 'user-0002' })).toHaveAttribute('aria-selected', 'true');
  await expect(list).toBeFocused();
  // Enter hands the keys to the replay of the stream picked.
  await page.keyboard.press('Enter');
  await expect(controls).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '1');
  await expect(page.getByRole('region', { name: 'Replay' })).toContainText('user-0002');
  expect(pageProblems).toEqual([]);
});

test('the Events grid is one Tab stop; arrows, Page keys, Home and End move its active row into view, Enter shows it', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  const grid = page.getByRole('grid', { name: 'Events' });
  await expect(rowsOf(page, '3,016')).toBeVisible();
  // No row holds a control of its own: the rows are not Tab stops.
  await expect(grid.locator('[role="row"][data-index] :is(button, a, input, [tabindex])')).toHaveCount(0);

  // Tab into the grid from the control before it, then on: the rows are passed in one step.
  await grid.focus();
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).inGrid).toBe(false);
  await page.keyboard.press('Tab');
  await expect(grid).toBeFocused();
  const stops: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (!now.inGrid) break;
    expect(now.inRow, `a row took the focus: ${now.label}`).toBe(false);
    stops.push(`${now.role} ${now.label}`);
  }
  // Only the column resize handles follow the grid itself, never a row.
  for (const stop of stops) expect(stop).toMatch(/^separator Resize the \w+ column$/);
  expect(stops.length).toBeLessThanOrEqual(4);

  await grid.focus();
  // Focus lands on the first row shown, drawn with a ring, nothing selected yet.
  await expect.poll(() => activeRow(grid)).toMatchObject({ row: 2, selected: 'false' });
  const ringOf = (row: number) => grid.locator(`[role="row"][aria-rowindex="${row}"]`).evaluate((element) => getComputedStyle(element, '::after').outlineStyle);
  expect(await ringOf(2)).toBe('solid');

  await page.keyboard.press('ArrowDown');
  await expect.poll(() => activeRow(grid)).toMatchObject({ row: 3, selected: 'true', name: expect.stringMatching(/^Event 2: /) });
  const details = page.getByRole('region', { name: 'Event details' });
  await expect(details).toContainText('position 2');
  expect(await ringOf(3)).toBe('solid');
  await screenshot(page, 'keyboard-events-grid');

  await page.keyboard.press('PageDown');
  await expect.poll(async () => (await activeRow(grid))?.row ?? 0).toBeGreaterThan(8);
  const paged = (await activeRow(grid))!.row;
  await expect(grid.locator(`[role="row"][aria-rowindex="${paged}"]`)).toBeInViewport();
  await page.keyboard.press('PageUp');
  await expect.poll(async () => (await activeRow(grid))?.row).toBe(3);

  await page.keyboard.press('End');
  await expect.poll(() => activeRow(grid)).toMatchObject({ row: 3017, selected: 'true', name: expect.stringMatching(/^Event 3,016: /) });
  await expect(grid.getByRole('row', { name: /^Event 3,016: / })).toBeInViewport();
  await expect(details).toContainText('position 3,016');
  await expect(page.getByText(/^rows [\d,]+–3,016 of 3,016$/)).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => activeRow(grid)).toMatchObject({ row: 3016, name: expect.stringMatching(/^Event 3,015: /) });

  await page.keyboard.press('Home');
  await expect.poll(() => activeRow(grid)).toMatchObject({ row: 2, selected: 'true' });
  await expect(grid.getByRole('row', { name: /^Event 1: / })).toBeInViewport();

  // Closing the details and pressing Enter shows the active row's event again.
  await page.getByRole('button', { name: 'Close details' }).click();
  await expect(details).toHaveCount(0);
  await grid.focus();
  await page.keyboard.press('Enter');
  await expect(details).toContainText('position 1');
  expect(pageProblems).toEqual([]);
});

// The Events grid's columns: widths that fit what they hold, a cut cell's full text on hover, and widths a person sets
// by dragging a column's edge or with the arrow keys on it, kept while the window lives.
import type { Locator } from '@playwright/test';
import { corpusFile, expect, expectFileChooser, openJournalFile, screenshot, test, writeJournal } from './fixtures.js';

/** The drawn cells of one column (1-based) that are cut: their text does not fit their box. */
function cutCells(grid: Locator, column: number): Promise<string[]> {
  return grid.evaluate(
    (element, n) =>
      [...element.querySelectorAll(`[role="row"][data-index]:not([aria-busy]) [role="gridcell"]:nth-child(${n})`)]
        .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
        .map((cell) => cell.textContent ?? ''),
    column,
  );
}

const width = (header: Locator) => header.evaluate((element) => element.getBoundingClientRect().width);

/** An Emmett-like store export: long type names, global positions past ten million, stream ids with a UUID. */
function writeShop(folder: string): string {
  const types = ['ShoppingCartOpened', 'ProductItemAddedToShoppingCart', 'ProductItemRemovedFromShoppingCart', 'ShoppingCartConfirmed'];
  return writeJournal(
    folder,
    'shop.ndjson',
    Array.from({ length: 60 }, (_, i) => ({
      stream: `shopping_cart-${(i % 3) + 1}b7e3f2a-9c4d-4e1f-8a2b-5d6c7e8f9a0b`,
      version: Math.floor(i / 3) + 1,
      position: 12_345_678 + i * 1_001,
      type: types[i % types.length],
      time: new Date(Date.UTC(2026, 2, 1, 9, 0, i)).toISOString(),
      data: { productId: `p-${i}`, quantity: (i % 4) + 1 },
      metadata: {},
    })),
  );
}

test('default widths fit positions past ten million and long types; Version stays narrow', async ({ page, host, scratch, pageProblems }) => {
  await openJournalFile(page, host.url, writeShop(scratch));
  const grid = page.getByRole('grid', { name: 'Events' });
  await expect(grid.getByRole('row', { name: /^Event 12,345,678: ShoppingCartOpened in / })).toBeVisible();
  expect(await cutCells(grid, 1)).toEqual([]);
  expect(await cutCells(grid, 4)).toEqual([]);
  expect(await cutCells(grid, 5)).toEqual([]);
  const header = (name: string) => grid.getByRole('columnheader', { name });
  expect(await width(header('Version'))).toBeLessThan(await width(header('Position')));
  expect(await width(header('Version'))).toBeLessThanOrEqual(72);

  // A double click on a column's edge fits it to the widest cell shown, as in a spreadsheet.
  const typeWidth = await width(header('Type'));
  await grid.getByRole('separator', { name: 'Resize the Stream column' }).dblclick();
  expect(await cutCells(grid, 3)).toEqual([]);
  expect(await width(header('Type'))).toBeGreaterThanOrEqual(Math.min(typeWidth, 200));
  await screenshot(page, 'columns-shop');
  expect(pageProblems).toEqual([]);
});

test('a cut cell shows its full text on hover; columns resize by drag and by keys, and keep their widths', async ({ page, host, scratch, pageProblems }) => {
  // A Temporal history whose workflow id is longer than the Stream column.
  await openJournalFile(page, host.url, corpusFile('temporal/gogoproto-payload-workflow.json'));
  const grid = page.getByRole('grid', { name: 'Events' });
  const streamId = 'proto_json_stability_workflowID5d0356be-ce41-4d37-9d0e-6addebb475ba';
  await expect(grid.getByRole('row', { name: /^Event 1: WorkflowExecutionStarted in / })).toBeVisible();
  const streamCell = grid.getByRole('row', { name: /^Event 1: / }).getByRole('gridcell').nth(2);
  expect(await cutCells(grid, 3)).not.toEqual([]);
  await streamCell.hover();
  await expect(streamCell).toHaveAttribute('title', streamId);
  // A cell that fits says nothing more.
  const positionCell = grid.getByRole('row', { name: /^Event 1: / }).getByRole('gridcell').first();
  await positionCell.hover();
  await expect(positionCell).not.toHaveAttribute('title');

  // Dragging the Stream column's edge widens it until the id fits.
  const streamHeader = grid.getByRole('columnheader', { name: 'Stream' });
  const handle = grid.getByRole('separator', { name: 'Resize the Stream column' });
  const before = await width(streamHeader);
  const needed = await streamCell.evaluate((cell) => cell.scrollWidth);
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width / 2 + needed - before + 12, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = await width(streamHeader);
  expect(dragged).toBeGreaterThanOrEqual(needed);
  expect(await cutCells(grid, 3)).toEqual([]);
  await streamCell.hover();
  await expect(streamCell).not.toHaveAttribute('title');
  await screenshot(page, 'columns-temporal-resized');

  // The keyboard: the Time column's edge takes the arrow keys, and says its width.
  const timeHeader = grid.getByRole('columnheader', { name: 'Time' });
  const timeHandle = grid.getByRole('separator', { name: 'Resize the Time column' });
  const time = await width(timeHeader);
  await timeHandle.focus();
  await expect(timeHandle).toHaveAttribute('aria-valuenow', String(Math.round(time)));
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => width(timeHeader)).toBeLessThan(time - 10);
  await expect(timeHandle).toHaveAttribute('aria-valuenow', String(Math.round(await width(timeHeader))));
  const narrowed = await width(timeHeader);

  // Another journal opened in the same window keeps the widths set.
  const chooser = await expectFileChooser(page, () => page.getByRole('banner').getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(writeShop(scratch));
  await expect(page.getByRole('banner').getByRole('heading', { name: 'shop.ndjson' })).toBeVisible({ timeout: 30_000 });
  const shopGrid = page.getByRole('grid', { name: 'Events' });
  await expect(shopGrid.getByRole('row', { name: /^Event 12,345,678: / })).toBeVisible();
  expect(Math.round(await width(shopGrid.getByRole('columnheader', { name: 'Stream' })))).toBe(Math.round(dragged));
  expect(Math.round(await width(shopGrid.getByRole('columnheader', { name: 'Time' })))).toBe(Math.round(narrowed));
  expect(pageProblems).toEqual([]);
});

// The Event rate chart: drawn, scoped to the selected stream, and dragged to narrow the events.
import type { Page } from '@playwright/test';
import { eventCells, expect, openSample, screenshot, test } from './fixtures.js';

/** How many pixels of the chart's canvas are painted. */
function paintedPixels(page: Page): Promise<number> {
  return page.getByRole('img', { name: 'Event rate' }).evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    if (!context) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });
}

async function rowTotal(page: Page): Promise<number> {
  const text = await page.getByText(/^rows .* of [\d,]+$|^no rows$/).textContent();
  const match = /of ([\d,]+)$/.exec(text ?? '');
  return match ? Number(match[1]!.replace(/,/g, '')) : 0;
}

test('draws the event rate and narrows the events to a dragged time range', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  const chart = page.getByRole('img', { name: 'Event rate' });
  await expect(chart).toBeVisible();
  await expect.poll(() => paintedPixels(page)).toBeGreaterThan(5000);
  await expect(page.getByRole('list', { name: 'Event types in the chart' })).toContainText('money_deposited');
  await expect(page.getByRole('region', { name: 'Event rate' })).toContainText(/per (\d+ )?hours? · all streams/);

  const box = (await chart.boundingBox())!;
  const y = box.y + box.height * 0.6;
  await page.mouse.move(box.x + box.width * 0.35, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, y, { steps: 8 });
  await page.mouse.up();

  const range = page.getByTestId('time-range');
  await expect(range).toBeVisible();
  const [from, to] = (await range.textContent())!.split(' → ');
  await expect.poll(() => rowTotal(page)).toBeLessThan(3016);
  const total = await rowTotal(page);
  expect(total).toBeGreaterThan(0);
  const times = await eventCells(page, 2).allTextContents();
  for (const time of times) {
    expect(Date.parse(time)).toBeGreaterThanOrEqual(Date.parse(from!));
    expect(Date.parse(time)).toBeLessThan(Date.parse(to!));
  }
  await expect(page.getByRole('button', { name: 'Clear time range' })).toBeVisible();
  await page.mouse.move(0, 0);
  await screenshot(page, 'chart-range');

  await page.getByRole('button', { name: 'Clear range' }).click();
  await expect(range).toHaveCount(0);
  await expect.poll(() => rowTotal(page)).toBe(3016);

  // Double-click resets a range too.
  await page.mouse.move(box.x + box.width * 0.2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, y, { steps: 4 });
  await page.mouse.up();
  await expect(range).toBeVisible();
  await chart.dblclick();
  await expect(range).toHaveCount(0);
  await expect.poll(() => rowTotal(page)).toBe(3016);
  expect(pageProblems).toEqual([]);
});

test('follows the selected stream', async ({ page, host }) => {
  await openSample(page, host);
  await page.getByRole('option', { name: 'account-0004' }).click();
  await expect(page.getByRole('region', { name: 'Event rate' })).toContainText('account-0004');
  const legend = page.getByRole('list', { name: 'Event types in the chart' });
  await expect(legend).not.toContainText('user_created');
  await expect(legend).toContainText('account_opened');
  await expect.poll(() => paintedPixels(page)).toBeGreaterThan(500);
});

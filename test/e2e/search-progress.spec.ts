// Long work with progress and a way out: a payload search over a big journal shows how many events it has tested
// and can be cancelled (the service stops it), while the stream list and the table keep their previous content; the
// first jump to the end of a long stream shows how far the replay has got.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openInTab, openSample, pickStream, screenshot, test, writeLargeJournal } from './fixtures.js';

const EVENTS = 300_000;

async function tableTotal(page: Page): Promise<number | null> {
  const text = (await page.getByText(/^rows .* of [\d,]+$|^no rows$/).textContent().catch(() => null)) ?? '';
  const match = /of ([\d,]+)$/.exec(text);
  return text === 'no rows' ? 0 : match ? Number(match[1]!.replace(/,/g, '')) : null;
}

test('a payload search over a big journal shows its progress, keeps the window filled, and stops when cancelled', async ({ page, host, scratch, pageProblems }) => {
  test.setTimeout(120_000);
  const path = writeLargeJournal(scratch, 'big.ndjson', EVENTS, 3);
  const service = await openInTab(page, host, path);
  const list = page.getByRole('listbox', { name: 'Stream list' });
  await expect.poll(() => tableTotal(page), { timeout: 30_000 }).toBe(EVENTS);

  const where = page.getByRole('textbox', { name: 'Field condition' });
  await where.fill('data.amount > 990');
  await where.press('Enter');

  // Determinate progress (events tested of the journal's), with a Cancel button.
  const search = page.getByRole('group', { name: 'Payload search' });
  await expect(search).toBeVisible({ timeout: 20_000 });
  const bar = search.getByRole('progressbar', { name: 'Search progress' });
  await expect(bar).toHaveAttribute('max', String(EVENTS));
  await expect(search).toContainText(`of ${EVENTS.toLocaleString('en-US')} events`);
  await expect(search).toContainText('data.amount > 990');
  // Meanwhile the stream list and the table keep what they showed (dimmed), not "Loading streams…" or an empty table.
  await expect(page.getByText('Loading streams…')).toHaveCount(0);
  expect(await list.getByRole('option').count()).toBeGreaterThan(5);
  expect(await page.getByRole('grid', { name: 'Events' }).locator('[role="row"][data-index]:not([aria-busy])').count()).toBeGreaterThan(5);
  await search.getByRole('button', { name: 'Cancel search' }).click();
  await expect(search).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'was cancelled' })).toContainText('data.amount > 990');
  // Stopped in the service, not only ignored here: nothing searches any more.
  expect((await service.workProgress()).search).toBeNull();
  await expect(page.getByRole('group', { name: 'Active filters' })).toHaveCount(0);
  await expect.poll(() => tableTotal(page)).toBe(EVENTS);
  await expect(where).toHaveValue('');

  // Asked again and left to finish, the same search answers in full.
  await where.fill('data.amount > 990');
  await where.press('Enter');
  let expected = 0;
  for (let i = 0; i < EVENTS; i++) if ((i * 7919) % 1000 > 990) expected++;
  await expect.poll(() => tableTotal(page), { timeout: 60_000 }).toBe(expected);
  await expect(search).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('the search progress reads well in both schemes and a small window', async ({ page, host }) => {
  // A search held open: its events wait, and the service's progress is a fixed answer, so the bar stays to be looked at.
  await openSample(page, host);
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/events', async (route) => {
    if (String(route.request().postData()).includes('data.amount')) await held;
    await route.continue();
  });
  await page.route('**/api/workProgress', (route) =>
    route.fulfill({ json: { ok: true, value: { search: { searching: ['data.amount > 5'], scanned: 1250, total: 3016 }, replay: null } } }),
  );
  const where = page.getByRole('textbox', { name: 'Field condition' });
  await where.fill('data.amount > 5');
  await where.press('Enter');
  const search = page.getByRole('group', { name: 'Payload search' });
  await expect(search).toContainText('1,250 of 3,016 events');
  await expect(search.getByRole('progressbar', { name: 'Search progress' })).toHaveAttribute('aria-valuetext', '1,250 of 3,016 events (41%)');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(
      axe.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id}: ${violation.nodes.slice(0, 6).map((node) => `${node.target.join(' ')} ${node.failureSummary ?? ''}`).join(' | ')}`),
      colorScheme,
    ).toEqual([]);
  }
  await page.setViewportSize({ width: 900, height: 700 });
  await expect(search.getByRole('button', { name: 'Cancel search' })).toBeInViewport();
  await screenshot(page, 'search-progress-dark-900');
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshot(page, 'search-progress-light-900');
  release();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('the first jump to the end of a long stream shows how far the replay has got, and can be cancelled and resumed', async ({ page, host, scratch }) => {
  test.setTimeout(180_000);
  const length = 200_000;
  const start = Date.parse('2026-01-01T00:00:00Z');
  const lines: string[] = [];
  for (let i = 0; i < length; i++) {
    lines.push(JSON.stringify({ stream: 'ledger-1', version: i + 1, type: i % 2 ? 'posted' : 'reversed', time: new Date(start + i * 1000).toISOString(), data: { amount: i % 1000, [`k${i % 50}`]: i } }));
  }
  const path = join(scratch, 'ledger.ndjson');
  writeFileSync(path, lines.join('\n') + '\n');
  await openInTab(page, host, path);
  await pickStream(page, 'ledger-1');
  const slider = page.getByRole('slider', { name: 'Replay position' });
  await expect(slider).toHaveAttribute('aria-valuenow', '0', { timeout: 30_000 });

  await page.getByRole('button', { name: 'Jump to end' }).click();
  const walk = page.getByRole('group', { name: 'Replay progress' });
  await expect(walk).toBeVisible({ timeout: 20_000 });
  await expect(walk.getByRole('progressbar')).toHaveAttribute('max', String(length));
  await expect(walk).toContainText(`of ${length.toLocaleString('en-US')} events`);

  // Cancelled: the replay stays on the step it showed and says where the walk stopped; Resume goes on to the end.
  await walk.getByRole('button', { name: 'Cancel replay' }).click();
  await expect(walk).toHaveCount(0, { timeout: 30_000 });
  await screenshot(page, 'replay-cancelled');
  const cancelled = page.getByRole('status').filter({ hasText: 'was cancelled' });
  await expect(cancelled).toContainText(new RegExp(`The replay of ledger-1 was cancelled at [\\d,]+ of ${length.toLocaleString('en-US')} events`));
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await expect(slider).toHaveAttribute('aria-valuetext', /^start, before the first event/);
  await cancelled.getByRole('button', { name: 'Resume' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', String(length), { timeout: 60_000 });
  await expect(cancelled).toHaveCount(0);
  await expect(walk).toHaveCount(0);
});

// Narrow and short windows: every control stays inside the window and readable, nothing is cut by its panel, and the
// areas that cannot sit side by side are switched by tabs rather than squeezed.
import type { Page } from '@playwright/test';
import { expect, openSample, pickStream, screenshot, test } from './fixtures.js';

/**
 * Visible controls that are cut: outside the window, hidden by an ancestor that clips (overflow hidden or clip, not a
 * scroll container the user can scroll), or whose own text does not fit. Each is described for the failure message.
 */
async function cutControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const selector = 'button, input, select, [role="tab"], [role="columnheader"], h1, h2';
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || element.closest('dialog:not([open]), [hidden]')) continue;
      if (getComputedStyle(element).visibility === 'hidden') continue;
      const name = `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`;
      if (box.left < -1 || box.right > window.innerWidth + 1) problems.push(`${name} is outside the window`);
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        const clips = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
        if (!clips) continue;
        const outer = parent.getBoundingClientRect();
        if (box.left < outer.left - 1 || box.right > outer.right + 1) {
          problems.push(`${name} is cut by its ${parent.tagName.toLowerCase()}.${parent.className.split(' ')[0]}`);
          break;
        }
      }
      // Text inputs scroll their own text; everything else must show all of its text.
      if (!(element instanceof HTMLInputElement) && element.scrollWidth > element.clientWidth + 1) {
        problems.push(`${name} does not fit its text (${element.scrollWidth} > ${element.clientWidth})`);
      }
    }
    return problems;
  });
}

async function expectInWindow(page: Page, locator: ReturnType<Page['locator']>): Promise<void> {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 1);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height + 1);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`at 900×700 (${scheme}) every area is reachable and nothing is cut`, async ({ page, host, pageProblems }) => {
    await page.setViewportSize({ width: 900, height: 700 });
    await page.emulateMedia({ colorScheme: scheme });
    await openSample(page, host);

    // The header's facts (counts and the whole time span) are read in full.
    const span = page.getByText(/2026-10-01T.*→.*\(42 days\)/);
    await expectInWindow(page, span);
    expect(await span.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);

    // The chart keeps room to draw beside its legend, and the Events table shows all of its columns.
    const chart = page.getByRole('img', { name: 'Event rate' });
    expect((await chart.boundingBox())!.height).toBeGreaterThan(60);
    const table = page.getByRole('grid', { name: 'Events' });
    for (const column of ['Position', 'Time', 'Stream', 'Version', 'Type']) {
      await expectInWindow(page, table.getByRole('columnheader', { name: column }));
    }
    expect(await cutControls(page)).toEqual([]);
    await screenshot(page, `narrow-events-${scheme}`);

    // Picking a stream shows the replay in the same place, with its controls whole.
    await page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: 'account-0004', exact: true }).click();
    await expect(page.getByRole('tab', { name: 'Replay' })).toHaveAttribute('aria-selected', 'true');
    for (const control of ['Jump to start', 'Step back', 'Step forward', 'Jump to end', 'Play']) {
      await expectInWindow(page, page.getByRole('button', { name: control, exact: true }));
    }
    // The replay keys reach the replay shown by the pick, as in the wide layout.
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('slider', { name: 'Replay position' })).toHaveAttribute('aria-valuenow', '1');
    expect(await cutControls(page)).toEqual([]);
    await screenshot(page, `narrow-replay-${scheme}`);

    // The tabs follow the tab pattern: arrows move between them.
    await page.getByRole('tab', { name: 'Replay' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('tab', { name: 'Events' })).toBeFocused();
    await expect(page.getByRole('tab', { name: 'Events' })).toHaveAttribute('aria-selected', 'true');
    await expect(table).toBeVisible();

    // The findings can be read: the list is in the window.
    await page.getByRole('button', { name: /^Findings/ }).click();
    const findings = page.getByRole('region', { name: 'Findings' });
    const first = findings.getByRole('list', { name: /findings$/ }).getByRole('listitem').first();
    await expect(first).toBeVisible({ timeout: 30_000 });
    await expectInWindow(page, first);
    expect(await cutControls(page)).toEqual([]);
    await screenshot(page, `narrow-findings-${scheme}`);
    expect(pageProblems).toEqual([]);
  });
}

test('at 1440×900 the three areas sit side by side and nothing is cut', async ({ page, host }) => {
  await openSample(page, host);
  await expect(page.getByRole('tablist', { name: 'Events or replay' })).toHaveCount(0);
  await pickStream(page, 'account-0004');
  for (const name of ['Streams', 'Event rate', 'Events', 'Replay']) {
    await expectInWindow(page, page.getByRole('region', { name, exact: true }));
  }
  expect(await cutControls(page)).toEqual([]);
});

test('at 1280×800 the Events table keeps all of its columns beside the replay', async ({ page, host }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openSample(page, host);
  await pickStream(page, 'account-0004');
  const table = page.getByRole('grid', { name: 'Events' });
  for (const column of ['Position', 'Time', 'Stream', 'Version', 'Type']) {
    await expectInWindow(page, table.getByRole('columnheader', { name: column }));
  }
  await expectInWindow(page, page.getByRole('button', { name: 'Step forward' }));
  expect(await cutControls(page)).toEqual([]);
});

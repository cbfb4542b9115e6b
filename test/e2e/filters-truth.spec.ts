// Filters that tell the truth: every chip narrows what it says, the chart counts exactly what the table lists (and
// says so), a type has one colour everywhere, a finding clears the filters that would hide it, and a condition with
// bad syntax is refused where it is wrong.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openInTab, openSample, pickTypes, screenshot, test, writeJournal } from './fixtures.js';

const SAMPLE_EVENTS = 3016;

/** axe-core's serious and critical WCAG A/AA violations on the page now, one line each. */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include !== undefined) builder.include(include);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
const GREY = 'rgb(154, 160, 168)';

/** The Events table's count, from the line under it. */
async function tableTotal(page: Page): Promise<number | null> {
  const text = (await page.getByText(/^rows .* of [\d,]+$|^no rows$/).textContent().catch(() => null)) ?? '';
  if (text === 'no rows') return 0;
  const match = /of ([\d,]+)$/.exec(text);
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
}

/** "Showing 98 of 3,016 events" as [98, 3016]; null when the chart says nothing narrows it. */
async function chartShown(page: Page): Promise<[number, number] | null> {
  const shown = page.getByTestId('chart-shown');
  if ((await shown.count()) === 0) return null;
  const match = /Showing ([\d,]+) of ([\d,]+) events?/.exec((await shown.textContent()) ?? '');
  return match ? [Number(match[1]!.replace(/,/g, '')), Number(match[2]!.replace(/,/g, ''))] : null;
}

/** The chart's description says how many events its bars count. */
async function chartEvents(page: Page): Promise<number> {
  const text = (await page.getByRole('img', { name: 'Event rate' }).textContent()) ?? '';
  return Number(/bars, ([\d,]+) events/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
}

/** Waits until the table and the chart have both answered for the filters, and agree. */
async function expectAgreement(page: Page, total: number, of: number): Promise<void> {
  await expect.poll(() => tableTotal(page), { timeout: 30_000 }).toBe(total);
  await expect.poll(() => chartShown(page), { timeout: 30_000 }).toEqual([total, of]);
  await expect.poll(() => chartEvents(page)).toBe(total);
}

test('every chip narrows what it says, and the chart shows exactly the events the table lists', async ({ page, host, pageProblems }) => {
  // axe-core over the whole window twice: slow on a loaded machine.
  test.setTimeout(90_000);
  await openSample(page, host);
  const chips = page.getByRole('group', { name: 'Active filters' });
  const legend = page.getByRole('list', { name: 'Event types in the chart' });
  await expect(legend.getByRole('listitem')).toHaveCount(9);

  // The stream search narrows the stream list only: it is not shown as an Events filter, and selects no events.
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('account-0004');
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option')).toHaveCount(1);
  await expect(chips).toHaveCount(0);
  await expect.poll(() => tableTotal(page)).toBe(SAMPLE_EVENTS);
  expect(await chartShown(page)).toBeNull();
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('');

  // A type: the chart stacks only that type, and says how many of the journal's events it shows.
  await pickTypes(page, ['checked_out']);
  await expectAgreement(page, 98, SAMPLE_EVENTS);
  await expect(legend.getByRole('listitem')).toHaveCount(1);
  await expect(legend).toContainText('checked_out');

  // Payload text on top, then a condition instead of the type: the chart follows each.
  const service = host.latestService();
  await page.getByRole('searchbox', { name: 'Search payloads' }).fill('c-1');
  const textTotal = (await service.events({ types: ['checked_out'], text: 'c-1', limit: 1 })).total;
  expect(textTotal).toBeGreaterThan(0);
  expect(textTotal).toBeLessThan(98);
  await expectAgreement(page, textTotal, SAMPLE_EVENTS);
  await page.getByRole('searchbox', { name: 'Search payloads' }).fill('');
  await chips.getByRole('button', { name: 'Remove filter: type checked_out' }).click();
  const where = page.getByRole('textbox', { name: 'Field condition' });
  await where.fill('data.amount > 500');
  await where.press('Enter');
  await expectAgreement(page, 377, SAMPLE_EVENTS);
  await expect(legend).not.toContainText('user_created');
  await expect(legend).toContainText('money_deposited');

  // The brush narrows every view together: the table, the chart (zoomed to the range) and the stream counts.
  const chart = page.getByRole('img', { name: 'Event rate' });
  const box = (await chart.boundingBox())!;
  const y = box.y + box.height * 0.6;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 8 });
  await page.mouse.up();
  const range = page.getByTestId('time-range');
  await expect(range).toBeVisible();
  const [from, to] = (await range.textContent())!.split(' → ').map((text) => new Date(Date.parse(text)).toISOString());
  const inRange = (await service.events({ where: 'data.amount > 500', from, to, limit: 1 })).total;
  const allInRange = (await service.events({ from, to, limit: 1 })).total;
  expect(inRange).toBeLessThan(377);
  await expectAgreement(page, inRange, allInRange);
  const streamsInRange = (await service.streamPage({ where: 'data.amount > 500', from, to, limit: 1 })).total;
  await expect(page.getByRole('region', { name: 'Streams' }).locator('.count')).toHaveText(streamsInRange.toLocaleString('en-US'));
  await page.mouse.move(0, 0);
  await screenshot(page, 'filters-truth-chart');
  // What this adds (the chart's count, its legend, the chips) reads well in both schemes and in a small window.
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousViolations(page), colorScheme).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 900, height: 700 });
  await screenshot(page, 'filters-truth-chart-dark-900');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });

  // "Clear all" clears every chip; the chart no longer says it is narrowed.
  await chips.getByRole('button', { name: 'Clear all' }).click();
  await expect.poll(() => tableTotal(page)).toBe(SAMPLE_EVENTS);
  await expect.poll(() => chartShown(page)).toBeNull();
  await expect(legend.getByRole('listitem')).toHaveCount(9);
  expect(pageProblems).toEqual([]);
});

test('a condition with bad syntax is refused where it is wrong, never read as text', async ({ page, host }) => {
  await openSample(page, host);
  const where = page.getByRole('textbox', { name: 'Field condition' });
  await where.fill('data.amount >>> 5');
  await where.press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: 'is not a condition' });
  await expect(alert).toContainText('">>" at character 14');
  await expect(where).toHaveAttribute('aria-invalid', 'true');
  // The part at fault is selected, to be typed over.
  expect(await where.evaluate((box: HTMLInputElement) => box.value.slice(box.selectionStart ?? 0, box.selectionEnd ?? 0))).toBe('>>');
  await expect(page.getByRole('group', { name: 'Active filters' })).toHaveCount(0);
  await expect.poll(() => tableTotal(page)).toBe(SAMPLE_EVENTS);

  await where.fill('data.note = "unclosed');
  await where.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'not closed' })).toContainText('character 13');
  await where.fill('data.amount > 5 and data.currency = "EUR"');
  await where.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'one condition at a time' })).toBeVisible();
  await screenshot(page, 'filters-truth-bad-condition');

  await where.fill('data.amount >= 900');
  await where.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a condition' })).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Active filters' })).toContainText('data.amount >= 900');
});

test('an event type has one colour in the chart, the table and the type picker; the journal\'s rarest share one grey everywhere', async ({ page, host, scratch }) => {
  // 24 types, the first the most frequent: past the 20 the palette tells apart, types share the grey of "other types".
  const events: object[] = [];
  for (let t = 0; t < 24; t++) {
    for (let n = 0; n < 60 - 2 * t; n++) {
      events.push({ stream: `s-${n % 7}`, type: `type_${String(t).padStart(2, '0')}`, time: new Date(Date.parse('2026-05-01T00:00:00Z') + (t * 97 + n) * 60_000).toISOString(), data: { n } });
    }
  }
  const versions = new Map<string, number>();
  for (const event of events as { stream: string; version?: number }[]) event.version = versions.set(event.stream, (versions.get(event.stream) ?? 0) + 1).get(event.stream)!;
  const path = writeJournal(scratch, 'many-types.ndjson', events);
  await openInTab(page, host, path);

  const legend = page.getByRole('list', { name: 'Event types in the chart' });
  // Every type with a colour of its own is stacked as itself (no "other" for the ninth and later), the rest as one.
  await expect(legend.getByRole('listitem')).toHaveCount(21);
  await expect(legend.getByRole('listitem').last()).toHaveText('other types');
  await expect(legend).toContainText('type_12');
  await expect(legend).not.toContainText('type_22');
  const legendColor = async (name: string) => legend.getByRole('listitem').filter({ hasText: name }).locator('.swatch').evaluate((swatch) => getComputedStyle(swatch).backgroundColor);
  const rowColor = async () =>
    page.getByRole('grid', { name: 'Events' }).locator('[role="row"][data-index]:not([aria-busy]) .swatch').first().evaluate((swatch) => getComputedStyle(swatch).backgroundColor);

  const twelfth = await legendColor('type_12');
  expect(twelfth).not.toBe(GREY);
  expect(await legendColor('other types')).toBe(GREY);
  await pickTypes(page, ['type_12']);
  await expect.poll(rowColor).toBe(twelfth);
  await expect(legend.getByRole('listitem')).toHaveCount(1);
  expect(await legendColor('type_12')).toBe(twelfth);

  await pickTypes(page, ['type_22']);
  await expect.poll(rowColor).toBe(GREY);
  await expect(legend.getByRole('listitem')).toHaveText(['other types']);
  await screenshot(page, 'filters-truth-colours');
});

test('a finding clears the filters that would hide its event, and says so', async ({ page, host, scratch }) => {
  const at = (minute: number) => new Date(Date.parse('2026-06-01T09:00:00Z') + minute * 60_000).toISOString();
  const path = writeJournal(scratch, 'gap.ndjson', [
    { stream: 'acct-1', version: 1, type: 'opened', time: at(0), data: { owner: 'ada' } },
    { stream: 'acct-2', version: 1, type: 'opened', time: at(1), data: { owner: 'bob' } },
    { stream: 'acct-1', version: 2, type: 'deposited', time: at(2), data: { amount: 10 } },
    { stream: 'acct-2', version: 2, type: 'deposited', time: at(3), data: { amount: 20 } },
    // Version 3 is missing: the audit finds the gap at acct-1 version 4.
    { stream: 'acct-1', version: 4, type: 'closed', time: at(4), data: { amount: 0 } },
  ]);
  await openInTab(page, host, path);

  await pickTypes(page, ['deposited']);
  const where = page.getByRole('textbox', { name: 'Field condition' });
  await where.fill('data.amount >= 20');
  await where.press('Enter');
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('acct-2');
  await expect.poll(() => tableTotal(page)).toBe(1);

  await page.getByRole('banner').getByRole('button', { name: /^Findings \(/ }).click();
  const findings = page.getByRole('region', { name: 'Findings' });
  await findings.getByRole('button').filter({ hasText: 'acct-1 · version 4' }).first().click();

  // The stream is chosen, the filters hiding its event are gone, and the window says which.
  const notice = page.getByRole('status').filter({ hasText: 'these filters were removed' });
  await expect(notice).toContainText('type deposited');
  await expect(notice).toContainText('where data.amount >= 20');
  await expect(notice).toContainText('stream search acct-2');
  const chips = page.getByRole('group', { name: 'Active filters' });
  await expect(chips).toHaveText(/stream\s*acct-1/);
  await expect(chips.getByRole('button')).toHaveCount(1);
  await expect.poll(() => tableTotal(page)).toBe(3);
  await expect(page.getByText('No event matches these filters.')).toHaveCount(0);
  await expect(page.getByRole('slider', { name: 'Replay position' })).toHaveAttribute('aria-valuenow', '4');
  await screenshot(page, 'filters-truth-finding');
});

test('a chart whose events all fall in one bucket draws a bar, not a block; its tooltip is not cut off by the panel', async ({ page, host, scratch }) => {
  const time = '2026-07-01T12:00:00.000Z';
  const types = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu'];
  const path = writeJournal(
    scratch,
    'one-second.ndjson',
    types.flatMap((type, t) => Array.from({ length: t + 1 }, (_, n) => ({ stream: `one-${t}`, version: n + 1, type, time, data: { n } }))),
  );
  await openInTab(page, host, path);
  const chart = page.getByRole('img', { name: 'Event rate' });
  await expect(chart).toContainText('1 bars', { timeout: 30_000 });

  // The plot's left and right thirds are empty slots around the one bar.
  const painted = await chart.evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d')!;
    const column = (fraction: number) => {
      const x = Math.floor(canvas.width * fraction);
      const { data } = context.getImageData(x, 0, 1, Math.floor(canvas.height * 0.8));
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 200) count++;
      return count;
    };
    return { left: column(0.3), middle: column(0.53), right: column(0.85) };
  });
  expect(painted.middle).toBeGreaterThan(20);
  expect(painted.left).toBeLessThan(5);
  expect(painted.right).toBeLessThan(5);

  // The tooltip lists the bar's twelve types: taller than the canvas (where chart.js would cut it off), it overflows
  // the panel's plot and stays in the window.
  const box = (await chart.boundingBox())!;
  let tooltip = page.locator('.rate-tooltip');
  for (let step = 0; step <= 20 && !(await tooltip.isVisible()); step++) await page.mouse.move(box.x + box.width * (0.4 + step * 0.01), box.y + box.height * 0.7);
  tooltip = page.locator('.rate-tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('mu');
  await expect(tooltip).toContainText('alpha');
  const tip = (await tooltip.boundingBox())!;
  expect(tip.height).toBeGreaterThan(box.height);
  expect(tip.y).toBeGreaterThanOrEqual(0);
  expect(tip.y + tip.height).toBeLessThanOrEqual(900);
  expect(tip.x + tip.width).toBeLessThanOrEqual(1440);
  await screenshot(page, 'filters-truth-one-bucket');
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();
});

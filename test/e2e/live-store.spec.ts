// A live store followed while it is written to: a Message DB store in a throwaway server, opened from the page; events
// written by Message DB's own write_message appear in the header, the stream list and the Events table without a
// reload; Pause holds them back and Resume shows them; a replay can follow its stream's head.
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import pg from 'pg';
import { BANK_EVENTS } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { writePgStore } from '../support/pg/stores.js';
import { expect, inEachLook, pickStream, rowsOf, screenshot, test } from './fixtures.js';

/** Machines running several suites at once are slow: a server gets minutes to start and stop. */
const SERVER_TIMEOUT = 180_000;
/** The service looks at the store every second and the page asks every second: this leaves a wide margin. */
const SEEN = { timeout: 20_000 };

let server: PgServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(SERVER_TIMEOUT);
  server = await startPg();
});

test.afterAll(async () => {
  test.setTimeout(SERVER_TIMEOUT);
  await server?.stop();
});

/** A fresh Message DB store holding the bank fixture (7 events in account-1, account-2 and user-1); its URL. */
async function bankStore(name: string): Promise<string> {
  const url = await server!.createDatabase(name);
  await writePgStore('message-db', url, BANK_EVENTS);
  return url;
}

/** Appends an event as Message DB's own writers do. */
async function writeMessage(url: string, stream: string, type: string, data: object): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET search_path = message_store, public');
    await client.query('SELECT write_message(gen_random_uuid()::text, $1, $2, $3::jsonb)', [stream, type, JSON.stringify(data)]);
  } finally {
    await client.end();
  }
}

/** Opens the store from the page, as a person does: Connect to database…, its URL, Connect. */
async function openStore(page: Page, hostUrl: string, url: string): Promise<void> {
  await page.goto(hostUrl);
  await page.getByRole('button', { name: 'Connect to database…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to database' });
  await dialog.getByRole('textbox', { name: 'Connection URL' }).fill(url);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('banner').getByRole('heading', { level: 1 })).toHaveText(url, { timeout: 60_000 });
  await expect(rowsOf(page, '7')).toBeVisible({ timeout: 30_000 });
}

function liveGroup(page: Page): Locator {
  return page.getByRole('banner').getByRole('group', { name: 'Live updates' });
}

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map((violation) => `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(found, `${screen}:\n${found.join('\n')}`).toEqual([]);
}

/** The header's controls and the live state are whole: inside the window and showing all of their text. */
async function expectHeaderWhole(page: Page): Promise<void> {
  const problems = await page.getByRole('banner').evaluate((banner) => {
    const found: string[] = [];
    for (const element of banner.querySelectorAll<HTMLElement>('button, select, h1, [role="status"]')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0) continue;
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40);
      if (box.left < -1 || box.right > window.innerWidth + 1) found.push(`${name} is outside the window`);
      if (element.scrollWidth > element.clientWidth + 1) found.push(`${name} does not fit its text`);
    }
    return found;
  });
  expect(problems).toEqual([]);
}

test('new events appear while the store is followed; Pause holds them back and Resume shows them', async ({ page, host, pageProblems }) => {
  test.setTimeout(SERVER_TIMEOUT);
  const url = await bankStore('live_follow');
  await openStore(page, host.url, url);
  const banner = page.getByRole('banner');
  const live = liveGroup(page);
  const state = live.getByRole('status');
  await expect(state).toHaveText('Live · following', SEEN);
  await expect(live.getByText(/^last look \d\d:\d\d:\d\dZ$/)).toBeVisible(SEEN);
  await expect(banner.getByText('7 events', { exact: true })).toBeVisible();

  // An event selected in the table stays selected (and the table where it is) when the store grows.
  const grid = page.getByRole('grid', { name: 'Events' });
  await grid.getByRole('row').filter({ hasText: 'user_created' }).click();
  await expect(page.getByRole('region', { name: 'Event details' })).toContainText('user_created');
  const streams = page.getByRole('listbox', { name: 'Stream list' });
  await expect(streams.getByRole('option', { name: 'account-3', exact: true })).toHaveCount(0);

  // The chart is drawn again for the journal's new span (its text says the buckets and events it counts).
  const chart = page.getByRole('img', { name: 'Event rate' });
  await expect(chart).toContainText(/, 7 events$/);
  const drawnBefore = await chart.textContent();

  await writeMessage(url, 'account-3', 'money_deposited', { balance: 1 });
  await expect(banner.getByText('8 events', { exact: true })).toBeVisible(SEEN);
  await expect(chart).not.toHaveText(drawnBefore ?? '', SEEN);
  await expect(banner.getByText('4 streams', { exact: true })).toBeVisible(SEEN);
  await expect(streams.getByRole('option', { name: 'account-3', exact: true })).toBeVisible(SEEN);
  await expect(rowsOf(page, '8')).toBeVisible(SEEN);
  await expect(grid.getByRole('row', { selected: true })).toContainText('user_created');
  await expect(page.getByRole('region', { name: 'Event details' })).toContainText('user_created');
  expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);

  // The view with the live indicator: no WCAG A/AA violations, and whole at a narrow size too.
  await inEachLook(page, async ({ width, height, scheme }) => {
    await screenshot(page, `live-${width}-${scheme}`);
    await expectNoViolations(page, `live store, ${scheme}, ${width}×${height}`);
    await expectHeaderWhole(page);
  });
  await page.setViewportSize({ width: 1440, height: 900 });

  // The last look is said in the zone chosen for every time in the window.
  const zone = banner.getByRole('combobox', { name: 'Time zone' });
  await zone.selectOption('local');
  await expect(live.getByText(/^last look \d\d:\d\d:\d\d[+-]\d\d:\d\d$/)).toBeVisible();
  await zone.selectOption('utc');

  // Paused: the store is not looked at, and what is written meanwhile does not appear.
  await live.getByRole('button', { name: 'Pause live updates' }).click();
  await expect(state).toHaveText('Live · paused');
  await expect(live.getByRole('button', { name: 'Resume live updates' })).toBeVisible();
  await writeMessage(url, 'account-3', 'money_withdrawn', { balance: 0 });
  // Three seconds is three looks had the store been followed: each moment of it, nothing has changed.
  for (let look = 0; look < 6; look++) {
    await page.waitForTimeout(500);
    await expect(banner.getByText('8 events', { exact: true })).toBeVisible();
    await expect(rowsOf(page, '8')).toBeVisible();
  }
  await expect(state).toHaveText('Live · paused');
  await screenshot(page, 'live-1440-paused');

  // Resumed: the event written while paused appears.
  await live.getByRole('button', { name: 'Resume live updates' }).click();
  await expect(state).toHaveText('Live · following');
  await expect(banner.getByText('9 events', { exact: true })).toBeVisible(SEEN);
  await expect(rowsOf(page, '9')).toBeVisible(SEEN);
  expect(pageProblems).toEqual([]);
});

test('Follow head moves a replay to its stream’s new end; stepping back by hand stops following', async ({ page, host, pageProblems }) => {
  test.setTimeout(SERVER_TIMEOUT);
  const url = await bankStore('live_replay');
  await openStore(page, host.url, url);
  await pickStream(page, 'account-2');
  const slider = page.getByRole('slider', { name: 'Replay position' });
  await expect(slider).toHaveAttribute('aria-valuetext', /1 to replay$/);
  const follow = page.getByRole('group', { name: 'Replay controls' }).getByRole('button', { name: 'Follow head' });
  await expect(follow).toHaveAttribute('aria-pressed', 'false');

  // On: the replay jumps to the end, and goes to each new event of the stream.
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expect(slider).toHaveAttribute('aria-valuetext', /step 1 of 1$/);
  await writeMessage(url, 'account-2', 'money_deposited', { balance: 25 });
  await expect(slider).toHaveAttribute('aria-valuetext', /step 2 of 2$/, SEEN);
  // Message DB numbers a stream's events from 0: its second event is version 1, the slider's end.
  await expect(slider).toHaveAttribute('aria-valuenow', '1');
  await expect(slider).toHaveAttribute('aria-valuemax', '1');
  await expect(page.getByRole('region', { name: 'State' })).toContainText('25');
  await screenshot(page, 'live-1440-follow-head');

  // Back by hand: the head is no longer followed; the stream still grows under the replay.
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  await expect(slider).toHaveAttribute('aria-valuetext', /step 1 of 2$/);
  await writeMessage(url, 'account-2', 'money_withdrawn', { balance: 20 });
  await expect(slider).toHaveAttribute('aria-valuetext', /step 1 of 3$/, SEEN);
  await expect(page.getByRole('button', { name: 'Step forward' })).toHaveAttribute('aria-disabled', 'false');
  expect(pageProblems).toEqual([]);
});

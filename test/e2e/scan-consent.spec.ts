// A live store refuses a filter no index serves until the person consents ("needs-consent"): the Events area says
// what it would read, with Run anyway and Cancel, while the table keeps what it showed and no error is raised for the
// chart or the stream counts refused alike. Run anyway tells the service and asks again; Cancel puts the filters back.
// The store's refusal is stubbed on the page's API calls: the sample journal is a file, which never refuses.
import type { Page, Route } from '@playwright/test';
import { expect, openSample, screenshot, test } from './fixtures.js';

const WHERE = 'data.amount > 5';
const REFUSAL = 'This filter reads all ~10,000,000 rows of message_store.messages: no index serves a condition on payload fields.';

async function tableTotal(page: Page): Promise<number | null> {
  const text = (await page.getByText(/^rows .* of [\d,]+$|^no rows$/).textContent().catch(() => null)) ?? '';
  const match = /of ([\d,]+)$/.exec(text);
  return text === 'no rows' ? 0 : match ? Number(match[1]!.replace(/,/g, '')) : null;
}

/** Refuses every filtered query naming WHERE until allowScans is called; answers how often it was. */
async function refuseUntilAllowed(page: Page): Promise<{ allowed: () => number }> {
  let allowed = 0;
  const refuse = async (route: Route) => {
    if (allowed === 0 && String(route.request().postData()).includes(WHERE)) {
      await route.fulfill({ json: { ok: false, error: { code: 'needs-consent', message: REFUSAL } } });
    } else {
      await route.continue();
    }
  };
  for (const method of ['events', 'rates', 'streamPage']) await page.route(`**/api/${method}`, refuse);
  await page.route('**/api/allowScans', async (route) => {
    allowed += 1;
    await route.fulfill({ json: { ok: true, value: true } });
  });
  return { allowed: () => allowed };
}

test('a filter the store would read whole for asks first; Run anyway runs it', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  const all = await tableTotal(page);
  await expect.poll(() => tableTotal(page)).toBeGreaterThan(0);
  const expected = (await host.latestService().events({ where: WHERE, limit: 1 })).total;
  const consent = await refuseUntilAllowed(page);

  const where = page.getByRole('textbox', { name: 'Field condition' });
  await where.fill(WHERE);
  await where.press('Enter');
  const question = page.getByRole('group', { name: 'Costly filter' });
  await expect(question).toContainText(REFUSAL);
  await expect(question).toContainText('Run it anyway?');
  // The rows shown stay, and neither the chart nor the stream list raised an error for the same refusal.
  expect(await page.getByRole('grid', { name: 'Events' }).locator('[role="row"][data-index]').count()).toBeGreaterThan(5);
  await expect(page.getByText('Could not count the event rates')).toHaveCount(0);
  await expect(page.getByText('Could not list the streams')).toHaveCount(0);
  await expect(page.getByText('Could not load the events')).toHaveCount(0);
  // The stream list keeps the streams it showed while the question waits.
  await expect(page.getByText('Loading streams…')).toHaveCount(0);
  expect(await page.getByRole('listbox', { name: 'Stream list' }).getByRole('option').count()).toBeGreaterThan(2);
  await expect(page.getByText('Counts as before: the field condition waits')).toBeVisible();
  await screenshot(page, 'scan-consent');

  await question.getByRole('button', { name: 'Run anyway' }).click();
  await expect(question).toHaveCount(0);
  expect(consent.allowed()).toBe(1);
  await expect.poll(() => tableTotal(page), { timeout: 20_000 }).toBe(expected);
  expect(expected).not.toBe(all);
  expect(pageProblems).toEqual([]);
});

test('Cancel runs nothing and puts the filters back as the table shows them', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  await expect.poll(() => tableTotal(page)).toBeGreaterThan(0);
  const all = await tableTotal(page);
  const consent = await refuseUntilAllowed(page);

  const where = page.getByRole('textbox', { name: 'Field condition' });
  await where.fill(WHERE);
  await where.press('Enter');
  const question = page.getByRole('group', { name: 'Costly filter' });
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'was not run' })).toContainText('The filters are back as they were.');
  await expect(page.getByRole('group', { name: 'Active filters' })).toHaveCount(0);
  await expect(where).toHaveValue('');
  await expect.poll(() => tableTotal(page)).toBe(all);
  expect(consent.allowed()).toBe(0);
  expect(pageProblems).toEqual([]);
});

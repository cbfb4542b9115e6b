// The page opened without its access token (or with a wrong one) says what is wrong and what to do, each once.
import { expect, test } from './fixtures.js';
import type { Page } from '@playwright/test';

/** How often `phrase` appears in the alert's text. */
async function timesSaid(page: Page, phrase: string): Promise<number> {
  const text = (await page.getByRole('alert').innerText()).toLowerCase();
  return text.split(phrase.toLowerCase()).length - 1;
}

test('without its token the page gives its advice once', async ({ page, host }) => {
  await page.goto(`http://127.0.0.1:${host.port}/`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('token');
  await expect(alert).toContainText('eventlens serve');
  expect(await timesSaid(page, 'Open the full address')).toBe(1);
  expect(await timesSaid(page, 'eventlens serve')).toBe(1);
});

test('with a wrong token the page gives its advice once', async ({ page, host }) => {
  await page.goto(`http://127.0.0.1:${host.port}/?token=not-the-token`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('token');
  expect(await timesSaid(page, 'eventlens serve')).toBe(1);
  expect(await timesSaid(page, 'Open the full address')).toBe(1);
});

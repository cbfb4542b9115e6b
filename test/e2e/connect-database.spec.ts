// Connect to database…: a live PostgreSQL store (Marten, in a throwaway server) tested, refused and opened from the page,
// shown like any journal; a password typed into the URL never shows again.
import type { Page } from '@playwright/test';
import { BANK_EVENTS } from '../support/fixtures.js';
import { freePort, startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { withClient } from '../support/pg/sql.js';
import { writePgStore } from '../support/pg/stores.js';
import { expect, expectNoSeriousViolations, inEachLook, rowsOf, screenshot, test } from './fixtures.js';

/** Machines running several suites at once are slow: a server gets minutes to start and stop. */
const SERVER_TIMEOUT = 240_000;
const SECRET = 'Sw0rdfish-not-for-eyes';
/** A role that reads the store and can be refused its login later, as a password-protected role would be. */
const READER = 'eventlens_reader';

let server: PgServer | undefined;
/** The Marten store's URL, as the superuser. */
let storeUrl = '';

async function sql(url: string, text: string): Promise<void> {
  await withClient(url, (client) => client.query(text));
}

test.beforeAll(async () => {
  test.setTimeout(SERVER_TIMEOUT);
  server = await startPg();
  storeUrl = await server.createDatabase('marten_connect');
  await writePgStore('marten', storeUrl, BANK_EVENTS);
  await sql(storeUrl, `DROP ROLE IF EXISTS ${READER}; CREATE ROLE ${READER} LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER}`);
});

test.afterAll(async () => {
  test.setTimeout(SERVER_TIMEOUT);
  if (storeUrl !== '') await sql(storeUrl, `DROP OWNED BY ${READER}; DROP ROLE IF EXISTS ${READER}`).catch(() => {});
  await server?.stop();
});

/** storeUrl as another role, optionally with a password written into it. */
function urlAs(user: string, password?: string): string {
  const url = new URL(storeUrl);
  url.username = user;
  url.password = password ?? '';
  return url.toString();
}

async function openDialog(page: Page) {
  await page.getByRole('button', { name: 'Connect to database…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to database' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('Test connection names the store and its read-only session; a wrong port says no server answers', async ({ page, host, pageProblems }) => {
  await page.goto(host.url);
  const dialog = await openDialog(page);
  const url = dialog.getByRole('textbox', { name: 'Connection URL' });
  await expect(url).toBeFocused();

  // The URL fills the fields.
  const database = new URL(storeUrl).pathname.slice(1);
  await url.fill(storeUrl);
  await expect(dialog.getByRole('textbox', { name: 'Host', exact: true })).toHaveValue('127.0.0.1');
  await expect(dialog.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue(String(server!.port));
  await expect(dialog.getByRole('textbox', { name: 'Database', exact: true })).toHaveValue(database);
  await expect(dialog.getByRole('textbox', { name: 'User', exact: true })).toHaveValue(server!.user);

  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const status = dialog.getByRole('status');
  await expect(status).toContainText('Marten in schema public', { timeout: 60_000 });
  await expect(status).toContainText('read-only session');

  await inEachLook(page, async ({ width, height, scheme }) => {
    await expectNoSeriousViolations(page, `Connect to database, ${scheme}, ${width}×${height}`);
    await screenshot(page, `connect-dialog-${width}-${scheme}`);
  });

  // A field edited makes the URL again; a port nobody listens on is said in words, and the old result goes.
  const port = await freePort();
  await dialog.getByRole('textbox', { name: 'Port', exact: true }).fill(String(port));
  await expect(url).toHaveValue(`postgres://${server!.user}@127.0.0.1:${port}/${database}`);
  await expect(status).not.toContainText('Marten');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText(`No PostgreSQL server answers at 127.0.0.1:${port}`, { timeout: 60_000 });
  await expect(alert).toContainText('Check the host, the port and the database name');
  await screenshot(page, 'connect-dialog-900-no-server');

  // Tab stays in the dialog: past Connect it comes back to the URL, and Shift+Tab from there goes to Connect.
  await dialog.getByRole('button', { name: 'Connect', exact: true }).focus();
  await page.keyboard.press('Tab');
  await expect(url).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Connect', exact: true })).toBeFocused();

  // Escape closes it, and the keyboard is back on the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Connect to database…' })).toBeFocused();
  expect(pageProblems).toEqual([]);
});

test('Connect shows the live store like any journal, and a password typed in the URL never shows again', async ({ page, host, pageProblems }) => {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (/\/api\/(openJournal|testConnection)$/.test(request.url())) sent.push(request.postData() ?? '');
  });
  await page.goto(host.url);
  const dialog = await openDialog(page);
  const url = dialog.getByRole('textbox', { name: 'Connection URL' });
  // Typed key by key, as a person would: the password leaves the URL once its "@" is typed.
  await url.pressSequentially(urlAs(server!.user, SECRET));
  await expect(url).toHaveValue(storeUrl);
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveValue(SECRET);
  await expect(dialog.getByText('Taken out of the URL')).toBeVisible();

  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByRole('status')).toContainText('Marten', { timeout: 60_000 });

  // Enter in a field is Connect.
  await dialog.getByRole('textbox', { name: 'Database', exact: true }).press('Enter');
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(page.getByRole('banner').getByRole('heading', { level: 1 })).toHaveText(storeUrl);
  const streams = page.getByRole('listbox', { name: 'Stream list' });
  for (const stream of ['account-1', 'account-2', 'user-1']) {
    await expect(streams.getByRole('option', { name: stream, exact: true })).toBeVisible({ timeout: 30_000 });
  }
  await expect(rowsOf(page, '7')).toBeVisible({ timeout: 30_000 });

  // The password went apart from the URL, never in it.
  expect(sent.length).toBeGreaterThanOrEqual(2);
  for (const body of sent) {
    const request = JSON.parse(body) as { url?: string; path?: string; password?: string };
    expect(request.url ?? request.path).toBe(storeUrl);
    expect(request.password).toBe(SECRET);
  }

  // The saved connection is offered without it; picking it leaves the Password field empty.
  const again = await openDialog(page);
  const saved = again.getByRole('region', { name: 'Saved connections' });
  await saved.getByRole('button', { name: storeUrl }).click();
  await expect(again.getByRole('textbox', { name: 'Connection URL' })).toHaveValue(storeUrl);
  await expect(again.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(again.getByLabel('Password', { exact: true })).toBeFocused();
  await screenshot(page, 'connect-dialog-saved');

  const shown = await page.evaluate(() => ({
    markup: new XMLSerializer().serializeToString(document),
    text: document.body.innerText,
    values: [...document.querySelectorAll('input, select, textarea')].map((element) => (element as HTMLInputElement).value),
    title: document.title,
    address: location.href,
    storage: JSON.stringify({ ...sessionStorage, ...localStorage }),
  }));
  expect(JSON.stringify(shown)).not.toContain(SECRET);
  await again.getByRole('button', { name: 'Cancel' }).click();
  await expect(again).toBeHidden();
  expect(pageProblems).toEqual([]);
});

test('a saved connection whose login is refused opens the dialog at its Password field, saying why', async ({ page, host, pageProblems }) => {
  const readerUrl = urlAs(READER);
  await page.goto(host.url);
  const dialog = await openDialog(page);
  await dialog.getByRole('textbox', { name: 'Connection URL' }).fill(readerUrl);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('banner').getByRole('heading', { level: 1 })).toHaveText(readerUrl, { timeout: 60_000 });

  // The role is refused its login now, as a role with a password is when none is given.
  await sql(storeUrl, `ALTER ROLE ${READER} NOLOGIN`);
  try {
    // A new tab is a new session: the welcome screen, with the store among the recent journals.
    const tab = await page.context().newPage();
    await tab.goto(host.url);
    await tab.getByRole('button', { name: readerUrl }).click();
    const asked = tab.getByRole('dialog', { name: 'Connect to database' });
    await expect(asked).toBeVisible({ timeout: 60_000 });
    await expect(asked.getByRole('textbox', { name: 'Connection URL' })).toHaveValue(readerUrl);
    await expect(asked.getByLabel('Password', { exact: true })).toBeFocused();
    await expect(asked.getByRole('alert')).toContainText('refused the login');
    // Said in the dialog, not also in the window's alert behind it.
    await expect(tab.locator('div.alert[role="alert"]')).toHaveCount(0);
    await screenshot(tab, 'connect-dialog-refused');
    await tab.close();
  } finally {
    await sql(storeUrl, `ALTER ROLE ${READER} LOGIN`);
  }
  expect(pageProblems).toEqual([]);
});

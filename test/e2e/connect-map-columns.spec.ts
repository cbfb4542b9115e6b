// Connect to database… on a database with no store Eventlens knows: the dialog says so and offers Map columns…, which
// lists the database's tables with their columns and first rows, and opens the table chosen as a live journal, with
// the password typed in Connect (sent apart, never shown). A wrong choice is said, and Map columns… is offered again.
import type { Page } from '@playwright/test';
import { BANK_EVENTS } from '../support/fixtures.js';
import { startPg } from '../support/pg/cluster.js';
import type { PgServer } from '../support/pg/cluster.js';
import { withClient } from '../support/pg/sql.js';
import { expect, expectNoSeriousViolations, rowsOf, screenshot, test } from './fixtures.js';

/** Machines running several suites at once are slow: a server gets minutes to start and stop. */
const SERVER_TIMEOUT = 240_000;
const SECRET = 'Map-pw-not-for-eyes';

let server: PgServer | undefined;
let url = '';

test.beforeAll(async () => {
  test.setTimeout(SERVER_TIMEOUT);
  server = await startPg();
  url = await server.createDatabase('app_events');
  await withClient(url, async (client) => {
    await client.query(`CREATE SCHEMA app;
      CREATE TABLE app.events (id bigserial PRIMARY KEY, aggregate_id text NOT NULL, seq int NOT NULL, kind text NOT NULL, body jsonb, at timestamptz)`);
    for (const event of BANK_EVENTS) {
      await client.query('INSERT INTO app.events (aggregate_id, seq, kind, body, at) VALUES ($1, $2, $3, $4::jsonb, $5)', [event.stream, event.version, event.type, JSON.stringify(event.data), event.time]);
    }
  });
});

test.afterAll(async () => {
  test.setTimeout(SERVER_TIMEOUT);
  await server?.stop();
});

test('a table no store layout recognises: Map columns… from the Connect dialog lists it and opens it', async ({ page, host, pageProblems }) => {
  const sent: { method: string; body: { path?: string; password?: string; map?: Record<string, string> } }[] = [];
  page.on('request', (request) => {
    const method = /\/api\/(openJournal|sampleFields)$/.exec(request.url())?.[1];
    if (method !== undefined) sent.push({ method, body: JSON.parse(request.postData() ?? '{}') as (typeof sent)[number]['body'] });
  });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Connect to database…' }).click();
  const connect = page.getByRole('dialog', { name: 'Connect to database' });
  await connect.getByRole('textbox', { name: 'Connection URL' }).fill(url);
  await connect.getByLabel('Password', { exact: true }).fill(SECRET);
  await connect.getByRole('button', { name: 'Connect', exact: true }).click();

  // Said in the dialog, with the tables that could be mapped and the way to do it.
  const problem = connect.getByRole('alert');
  await expect(problem).toContainText('holds no event store Eventlens knows', { timeout: 60_000 });
  await expect(problem).toContainText('app.events(id, aggregate_id, seq, kind, body, at)');
  await expect(problem).toContainText('Choose Map columns… to name the table that holds the events and its columns.');
  await expect(problem).not.toContainText('--map');
  await screenshot(page, 'connect-dialog-map-columns');
  await problem.getByRole('button', { name: 'Map columns…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Map columns' });
  await expect(dialog).toBeVisible();
  await expect(connect).toBeHidden();
  await expect(dialog).toContainText(`Connection ${url}`);
  const table = dialog.getByRole('combobox', { name: 'Table', exact: true });
  await expect(table).toHaveValue('app.events', { timeout: 30_000 });
  await expect(dialog.getByLabel('Cipher key')).toHaveCount(0);
  // Found by name: the stream and the data; the rest is chosen.
  await expect(dialog.getByRole('combobox', { name: 'Stream', exact: true })).toHaveValue('aggregate_id');
  await expect(dialog.getByRole('combobox', { name: 'Data', exact: true })).toHaveValue('body');
  expect(await dialog.getByRole('combobox', { name: 'Type', exact: true }).getByRole('option').allTextContents()).toContain('kind · e.g. account_opened · in all 7');
  await dialog.getByRole('combobox', { name: 'Type', exact: true }).selectOption('kind');
  await dialog.getByRole('combobox', { name: 'Version', exact: true }).selectOption('seq');
  await dialog.getByRole('combobox', { name: 'Time', exact: true }).selectOption('at');
  // A wrong choice first: a text column as the global order.
  await dialog.getByRole('combobox', { name: 'Position', exact: true }).selectOption('kind');
  await expectNoSeriousViolations(page, 'Map columns on a connection');
  await screenshot(page, 'map-columns-connection');
  await dialog.getByRole('button', { name: 'Open' }).click();

  const alert = page.locator('div.alert[role="alert"]');
  await expect(alert).toContainText('the column "kind" of app.events is text; the position must be an integer', { timeout: 60_000 });
  await alert.getByRole('button', { name: 'Map columns…' }).click();
  await expect(dialog).toBeVisible();
  // The choices made before are kept, to be corrected rather than made again.
  const position = dialog.getByRole('combobox', { name: 'Position', exact: true });
  await expect(position).toHaveValue('kind', { timeout: 30_000 });
  await expect(dialog.getByRole('combobox', { name: 'Version', exact: true })).toHaveValue('seq');
  await position.selectOption('id');
  await dialog.getByRole('button', { name: 'Open' }).click();

  await expect(page.getByRole('banner').getByRole('heading', { level: 1 })).toHaveText(url, { timeout: 60_000 });
  const streams = page.getByRole('listbox', { name: 'Stream list' });
  for (const stream of ['account-1', 'account-2', 'user-1']) await expect(streams.getByRole('option', { name: stream, exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(rowsOf(page, '7')).toBeVisible({ timeout: 30_000 });

  // The password typed in Connect went with the tables' listing and the first open, apart from the URL.
  const [listing, firstOpen] = [sent.find((call) => call.method === 'sampleFields'), sent.filter((call) => call.method === 'openJournal')[1]];
  expect(listing?.body).toEqual({ path: url, password: SECRET });
  expect(firstOpen?.body).toMatchObject({ path: url, password: SECRET, map: { table: 'app.events', position: 'kind', version: 'seq', type: 'kind', time: 'at' } });
  expect(sent.at(-1)?.body.map).toMatchObject({ table: 'app.events', position: 'id', stream: 'aggregate_id', data: 'body' });
  const shown = await page.evaluate(() => new XMLSerializer().serializeToString(document) + JSON.stringify({ ...sessionStorage, ...localStorage }));
  expect(shown).not.toContain(SECRET);
  expect(pageProblems).toEqual([]);
});

// Real exports from ../shared/corpus, opened as a person would: the event details show decoded payloads, the record's
// other fields, and the record exactly as the journal holds it, one click away.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFile, expect, expectFileChooser, openJournalFile, screenshot, test } from './fixtures.js';

/** Opening is waited for with a margin: a loaded machine takes far longer than an idle one to import. */
const OPENED = { timeout: 30_000 };

test('a Temporal history: one type vocabulary, payloads decoded, the record as written one click away', async ({ page, host, pageProblems }) => {
  await openJournalFile(page, host.url, corpusFile('temporal/lang_flags_replay_correctly_1_9_3.json'));
  const table = page.getByRole('grid', { name: 'Events' });
  await table.getByRole('row', { name: /^Event 1: WorkflowExecutionStarted in / }).click();
  const details = page.getByRole('region', { name: 'Event details' });
  await expect(details.getByLabel('Data', { exact: true })).toContainText('"name": "langFlagsReplayCorrectly"');
  // The type as the file writes it is kept, beside the time with its microseconds.
  await expect(details.getByLabel('Metadata')).toContainText('"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"');
  await expect(details.getByLabel('Metadata')).toContainText('"2024-09-24T15:47:42.353619Z"');
  await expect(details.getByLabel('Event id')).toHaveText('1');

  await details.getByRole('button', { name: 'Record as written' }).click();
  await expect(details.getByLabel('Exact text')).toContainText('"workflowExecutionStartedEventAttributes"');
  await screenshot(page, 'real-exports-temporal');
  await details.getByRole('button', { name: 'Hide the record' }).click();
  await expect(details.getByLabel('Exact text')).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('a CloudEvent: base64 data decoded, extension attributes in metadata', async ({ page, host, pageProblems }) => {
  await openJournalFile(page, host.url, corpusFile('cloudevents/sdkjs-v1-structured-event-2.json'));
  await page.getByRole('grid', { name: 'Events' }).getByRole('row', { name: /^Event 1: com\.github\.pull\.create/ }).click();
  const details = page.getByRole('region', { name: 'Event details' });
  await expect(details.getByLabel('Data', { exact: true })).toContainText('"much": "wow"');
  await expect(details.getByLabel('Metadata')).toContainText('"myextension": "something"');
  await details.getByRole('button', { name: 'Record as written' }).click();
  await expect(details.getByLabel('Exact text')).toContainText('"data_base64":"eyJtdWNoIjoid293In0="');
  expect(pageProblems).toEqual([]);
});

test('a seed export with extra fields: one stream named after the file, other fields shown apart', async ({ page, host, scratch, pageProblems }) => {
  const path = join(scratch, 'orders.ndjson');
  writeFileSync(path, '{"name":"order_placed","data":{"total":5},"tenant":"acme"}\n{"name":"order_paid","data":{"paid":true},"tenant":"acme"}\n');
  await openJournalFile(page, host.url, path);
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: 'orders' })).toBeVisible();
  await page.getByRole('grid', { name: 'Events' }).getByRole('row', { name: /^Event 2: order_paid in orders$/ }).click();
  const details = page.getByRole('region', { name: 'Event details' });
  await expect(details.getByLabel('Other fields of the record')).toContainText('"tenant": "acme"');
  expect(pageProblems).toEqual([]);
});

test('a store with no events opens and says so', async ({ page, host, pageProblems }) => {
  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(corpusFile('emmett/emmett-sqlite-db.sqlite'));
  await expect(page.getByRole('banner')).toContainText('0 events', OPENED);
  await expect(page.locator('section.events').getByText('This journal holds no events.')).toBeVisible();
  expect(pageProblems).toEqual([]);
});

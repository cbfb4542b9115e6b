// The auditor's side of the window: the Findings panel (counts, digest, findings that lead to their event), the report
// saved through a download and opened from disk, and the comparison with another export that rewrote history.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, expectFileChooser, openJournalFile, screenshot, test, writeJournal } from './fixtures.js';

const at = (minute: number) => new Date(Date.parse('2026-03-01T09:00:00Z') + minute * 60_000).toISOString();

/** Two bank accounts with the faults an auditor looks for, each in a known place. */
const FAULTY = [
  { stream: 'account-1', version: 1, type: 'account_opened', time: at(0), data: { owner: 'Ada', balance: 0 }, metadata: {} },
  { stream: 'account-1', version: 2, type: 'money_deposited', time: at(5), data: { amount: 100 }, metadata: {} },
  // Version 3 is missing: a version gap, placed at version 4 (position 3).
  { stream: 'account-1', version: 4, type: 'money_deposited', time: at(10), data: { amount: 50 }, metadata: {} },
  { stream: 'account-1', version: 5, type: 'money_withdrawn', time: at(15), data: { amount: 30 }, metadata: {} },
  { stream: 'account-1', version: 6, type: 'money_withdrawn', time: at(20), data: { amount: 10 }, metadata: {} },
  { stream: 'account-2', version: 1, type: 'account_opened', time: at(60), data: { owner: 'Bob', balance: 0 }, metadata: {} },
  // The amount becomes a string: the payload of money_deposited changes shape here (position 7).
  { stream: 'account-2', version: 2, type: 'money_deposited', time: at(65), data: { amount: '20' }, metadata: {} },
  // Version 2 again: a duplicate version (position 8).
  { stream: 'account-2', version: 2, type: 'money_deposited', time: at(66), data: { amount: 20 }, metadata: {} },
  // Dated before version 2: time goes backwards in the stream (and in the journal's order).
  { stream: 'account-2', version: 3, type: 'money_withdrawn', time: at(30), data: { amount: 5 }, metadata: {} },
];

test('the Findings panel counts, lists and leads to each finding; the report is saved and reads the same digest', async ({ page, host, scratch, pageProblems }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const journal = writeJournal(scratch, 'ledger.ndjson', FAULTY);
  // Hold the audit's answer back, so the panel's busy state can be seen before the findings arrive.
  let release = () => {};
  const held = new Promise<void>((done) => (release = done));
  await page.route('**/api/audit', async (route) => {
    await held;
    await route.continue();
  });
  await openJournalFile(page, host.url, journal);

  const header = page.getByRole('banner');
  await header.getByRole('button', { name: 'Findings (checking…)' }).click();
  const panel = page.getByRole('region', { name: 'Findings' });
  await expect(panel.getByRole('status').filter({ hasText: 'Checking the journal…' })).toBeVisible();
  // The four areas but the chart stay: the findings take the chart's place.
  for (const name of ['Streams', 'Events', 'Replay']) await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Event rate' })).toHaveCount(0);
  release();

  // Every finding is counted in the header, by kind and severity in the panel (a word with the colour).
  await expect(header.getByRole('button', { name: 'Findings (5)' })).toHaveAttribute('aria-expanded', 'true');
  await expect(panel.getByRole('status').filter({ hasText: 'Checking the journal' })).toHaveCount(0);
  await expect(panel).toContainText('2 errors, 2 warnings, 1 note');
  const counts = panel.getByRole('table', { name: 'Findings by kind' });
  const countRow = (kind: string) => counts.getByRole('row').filter({ has: page.getByRole('cell', { name: kind, exact: true }) });
  await expect(countRow('Version gap')).toContainText(/Error\s*Version gap\s*1/);
  await expect(countRow('Duplicate version')).toContainText(/Error\s*Duplicate version\s*1/);
  await expect(countRow('Time goes backwards')).toContainText(/Warning\s*Time goes backwards\s*1/);
  await expect(countRow('Schema drift')).toContainText(/Warning\s*Schema drift\s*1/);
  await expect(countRow('Time goes backwards across streams')).toContainText(/Note/);

  await screenshot(page, 'audit-findings-open');

  const audit = await host.latestService().audit();
  const digest = audit.digest.hex;
  expect(digest).toMatch(/^[0-9a-f]{64}$/);
  await expect(panel.getByText(digest, { exact: true })).toBeVisible();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await panel.getByRole('button', { name: 'Copy digest' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(digest);

  const findings = panel.getByRole('list').filter({ has: page.getByRole('button', { name: /Version gap/ }) });
  await expect(findings.getByRole('listitem')).toHaveCount(5);
  const gap = findings.getByRole('button', { name: /Version gap/ });
  await expect(gap).toContainText('account-1 · version 4 · position 3');
  await expect(gap).toContainText('Stream "account-1" jumps from version 2 to 4 at position 3: version 3 is missing.');
  await expect(findings.getByRole('button', { name: /Duplicate version/ })).toContainText('has version 2 twice: at position 7 and again at position 8');
  await expect(findings.getByRole('button', { name: /^Warning Time goes backwards account-2/ })).toContainText('goes back in time at version 3');

  // Payload shapes over time: money_deposited's amount turned from a number into a string at position 7.
  const drift = panel.getByRole('region', { name: 'Schema drift' });
  await expect(drift).toContainText('1 event type changed payload shape');
  await expect(drift).toContainText('money_deposited');
  // (The string shape may be counted with the number that follows it: the type reads "number|string" then.)
  await expect(drift).toContainText(/\/amount: number → (number\|)?string/);

  // A finding leads to its place: the stream selected and replayed at that version.
  const slider = page.getByRole('slider', { name: 'Replay position' });
  const option = (stream: string) => page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: stream, exact: true });
  await gap.click();
  await expect(slider).toHaveAttribute('aria-valuenow', '4');
  await expect(option('account-1')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'Replay' })).toContainText('money_deposited');
  await expect(gap).toHaveAttribute('aria-current', 'true');
  await findings.getByRole('button', { name: /^Warning Time goes backwards account-2/ }).click();
  await expect(option('account-2')).toHaveAttribute('aria-selected', 'true');
  await expect(slider).toHaveAttribute('aria-valuenow', '3');

  // The first shape's position is an event known by position only: the Events table selects it.
  await drift.getByRole('button', { name: 'position 7' }).click();
  const table = page.getByRole('grid', { name: 'Events' });
  await expect(table.getByRole('row', { name: 'Event 7: money_deposited in account-2' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'Event details' })).toContainText('"20"');

  await screenshot(page, 'audit-findings-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'audit-findings-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The report, saved through the page's download and opened from disk, names the journal and the same digest.
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export HTML report' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('ledger-audit.html');
  const saved = join(scratch, download.suggestedFilename());
  await download.saveAs(saved);
  await expect(panel.getByRole('status').filter({ hasText: 'ledger-audit.html' })).toBeVisible();
  const report = await page.context().newPage();
  await report.goto(pathToFileURL(saved).href);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('Audit report: ledger.ndjson');
  await expect(report.getByRole('table', { name: 'The journal audited' }).getByRole('row', { name: /Digest \(SHA-256\)/ })).toContainText(digest);
  await report.close();

  const jsonDownloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export JSON report' }).click();
  const jsonFile = join(scratch, 'report.json');
  await (await jsonDownloading).saveAs(jsonFile);
  const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as { audit: { digest: { hex: string }; findings: unknown[] } };
  expect(json.audit.digest.hex).toBe(digest);
  expect(json.audit.findings).toHaveLength(5);

  // Escape leaves the panel, focus goes back to its button, and the chart comes back.
  await panel.getByRole('button', { name: 'Export JSON report' }).focus();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(header.getByRole('button', { name: 'Findings (5)' })).toBeFocused();
  await expect(page.getByRole('img', { name: 'Event rate' })).toBeVisible();
  // From the keyboard: Enter opens it again and takes focus to it; Tab reaches its tools.
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { name: 'Findings', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Compare with…' })).toBeFocused();
  expect(pageProblems).toEqual([]);
});

test('in the browser, export B is chosen in the page and sent to the host, which compares and drops its copy', async ({ page, host, scratch, pageProblems }) => {
  const journal = writeJournal(scratch, 'ledger.ndjson', FAULTY);
  const rewritten = FAULTY.map((event) => (event.stream === 'account-1' && event.version === 2 ? { ...event, data: { amount: 1000 } } : event));
  const other = writeJournal(scratch, 'ledger-from-elsewhere.ndjson', rewritten);
  await openJournalFile(page, host.url, journal);
  await page.getByRole('banner').getByRole('button', { name: /^Findings/ }).click();
  const panel = page.getByRole('region', { name: 'Findings' });
  await panel.getByRole('button', { name: 'Compare with…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare with another export' });
  await screenshot(page, 'audit-compare-dialog-browser');
  const chooser = await expectFileChooser(page, () => dialog.getByRole('button', { name: 'Choose export B…' }).click());
  await chooser.setFiles(other);
  await expect(dialog).toHaveCount(0);
  const comparison = panel.getByRole('region', { name: 'Comparison' });
  await expect(comparison.getByRole('alert')).toContainText('History was rewritten: 1 event of A was modified or removed in B');
  await expect(comparison.getByRole('table', { name: 'The two exports compared' }).getByRole('row', { name: /^B/ })).toContainText('ledger-from-elsewhere.ndjson');
  await expect(comparison.getByRole('list', { name: 'Differences' }).getByRole('listitem').filter({ hasText: 'Modified' })).toContainText('/data/amount');
  // The journal on screen is still A, and the host kept no copy of B.
  await expect(page.getByRole('banner').getByRole('heading', { name: 'ledger.ndjson' })).toBeVisible();
  const copies = readdirSync(tmpdir())
    .filter((name) => name.startsWith('eventlens-uploads-'))
    .flatMap((uploads) => readdirSync(join(tmpdir(), uploads), { recursive: true, encoding: 'utf8' }))
    .filter((name) => name.endsWith('ledger-from-elsewhere.ndjson'));
  expect(copies).toEqual([]);
  expect(pageProblems).toEqual([]);
});

test('comparing with an export that changed an old event warns that history was rewritten', async ({ page, host, scratch, pageProblems }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const journal = writeJournal(scratch, 'ledger.ndjson', FAULTY);
  // Export B: account-1's deposit at version 2 says 1000, and a new account follows.
  const rewritten = FAULTY.map((event) => (event.stream === 'account-1' && event.version === 2 ? { ...event, data: { amount: 1000 } } : event));
  rewritten.push({ stream: 'account-3', version: 1, type: 'account_opened', time: at(90), data: { owner: 'Cy', balance: 0 }, metadata: {} });
  const other = writeJournal(scratch, 'ledger-later.ndjson', rewritten);
  await openJournalFile(page, host.url, journal);
  await page.getByRole('banner').getByRole('button', { name: /^Findings/ }).click();
  const panel = page.getByRole('region', { name: 'Findings' });

  // The dialog works from the keyboard: Escape closes it and gives focus back.
  const compareButton = panel.getByRole('button', { name: 'Compare with…' });
  await compareButton.click();
  const dialog = page.getByRole('dialog', { name: 'Compare with another export' });
  const path = dialog.getByRole('textbox', { name: 'Path of export B' });
  await expect(path).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(compareButton).toBeFocused();

  // A path that is not there is said so, in the dialog; the right one compares.
  await page.keyboard.press('Enter');
  await expect(path).toBeFocused();
  await path.fill(join(scratch, 'missing.ndjson'));
  await path.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('missing.ndjson');
  await path.fill(other);
  await path.press('Enter');
  await expect(dialog).toHaveCount(0);

  const comparison = panel.getByRole('region', { name: 'Comparison' });
  await expect(comparison.getByRole('alert')).toContainText('History was rewritten: 1 event of A was modified or removed in B');
  await expect(comparison).toContainText('1 added, 0 removed, 1 modified in B');
  const sides = comparison.getByRole('table', { name: 'The two exports compared' });
  await expect(sides.getByRole('row', { name: /^A/ })).toContainText('ledger.ndjson');
  await expect(sides.getByRole('row', { name: /^A/ })).toContainText('9');
  await expect(sides.getByRole('row', { name: /^B/ })).toContainText('ledger-later.ndjson');
  await expect(sides.getByRole('row', { name: /^B/ })).toContainText('10');
  await expect(comparison).toContainText('1 stream only in B');
  await expect(comparison).toContainText('account-3');

  const differences = comparison.getByRole('list', { name: 'Differences' });
  const modified = differences.getByRole('listitem').filter({ hasText: 'Modified' });
  await expect(modified).toContainText('account-1 · version 2');
  await expect(modified).toContainText('/data/amount');
  await expect(modified).toContainText(/100\s*→\s*1000/);
  // Only in B, so there is nothing in A to go to.
  const added = differences.getByRole('listitem').filter({ hasText: 'Added in B' });
  await expect(added).toContainText('account-3 · version 1');
  await expect(added.getByRole('button')).toHaveCount(0);

  await modified.getByRole('button', { name: 'account-1 · version 2' }).click();
  await expect(page.getByRole('slider', { name: 'Replay position' })).toHaveAttribute('aria-valuenow', '2');
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: 'account-1', exact: true })).toHaveAttribute('aria-selected', 'true');

  // Nothing in the panel stretches the page beyond the window.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(800);
  await screenshot(page, 'audit-comparison-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'audit-comparison-dark');

  // The report carries the comparison.
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export HTML report' }).click();
  const saved = join(scratch, 'with-comparison.html');
  await (await downloading).saveAs(saved);
  const report = await page.context().newPage();
  await report.goto(pathToFileURL(saved).href);
  await expect(report.getByRole('region', { name: 'Comparison' })).toContainText('ledger-later.ndjson');
  await report.close();
  expect(pageProblems).toEqual([]);
});

test('in a narrow window the Findings panel leaves every other area usable', async ({ page, host, scratch }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openJournalFile(page, host.url, writeJournal(scratch, 'ledger.ndjson', FAULTY));
  await page.getByRole('banner').getByRole('button', { name: 'Findings (5)' }).click();
  const panel = page.getByRole('region', { name: 'Findings' });
  await panel.getByRole('button', { name: /Version gap/ }).click();
  await expect(page.getByRole('slider', { name: 'Replay position' })).toHaveAttribute('aria-valuenow', '4');
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(700);
  await screenshot(page, 'audit-narrow');
  // The Events and Replay areas share one place at this width (tabs); the findings stay in view over both.
  const usable = async (names: string[]) => {
    for (const name of names) {
      const box = (await page.getByRole('region', { name, exact: true }).boundingBox())!;
      expect(box.width, name).toBeGreaterThan(150);
      expect(box.height, name).toBeGreaterThan(150);
      expect(box.x + box.width, name).toBeLessThanOrEqual(1024);
      expect(box.y + box.height, name).toBeLessThanOrEqual(700);
    }
  };
  await usable(['Findings', 'Streams', 'Replay']);
  await page.getByRole('tab', { name: 'Events' }).click();
  await usable(['Findings', 'Streams', 'Events']);
});

/** CloudEvents as EventSourcingDB exports them: each hash over the event's attributes and data, chained to the one before. */
function hashChained(payloads: { subject: string; type: string; data: object }[]) {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  let predecessorhash = '0'.repeat(64);
  return payloads.map(({ subject, type, data }, i) => {
    const event = { specversion: '1.0', id: String(i), time: `2026-01-05T09:0${i}:00.000000001Z`, source: 'https://library.example', subject, type, datacontenttype: 'application/json', data, predecessorhash };
    const header = [event.specversion, event.id, event.predecessorhash, event.time, event.source, event.subject, event.type, event.datacontenttype].join('|');
    const hash = sha256(sha256(header) + sha256(JSON.stringify(data)));
    predecessorhash = hash;
    return { ...event, hash };
  });
}

test('the hash chain is said to hold up to a position, or to break at one with the reason', async ({ page, host, scratch }) => {
  const books = [
    { subject: '/books/42', type: 'book-acquired', data: { title: 'Dune' } },
    { subject: '/books/42', type: 'book-borrowed', data: { by: '/readers/23' } },
    { subject: '/books/7', type: 'book-acquired', data: { title: 'Solaris' } },
  ];
  await openJournalFile(page, host.url, writeJournal(scratch, 'library.ndjson', hashChained(books)));
  await page.getByRole('banner').getByRole('button', { name: /^Findings/ }).click();
  const panel = page.getByRole('region', { name: 'Findings' });
  await expect(panel).toContainText('Hash chain verified up to position 3');

  // The third book's title changed after it was written: its hash no longer matches.
  const tampered = hashChained(books);
  tampered[2] = { ...tampered[2]!, data: { title: 'Something else' } };
  await openJournalFile(page, host.url, writeJournal(scratch, 'tampered.ndjson', tampered));
  await page.getByRole('banner').getByRole('button', { name: /^Findings/ }).click();
  await expect(panel).toContainText(/Hash chain breaks at position 3: .+ \(verified up to position 2\)/);
  await expect(panel.getByRole('button', { name: /Hash chain broken/ }).first()).toBeVisible();
  await screenshot(page, 'audit-chain-broken');
});

test('journal content in findings reads as text: no markup runs, hidden characters show as markers', async ({ page, host, scratch, pageProblems }) => {
  const sneaky = 'invoice\u202Efdp.exe';
  const markup = 'cart-<img src=x onerror="window.__pwned=1">';
  const event = (stream: string, version: number, minute: number) => ({ stream, version, type: 'noted', time: at(minute), data: { n: version }, metadata: {} });
  await openJournalFile(page, host.url, writeJournal(scratch, 'hostile.ndjson', [event(sneaky, 1, 0), event(sneaky, 3, 1), event(markup, 1, 2), event(markup, 3, 3)]));
  await page.getByRole('banner').getByRole('button', { name: 'Findings (2)' }).click();
  const panel = page.getByRole('region', { name: 'Findings' });
  await expect(panel.getByRole('button', { name: /Version gap/ }).filter({ hasText: 'invoice⟨U+202E⟩fdp.exe · version 3' })).toBeVisible();
  await expect(panel.getByRole('button', { name: /Version gap/ }).filter({ hasText: `${markup} · version 3` })).toBeVisible();
  await expect(panel.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as Window & { __pwned?: number }).__pwned)).toBeUndefined();
  expect(pageProblems).toEqual([]);
});

// The Replay area as a time-travel debugger: the user's reducer loaded by path, random access, field history,
// comparison, reducer errors at their step, reloads on edit, snapshots, cross-stream replay and play with stops.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ACCOUNT, writeEventsourcingPython } from '../support/stores/eventsourcing-python.js';
import { expect, expectFileChooser, openSample, pickTypes, rowsOf, screenshot, test, writeJournal } from './fixtures.js';

async function openFile(page: Page, url: string, path: string): Promise<void> {
  await page.goto(url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(path);
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option').first()).toBeVisible();
}

async function pickStream(page: Page, stream: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill(stream);
  await page.getByRole('option', { name: stream, exact: true }).click();
}

const LEDGER_EVENTS = [
  { stream: 'ledger-1', version: 1, type: 'posted', time: '2026-03-01T09:00:00Z', data: { amount: 100 }, metadata: {} },
  { stream: 'ledger-1', version: 2, type: 'posted', time: '2026-03-01T09:01:00Z', data: { amount: 50 }, metadata: {} },
  { stream: 'ledger-1', version: 3, type: 'posted', time: '2026-03-01T09:02:00Z', data: { amount: -30 }, metadata: {} },
  // No version 4: versions are not assumed to rise by one.
  { stream: 'ledger-1', version: 5, type: 'posted', time: '2026-03-01T09:03:00Z', data: { amount: 20 }, metadata: {} },
  { stream: 'ledger-1', version: 6, type: 'posted', time: '2026-03-01T09:04:00Z', data: { amount: 5 }, metadata: {} },
  { stream: 'ledger-1', version: 7, type: 'broken', time: '2026-03-01T09:05:00Z', data: { reason: 'closed account' }, metadata: {} },
  { stream: 'ledger-1', version: 8, type: 'posted', time: '2026-03-01T09:06:00Z', data: { amount: 1 }, metadata: {} },
];

const LEDGER_REDUCER = [
  'export const init = () => ({ balance: 0, entries: [] });',
  'export function apply(state, event) {',
  "  if (event.type === 'broken') throw new Error(`cannot post ${event.data.reason}`);",
  '  state.balance += event.data.amount;',
  '  state.entries.push(event.version);',
  '  return state;',
  '}',
].join('\n');

test('a reducer file loaded by path: steps, jumps, its error at its step, and a reload when the file changes', async ({ page, host, scratch, pageProblems }) => {
  const journal = writeJournal(scratch, 'ledger.ndjson', LEDGER_EVENTS);
  const reducerPath = join(scratch, 'ledger.mjs');
  writeFileSync(reducerPath, LEDGER_REDUCER);
  await openFile(page, host.url, journal);
  await pickStream(page, 'ledger-1');

  const replay = page.getByRole('region', { name: 'Replay' });
  const slider = page.getByRole('slider', { name: 'Replay position' });
  const state = page.getByRole('region', { name: 'State' });
  const reducerSelect = replay.getByRole('combobox', { name: 'Reducer', exact: true });
  await expect(reducerSelect.getByRole('option', { name: 'Your reducer (file)' })).toBeDisabled();

  // The browser host has no native dialog: the page asks for a file (reducer-upload.spec.ts) or its path on this
  // computer, which is watched. A wrong one is said so, in the dialog.
  await replay.getByRole('button', { name: 'Load reducer…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Load reducer' });
  const pathInput = dialog.getByRole('textbox', { name: 'Reducer file path' });
  await expect(dialog.getByLabel('Reducer file', { exact: true })).toBeFocused();
  await pathInput.fill(join(scratch, 'missing.mjs'));
  await dialog.getByRole('button', { name: 'Load' }).click();
  await expect(dialog.getByRole('alert')).toContainText('missing.mjs cannot be read');
  await pathInput.fill(reducerPath);
  await pathInput.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(reducerSelect).toHaveValue('custom');
  await expect(replay).toContainText('ledger.mjs');
  await expect(replay).toContainText('revision 1');
  await expect(replay.getByRole('alert')).toHaveCount(0);

  // The start is the reducer's init(); the failure ahead is marked on the timeline before it is reached.
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await expect(state).toContainText(/balance:\s*0/);
  const failureMark = replay.getByRole('button', { name: 'Reducer error at version 7' });
  await expect(failureMark).toBeVisible();
  await expect(failureMark).toContainText('⚠ v7');

  await replay.getByRole('button', { name: 'Step forward' }).click();
  await replay.getByRole('button', { name: 'Step forward' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '2');
  await expect(state).toContainText(/balance:\s*150/);

  // The slider counts steps; aria-valuenow says the version shown (step 4 is version 5).
  await slider.fill('4');
  await expect(slider).toHaveAttribute('aria-valuenow', '5');
  await expect(state).toContainText(/balance:\s*140/);

  const goTo = replay.getByRole('spinbutton', { name: 'Go to version' });
  await goTo.fill('3');
  await goTo.press('Enter');
  await expect(slider).toHaveAttribute('aria-valuenow', '3');
  await expect(slider).toHaveValue('3');
  await expect(state).toContainText(/balance:\s*120/);
  await goTo.fill('4');
  await goTo.press('Enter');
  await expect(replay.getByRole('status').filter({ hasText: 'No event has version 4 in ledger-1 (versions 1 to 8).' })).toBeVisible();
  await expect(slider).toHaveAttribute('aria-valuenow', '3');

  // End stops at the failing step: its message and line, and the state before it; nothing lies beyond.
  await replay.getByRole('heading', { name: 'Replay' }).click();
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuenow', '7');
  const failure = replay.getByRole('alert');
  await expect(failure).toContainText('The reducer failed on this event at ledger.mjs:3');
  await expect(failure).toContainText('cannot post closed account');
  await expect(state).toContainText(/balance:\s*145/);
  await expect(page.getByRole('region', { name: 'Changes' })).toContainText('Nothing was applied');
  await expect(replay.getByRole('button', { name: 'Step forward' })).toBeDisabled();
  await screenshot(page, 'replay-reducer-error');

  // Play always stops there.
  await replay.getByRole('button', { name: 'Jump to start' }).click();
  await replay.getByRole('combobox', { name: 'Speed' }).selectOption('100');
  await replay.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(replay.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(slider).toHaveAttribute('aria-valuenow', '7');
  await expect(replay).toContainText('Play stopped: the reducer failed on this event.');

  // The file is edited: the service loads it again, the page notices the new revision and asks again.
  writeFileSync(reducerPath, LEDGER_REDUCER.replace("throw new Error(`cannot post ${event.data.reason}`);", 'return { ...state, closed: event.data.reason };'));
  await expect(replay).toContainText('revision 2', { timeout: 10_000 });
  await expect(state).toContainText(/closed:\s*"closed account"/);
  await expect(replay.getByRole('alert')).toHaveCount(0);
  await expect(failureMark).toHaveCount(0);
  await replay.getByRole('button', { name: 'Jump to end' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '8');
  await expect(state).toContainText(/balance:\s*146/);

  // A save that breaks the file is said in words; fixing it brings the replay back.
  writeFileSync(reducerPath, 'export function apply(state, event) {\n  return state +;\n}\n');
  await expect(replay).toContainText('revision 3', { timeout: 10_000 });
  await expect(replay.getByRole('alert').first()).toContainText('The reducer ledger.mjs does not load');
  writeFileSync(reducerPath, LEDGER_REDUCER.replace("throw new Error(`cannot post ${event.data.reason}`);", 'return state;'));
  await expect(replay).toContainText('revision 4', { timeout: 10_000 });
  await expect(replay.getByRole('alert')).toHaveCount(0);
  await expect(state).toContainText(/balance:\s*146/);
  expect(pageProblems).toEqual([]);
});

test('a field’s history lists every version that changed it, and an entry jumps there; two versions compare', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  await pickStream(page, 'user-0001');
  const replay = page.getByRole('region', { name: 'Replay' });
  const slider = page.getByRole('slider', { name: 'Replay position' });
  await replay.getByRole('button', { name: 'Jump to end' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '9');

  // A key of the State tree is a button, reachable by the keyboard.
  const city = page.getByRole('region', { name: 'State' }).getByRole('button', { name: 'History of /address/city' });
  await city.focus();
  await page.keyboard.press('Enter');
  const history = page.getByRole('region', { name: 'Field history' });
  await expect(history).toContainText('/address/city');
  const entries = history.getByRole('listitem');
  await expect(entries.first()).toContainText(/version 1\s*user_created\s*"Quito"/);
  await expect(history).toContainText(/version 3\s*user_updated\s*"Nairobi"/);
  await expect(entries.last()).toContainText('"Oslo"');

  await history.getByRole('button', { name: /^version 3/ }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '3');
  await expect(page.getByRole('region', { name: 'State' })).toContainText(/city:\s*"Nairobi"/);
  await expect(history.getByRole('button', { name: /^version 3/ })).toHaveAttribute('aria-current', 'step');

  // Compare the step shown with another version; the comparison follows the steps.
  const compareWith = replay.getByRole('spinbutton', { name: 'Compare with version' });
  await compareWith.fill('9');
  await replay.getByRole('button', { name: 'Compare', exact: true }).click();
  const comparison = page.getByRole('region', { name: 'Comparison' });
  await expect(comparison).toContainText('from version 9 to version 3');
  await expect(comparison).toContainText(/~\s*changed\s*\/address\/city\s*"Oslo"\s*→\s*"Nairobi"/);
  await replay.getByRole('button', { name: 'Jump to end' }).click();
  await expect(comparison).toContainText('from version 9 to version 9');
  await expect(comparison).toContainText('No difference');
  await replay.getByRole('button', { name: 'Jump to start' }).click();
  await expect(comparison).toContainText('from version 9 to the start');
  await expect(comparison).toContainText(/−\s*removed\s*\/name\s*"Ada Lovelace"/);
  await history.getByRole('button', { name: /^version 3/ }).click();

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `replay-desk-${scheme}`);
  }
  await comparison.getByRole('button', { name: 'Stop comparing' }).click();
  await expect(comparison).toHaveCount(0);
  await history.getByRole('button', { name: 'Close field history' }).click();
  await expect(history).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('a category and the Events filter replay across streams, in journal order, numbered by position', async ({ page, host, pageProblems }) => {
  const sample = readFileSync(new URL('../../dist/sample/sample-journal.ndjson', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { position: number; stream: string; type: string });
  const accounts = sample.filter((event) => event.stream.startsWith('account-'));
  const checkedOut = sample.filter((event) => event.type === 'checked_out');

  await openSample(page, host);
  await pickStream(page, 'account-0001');
  const replay = page.getByRole('region', { name: 'Replay' });
  const slider = page.getByRole('slider', { name: 'Replay position' });
  const subject = replay.getByRole('combobox', { name: 'Replay subject' });
  await expect(subject).toHaveValue('stream');
  await subject.selectOption({ label: 'All account streams' });
  await expect(replay).toContainText(`step 0 of ${accounts.length.toLocaleString('en-US')}`);

  await replay.getByRole('button', { name: 'Step forward' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', String(accounts[0]!.position));
  await expect(replay).toContainText(accounts[0]!.stream);

  // Across streams the steps are numbered by position.
  const third = accounts[2]!;
  const goTo = replay.getByRole('spinbutton', { name: 'Go to position' });
  await goTo.fill(String(third.position));
  await goTo.press('Enter');
  await expect(slider).toHaveAttribute('aria-valuenow', String(third.position));
  await expect(replay).toContainText(`step 3 of ${accounts.length.toLocaleString('en-US')}`);
  await expect(replay).toContainText(third.stream);
  await screenshot(page, 'replay-category');

  // Key repeats on the slider: requests are coalesced, and the replay lands where the keys left it.
  await slider.focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', String(accounts[32]!.position));
  await expect(replay).toContainText(`step 33 of ${accounts.length.toLocaleString('en-US')}`);

  // The Events area's filter, across every stream.
  await page.getByRole('button', { name: 'Show all streams' }).click();
  await pickTypes(page, ['checked_out']);
  await expect(rowsOf(page, checkedOut.length.toLocaleString('en-US'))).toBeVisible();
  await page.getByRole('button', { name: 'Replay these events' }).click();
  await expect(subject).toHaveValue('filter');
  await expect(subject.locator('option:checked')).toHaveText('Filtered events: type checked_out');
  await expect(replay).toContainText(`step 0 of ${checkedOut.length}`);
  await replay.getByRole('button', { name: 'Jump to end' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', String(checkedOut.at(-1)!.position));
  await expect(page.getByRole('region', { name: 'State' })).toContainText(/status:\s*"checked_out"/);
  expect(pageProblems).toEqual([]);
});

test('play at a chosen speed stops on a chosen event type', async ({ page, host }) => {
  await openSample(page, host);
  await pickStream(page, 'user-0001');
  const replay = page.getByRole('region', { name: 'Replay' });
  const slider = page.getByRole('slider', { name: 'Replay position' });
  await replay.getByRole('combobox', { name: 'Speed' }).selectOption('20');
  await replay.getByRole('combobox', { name: 'Stop at type' }).selectOption('user_updated');
  await replay.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '2');
  await expect(replay.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(replay).toContainText('Play stopped at user_updated, as asked.');
  await page.keyboard.press(' ');
  await expect(slider).toHaveAttribute('aria-valuenow', '3');
  await expect(replay.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  // With no type to stop at, play goes to the end.
  await replay.getByRole('combobox', { name: 'Stop at type' }).selectOption('');
  await replay.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '9');
  await expect(replay).toContainText('Play reached the end.');
});

test('stored snapshots are marked on the timeline; a mismatch lists what differs', async ({ page, host, scratch, pageProblems }) => {
  const store = writeEventsourcingPython(join(scratch, 'bank.sqlite'));
  await openFile(page, host.url, store);
  await pickStream(page, ACCOUNT);
  const replay = page.getByRole('region', { name: 'Replay' });
  const mark = replay.getByRole('button', { name: 'Snapshot at version 2: differs from the replay' });
  await expect(mark).toContainText('v2 ✗');
  const snapshots = page.getByRole('region', { name: 'Snapshots' });
  await expect(snapshots).toContainText('✗ differs from the replay');
  await expect(snapshots).toContainText('/_version');
  await mark.click();
  await expect(page.getByRole('slider', { name: 'Replay position' })).toHaveAttribute('aria-valuenow', '2');
  await screenshot(page, 'replay-snapshots');
  expect(pageProblems).toEqual([]);
});

test('an event type can be folded by another built-in reducer', async ({ page, host, scratch, pageProblems }) => {
  const journal = writeJournal(scratch, 'docs.ndjson', [
    { stream: 'doc-1', version: 1, type: 'drafted', time: '2026-04-01T09:00:00Z', data: { title: 'Plan', tags: ['x'] }, metadata: {} },
    { stream: 'doc-1', version: 2, type: 'replaced', time: '2026-04-01T09:01:00Z', data: { title: 'Plan B' }, metadata: {} },
    { stream: 'doc-1', version: 3, type: 'patched', time: '2026-04-01T09:02:00Z', data: [{ op: 'add', path: '/done', value: true }], metadata: {} },
  ]);
  await openFile(page, host.url, journal);
  await pickStream(page, 'doc-1');
  const replay = page.getByRole('region', { name: 'Replay' });
  const state = page.getByRole('region', { name: 'State' });
  await replay.getByRole('button', { name: 'Jump to end' }).click();
  await expect(page.getByRole('slider', { name: 'Replay position' })).toHaveAttribute('aria-valuenow', '3');
  await expect(state).toContainText('tags');
  await expect(page.getByRole('region', { name: 'Changes' })).toContainText('Data is an array, not an object');

  await replay.getByRole('button', { name: 'Per event type' }).click();
  const overrides = replay.getByRole('group', { name: 'Per event type' });
  await overrides.getByRole('button', { name: 'Add event type' }).click();
  await overrides.getByRole('combobox', { name: 'Event type 1' }).selectOption('replaced');
  await overrides.getByRole('combobox', { name: 'Reducer for replaced' }).selectOption('snapshot');
  await overrides.getByRole('button', { name: 'Add event type' }).click();
  await overrides.getByRole('combobox', { name: 'Event type 2' }).selectOption('patched');
  await overrides.getByRole('combobox', { name: 'Reducer for patched' }).selectOption('json-patch');
  await expect(state).not.toContainText('tags');
  await expect(state).toContainText(/done:\s*true/);
  await expect(state).toContainText(/title:\s*"Plan B"/);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'replay-per-type-dark');

  await overrides.getByRole('button', { name: 'Remove the override for replaced' }).click();
  await expect(state).toContainText('tags');
  expect(pageProblems).toEqual([]);
});

test('a 100,000-event stream answers any version at once: the end, a version typed, and back', async ({ page, host, scratch }) => {
  test.setTimeout(120_000);
  const events = Array.from({ length: 100_000 }, (_, i) => ({
    stream: 'meter-1',
    // Versions start at 10 and skip every 1000th, so the step of a version must be looked up, not computed.
    version: 10 + i + Math.floor(i / 1000),
    type: i % 10 === 0 ? 'meter_reset' : 'meter_read',
    time: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    data: { reading: i, [`slot${i % 50}`]: i },
    metadata: {},
  }));
  const journal = writeJournal(scratch, 'meter.ndjson', events);
  await openFile(page, host.url, journal);
  await pickStream(page, 'meter-1');
  const replay = page.getByRole('region', { name: 'Replay' });
  const slider = page.getByRole('slider', { name: 'Replay position' });
  const state = page.getByRole('region', { name: 'State' });
  await expect(slider).toHaveAttribute('aria-valuenow', '9');

  const timed = async (action: () => Promise<void>) => {
    const started = Date.now();
    await action();
    return Date.now() - started;
  };
  const last = events.at(-1)!;
  const toEnd = await timed(async () => {
    await replay.getByRole('button', { name: 'Jump to end' }).click();
    await expect(slider).toHaveAttribute('aria-valuenow', String(last.version));
  });
  await expect(state).toContainText(/reading:\s*99999/);

  const target = events[73_412]!;
  const goTo = replay.getByRole('spinbutton', { name: 'Go to version' });
  await goTo.fill(String(target.version));
  const typed = await timed(async () => {
    await goTo.press('Enter');
    await expect(slider).toHaveAttribute('aria-valuenow', String(target.version));
  });
  await expect(state).toContainText(/reading:\s*73412/);
  await expect(replay).toContainText('step 73,413 of 100,000');

  const back = await timed(async () => {
    await replay.getByRole('button', { name: 'Step back' }).click();
    await expect(slider).toHaveAttribute('aria-valuenow', String(target.version - 1));
  });
  // The first walk keeps the checkpoints; after it, jumps take a round trip.
  console.log(`100,000-event stream: end ${toEnd} ms, a typed version ${typed} ms, a step back ${back} ms`);
  expect(typed).toBeLessThan(1000);
  expect(back).toBeLessThan(1000);
});

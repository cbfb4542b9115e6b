// The Replay area: buttons, keys and slider over a user stream of the sample, with State and Changes.
import { expect, expectFileChooser, openSample, pickStream, screenshot, test, writeJournal } from './fixtures.js';

test('steps through user-0001 with the buttons and the keyboard', async ({ page, host, pageProblems }) => {
  await openSample(page, host);
  await page.getByRole('searchbox', { name: 'Filter streams' }).fill('user-0001');
  await page.getByRole('option', { name: 'user-0001' }).click();

  const slider = page.getByRole('slider', { name: 'Replay position' });
  const state = page.getByRole('region', { name: 'State' });
  const changes = page.getByRole('region', { name: 'Changes' });
  // Position 0 is the start: no event applied, aria-valuenow one less than the first version.
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await expect(changes).toContainText('No event applied yet');
  await expect(page.getByRole('button', { name: 'Step back' })).toBeDisabled();

  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '1');
  await expect(page.getByRole('region', { name: 'Replay' })).toContainText('user_created');
  await expect(state).toContainText(/name:\s*"Ada Lovelace"/);
  await expect(state).toContainText(/email:\s*"ada\.lovelace1@example\.com"/);
  await expect(changes).toContainText(/\+\s*added\s*\/name\s*"Ada Lovelace"/);
  await expect(changes).toContainText('/email');

  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '3');
  await expect(changes).toContainText(/~\s*changed\s*\/address\/city\s*"Quito"\s*→\s*"Nairobi"/);
  await expect(state).toContainText(/city:\s*"Nairobi"/);
  await screenshot(page, 'replay');

  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '2');
  await expect(state).toContainText(/city:\s*"Quito"/);

  // Keys drive the replay when focus is not in a text field or the list.
  await page.getByRole('heading', { name: 'Replay' }).click();
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '3');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuenow', '1');
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuenow', '9');
  await expect(state).toContainText(/email:\s*"ada\.lovelace\.73@example\.org"/);
  await expect(state).toContainText(/city:\s*"Oslo"/);
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await expect(state).not.toContainText('Ada Lovelace');

  // The filter box keeps its arrows.
  await page.getByRole('searchbox', { name: 'Filter streams' }).press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');

  await page.getByRole('button', { name: 'Jump to end' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '9');
  await expect(page.getByRole('button', { name: 'Step forward' })).toBeDisabled();
  // Unavailable buttons keep the focus, so the keyboard user's place is not lost at the end.
  await expect(page.getByRole('button', { name: 'Jump to end' })).toBeFocused();
  await page.getByRole('button', { name: 'Jump to start' }).click();
  await expect(slider).toHaveAttribute('aria-valuenow', '0');

  // The slider moves the replay, and its value follows.
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '2');
  await expect(slider).toHaveValue('2');
  expect(pageProblems).toEqual([]);
});

test('plays and pauses with the button and Space', async ({ page, host }) => {
  await openSample(page, host);
  await pickStream(page, 'user-0002');
  const slider = page.getByRole('slider', { name: 'Replay position' });

  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(slider).not.toHaveAttribute('aria-valuenow', '0');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const paused = await slider.getAttribute('aria-valuenow');
  await page.waitForTimeout(900);
  await expect(slider).toHaveAttribute('aria-valuenow', paused!);

  await page.getByRole('heading', { name: 'Replay' }).click();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test("an event whose data is not an object leaves the state as it was, and the step says why", async ({ page, host, scratch }) => {
  const path = writeJournal(scratch, 'odd.ndjson', [
    { stream: 'thing-1', version: 1, type: 'thing_made', time: '2026-02-01T10:00:00Z', data: { size: 1, colour: 'red' }, metadata: {} },
    { stream: 'thing-1', version: 2, type: 'thing_noted', time: '2026-02-01T11:00:00Z', data: 'just a string', metadata: {} },
    { stream: 'thing-1', version: 3, type: 'thing_changed', time: '2026-02-01T12:00:00Z', data: { size: 2, colour: null }, metadata: {} },
  ]);
  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(path);
  await page.getByRole('option', { name: 'thing-1' }).click();
  const changes = page.getByRole('region', { name: 'Changes' });
  const state = page.getByRole('region', { name: 'State' });
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(changes).toContainText('Data is a string, not an object: the state is unchanged.');
  await expect(state).toContainText(/colour:\s*"red"/);
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(changes).toContainText(/−\s*removed\s*\/colour\s*"red"/);
  await expect(changes).toContainText(/~\s*changed\s*\/size\s*1\s*→\s*2/);
  await expect(state).not.toContainText('colour');
  await screenshot(page, 'replay-removed');
});

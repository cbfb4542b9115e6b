// The Replay area: buttons, keys and slider over a user stream of the sample, with State and Changes.
import { expect, openSample, screenshot, test } from './fixtures.js';

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
  await page.getByRole('option', { name: 'user-0002' }).click();
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

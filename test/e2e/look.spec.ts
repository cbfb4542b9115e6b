// Full-window screenshots in both colour schemes, for a person to look at (test-results/screens/).
import { expect, openSample, pickStream, screenshot, test } from './fixtures.js';

for (const scheme of ['light', 'dark'] as const) {
  test(`the journal view in the ${scheme} scheme`, async ({ page, host, pageProblems }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openSample(page, host);
    await pickStream(page, 'cart-0007');
    await page.getByRole('button', { name: 'Jump to end' }).click();
    await page.getByRole('button', { name: 'Step back' }).click();
    await expect(page.getByRole('slider', { name: 'Replay position' })).not.toHaveAttribute('aria-valuenow', '0');
    await page.getByRole('grid', { name: 'Events' }).getByRole('row').nth(3).click();
    await screenshot(page, `journal-${scheme}`);
    expect(pageProblems).toEqual([]);
  });
}

// axe-core over each screen, in both colour schemes, at 1440×900: WCAG 2.1 A and AA, no violations.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectFileChooser, openSample, pickStream, screenshot, test, writeJournal } from './fixtures.js';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The violations on the page now, one readable paragraph each (rule, what it means, where, why). */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations.map((violation) =>
    [
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}`,
      ...violation.nodes.slice(0, 8).map((node) => `  at ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s*\n\s*/g, ' ') ?? ''}`),
      ...(violation.nodes.length > 8 ? [`  … and ${violation.nodes.length - 8} more`] : []),
    ].join('\n'),
  );
}

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  const found = await violations(page);
  expect(found, `${screen}:\n${found.join('\n')}`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} scheme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.emulateMedia({ colorScheme });
    });

    test('the welcome screen has no WCAG A/AA violations', async ({ page, host }) => {
      await page.goto(host.url);
      await expect(page.getByRole('button', { name: 'Open sample journal' })).toBeVisible();
      await expectNoViolations(page, 'welcome');
      await screenshot(page, `a11y-welcome-${colorScheme}`);
    });

    test('the sample journal with a stream picked and a step replayed has no WCAG A/AA violations', async ({ page, host }) => {
      await openSample(page, host);
      await pickStream(page, 'account-0004');
      await page.getByRole('button', { name: 'Step forward' }).click();
      await expect(page.getByRole('slider', { name: 'Replay position' })).toHaveAttribute('aria-valuenow', '1');
      await expect(page.getByRole('region', { name: 'Changes' })).toBeVisible();
      await expectNoViolations(page, 'journal view');
      await screenshot(page, `a11y-journal-${colorScheme}`);
    });

    test('the Findings view has no WCAG A/AA violations', async ({ page, host }) => {
      await openSample(page, host);
      await page.getByRole('banner').getByRole('button', { name: /^Findings \(\d+\)$/ }).click();
      const panel = page.getByRole('region', { name: 'Findings' });
      await expect(panel).toBeVisible();
      await expect(panel.getByRole('table', { name: 'Findings by kind' })).toBeVisible();
      await expectNoViolations(page, 'Findings');
      await screenshot(page, `a11y-findings-${colorScheme}`);
    });

    test('the Map columns dialog has no WCAG A/AA violations', async ({ page, host, scratch }) => {
      const path = writeJournal(scratch, 'odd.ndjson', [{ agg: 'acct-7', kind: 'opened', body: { owner: 'Ada' }, at: '2026-02-01T09:00:00Z' }]);
      await page.goto(host.url);
      const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Map columns…' }).click());
      await chooser.setFiles(path);
      const dialog = page.getByRole('dialog', { name: 'Map columns' });
      await expect(dialog).toBeVisible();
      // Once its fields are listed: the choices and the preview are what is checked.
      await dialog.getByRole('combobox', { name: 'Stream', exact: true }).selectOption('agg', { timeout: 30_000 });
      await expect(dialog.getByRole('table', { name: 'How the first records would be read' })).toBeVisible();
      await expectNoViolations(page, 'Map columns');
      await screenshot(page, `a11y-options-${colorScheme}`);
    });
  });
}

// The audit report as an auditor receives it: one HTML file opened from disk in a browser. It must read well, show
// hostile journal content as text, run nothing and fetch nothing.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { renderAuditReport } from '../../shared/audit-report.js';
import type { RateSeries } from '../../shared/model.js';
import { HOSTILE, hostileReport } from '../support/audit-report-fixture.js';
import { expect, test } from './fixtures.js';

/** Three days of hourly buckets for a small bank, quiet at night, one hour with a burst, and a hostile event type. */
function bankRates(): RateSeries {
  const hours = 72;
  const shape = (hour: number, scale: number) => {
    const local = hour % 24;
    return local < 7 || local > 21 ? 0 : Math.round(scale * (1 + Math.sin((local - 7) / 3)));
  };
  const types = [
    { type: 'money_deposited', counts: Array.from({ length: hours }, (_, h) => shape(h, 40) + (h === 35 ? 260 : 0)) },
    { type: 'money_withdrawn', counts: Array.from({ length: hours }, (_, h) => shape(h, 25)) },
    { type: 'account_opened', counts: Array.from({ length: hours }, (_, h) => shape(h, 6)) },
    { type: HOSTILE.script, counts: Array.from({ length: hours }, (_, h) => (h % 9 === 0 ? 3 : 0)) },
  ].map((rate) => ({ ...rate, count: rate.counts.reduce((sum, n) => sum + n, 0) }));
  types.sort((x, y) => y.count - x.count);
  const totals = Array.from({ length: hours }, (_, h) => types.reduce((sum, rate) => sum + rate.counts[h]!, 0));
  return { bucket: '1h', start: '2026-01-05T00:00:00.000Z', totals, types };
}

/** Everything the page asks for, every dialog it opens, and whether any script of its own ran. */
function watch(page: Page): { requests: string[]; dialogs: string[] } {
  const seen = { requests: [] as string[], dialogs: [] as string[] };
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);

test('the report opens from disk, reads by role, and runs or loads nothing of its content', async ({ page, scratch, pageProblems }) => {
  const file = join(scratch, 'audit-report.html');
  writeFileSync(file, renderAuditReport({ ...hostileReport(), rates: bankRates() }));
  const url = pathToFileURL(file).href;
  const seen = watch(page);
  await page.goto(url);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Audit report: ledger${HOSTILE.img}.ndjson`);
  for (const heading of ['Journal', 'Event rate', 'Findings', 'Hash chain', 'Schema drift', 'Comparison']) {
    await expect(page.getByRole('region', { name: heading })).toBeVisible();
  }
  const journal = page.getByRole('table', { name: 'The journal audited' });
  await expect(journal.getByRole('row', { name: /Digest \(SHA-256\)/ })).toContainText('3f'.repeat(32));
  await expect(journal.getByRole('row', { name: /Events/ })).toContainText('1,234,567');

  const findings = page.getByRole('table', { name: 'Findings, the first 3 of 5' });
  await expect(findings).toBeVisible();
  await expect(findings.getByRole('row')).toHaveCount(4);
  await expect(findings.getByRole('row').nth(1)).toContainText('Error');
  await expect(findings.getByRole('row').nth(1)).toContainText('account-1⟨U+202E⟩gnp.exe');
  // The hostile strings are on screen as the characters they are.
  await expect(findings.getByRole('row').nth(2)).toContainText(HOSTILE.iframe);
  await expect(page.getByRole('table', { name: 'Differences, the first 2 of 5' })).toContainText(HOSTILE.script);

  const chart = page.getByRole('img', { name: /^Event rate: .* events per hour from 2026-01-05 00:00 to 2026-01-08 00:00 UTC/ });
  await expect(chart).toBeVisible();
  expect(await chart.locator('g.bar').count()).toBe(bankRates().totals.filter((n) => n > 0).length);
  const box = (await chart.boundingBox())!;
  expect(box.width).toBeGreaterThan(600);

  await page.screenshot({ path: '/tmp/report.png', fullPage: true });
  expect(await pwned(page)).toBeNull();
  expect(seen.dialogs).toEqual([]);
  expect(seen.requests).toEqual([url]);
  expect(pageProblems).toEqual([]);
});

test('the Content-Security-Policy alone stops script and fetches, should an escaping hole ever let markup through', async ({ page, scratch }) => {
  // A server on this machine counts what reaches it: a request the browser merely announced is not one that left.
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const beacon = `http://127.0.0.1:${(server.address() as AddressInfo).port}/beacon.png`;
  try {
    // Markup spliced into the body as if escaping had failed: an inline script, a handler, an image from a server.
    const injected = `<script>window.__pwned = 'script'</script><img src="x" onerror="window.__pwned = 'handler'"><img src="${beacon}">`;
    const report = renderAuditReport(hostileReport()).replace('<main>', `<main>${injected}`);
    const guarded = join(scratch, 'guarded.html');
    writeFileSync(guarded, report);
    const blocked: string[] = [];
    page.on('requestfailed', (request) => blocked.push(`${request.url()} ${request.failure()?.errorText}`));
    const seen = watch(page);
    await page.goto(pathToFileURL(guarded).href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForTimeout(300);
    expect(await pwned(page)).toBeNull();
    expect(seen.dialogs).toEqual([]);
    expect(hits).toEqual([]);
    // Chromium announces the two images, then refuses them for the policy (failure "csp") before anything is sent.
    expect(seen.requests.slice(1).sort()).toEqual([beacon, pathToFileURL(join(scratch, 'x')).href].sort());
    expect(blocked.sort()).toEqual([`${beacon} csp`, `${pathToFileURL(join(scratch, 'x')).href} csp`].sort());

    // The control: without the policy the same page runs the script and fetches the image, so the checks above can
    // tell a page that ran or fetched from one that did not.
    const open = join(scratch, 'unguarded.html');
    writeFileSync(open, report.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
    await page.goto(pathToFileURL(open).href);
    await expect.poll(() => pwned(page)).not.toBeNull();
    await expect.poll(() => hits).toEqual(['/beacon.png']);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

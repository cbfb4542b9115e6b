// Findings read in words: a severity marker as text, what kind, where, the message; and how many were not listed.
import { expect, expectFileChooser, screenshot, test } from './fixtures.js';

test('findings of every kind read well, and the capped list says how many more there are', async ({ page, host, pageProblems }) => {
  const good = (version: number) => JSON.stringify({ stream: 'order-1', version, type: 'order_placed', time: '2026-03-01T09:00:00Z', data: { n: version }, metadata: {} });
  const lines = [good(1), good(2)];
  for (let i = 0; i < 1005; i++) lines.push(`{"stream": "order-1", "version": ${i + 3}, oops`);
  const bytes = Buffer.concat([
    // First, a line with bytes that are not UTF-8 in an otherwise fine event (later ones could fall past the cap).
    Buffer.from('{"stream":"order-2","version":1,"type":"note","time":"2026-03-01T10:00:00Z","data":{"text":"caf'),
    Buffer.from([0xe9]),
    Buffer.from('"},"metadata":{}}\n'),
    Buffer.from(lines.join('\n') + '\n'),
  ]);
  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles({ name: 'noisy.ndjson', mimeType: 'application/x-ndjson', buffer: bytes });

  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'noisy.ndjson' })).toBeVisible();
  await expect(header).toContainText('3 events');
  // What the reader found is part of the audit, which the header counts and the Findings panel lists (capped).
  const audit = await host.latestService().audit();
  expect(audit.moreFindings).toBeGreaterThan(0);
  const total = audit.counts.reduce((sum, count) => sum + count.count, 0);
  await header.getByRole('button', { name: `Findings (${total.toLocaleString('en-US')})` }).click();
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings).toContainText(`${audit.moreFindings.toLocaleString('en-US')} more not listed`);
  // The severity is a word, not only a colour; the kind is in words; the place and the message follow.
  const utf8 = findings.getByRole('listitem').filter({ hasText: 'Not UTF-8' });
  await expect(utf8).toContainText('Warning');
  await expect(utf8).toContainText('line 1');
  await expect(utf8).toContainText('not valid UTF-8');
  const notJson = findings.getByRole('listitem').filter({ hasText: 'line 4' }).first();
  await expect(notJson).toContainText('Error');
  await expect(notJson).toContainText('Not JSON');
  await screenshot(page, 'findings-many');
  expect(pageProblems).toEqual([]);
});

test('a JSON array cut off mid-way is a finding that says so', async ({ page, host }) => {
  const events = [1, 2, 3].map((version) => ({ stream: 'cart-1', version, type: 'item_added', time: '2026-03-01T09:00:00Z', data: { n: version }, metadata: {} }));
  const text = JSON.stringify(events, null, 1);
  await page.goto(host.url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, text.length - 40)) });
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'cut.json' })).toBeVisible();
  await expect(header).toContainText('2 events');
  await header.getByRole('button', { name: 'Findings (1)' }).click();
  const item = page.getByRole('region', { name: 'Findings' }).getByRole('listitem');
  await expect(item).toContainText('Error');
  await expect(item).toContainText('File cut off');
  await expect(item).toContainText('cut.json is cut off');
});

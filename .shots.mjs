import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
const [file, out, w, h, scheme, row] = process.argv.slice(2);
const host = spawn('node', ['dist/electron/cli/main.js', 'serve', file], { cwd: '/work/main' });
const url = await new Promise((resolve) => host.stdout.on('data', (d) => { const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(String(d)); if (m) resolve(m[1]); }));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: +w, height: +h }, colorScheme: scheme });
await page.goto(url);
await page.getByRole('table', { name: 'Events' }).waitFor({ timeout: 30000 });
await page.waitForTimeout(1500);
if (row) {
  await page.getByRole('table', { name: 'Events' }).getByRole('row').nth(+row).click();
  await page.waitForTimeout(500);
  const rec = page.getByRole('button', { name: 'Record as written' });
  if (process.argv[8] === 'record') { await rec.click(); await page.waitForTimeout(500); }
}
await page.screenshot({ path: out });
await browser.close();
host.kill();

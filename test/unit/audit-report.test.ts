// The audit report file: journal content only ever as text, a chart drawn from the numbers, sections as the data says.
import { describe, expect, it } from 'vitest';
import { auditReportJson, renderAuditReport, REPORT_CSP } from '../../shared/audit-report.js';
import { escapeHtml } from '../../shared/report/html.js';
import { chartData } from '../../shared/report/svg-chart.js';
import type { RateSeries } from '../../shared/model.js';
import { HOSTILE, hostileRates, hostileReport } from '../support/audit-report-fixture.js';

/** Every element the report's own markup uses: a tag outside this list can only have come from journal content. */
const OWN_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'footer', 'section', 'h1', 'h2', 'h3', 'p', 'ul', 'li', 'strong', 'span', 'code', 'time', 'div',
  'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'figcaption', 'svg', 'g', 'rect', 'line', 'text',
]);

/** Elements with their attribute names: values are double-quoted and escaped, so a quote never ends one early. */
const OWN_ATTRIBUTES = [
  'lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id', 'aria-labelledby', 'aria-label', 'aria-hidden', 'scope', 'datetime',
  'xmlns', 'viewbox', 'role', 'preserveaspectratio', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'width', 'height', 'fill', 'text-anchor', 'transform',
];

const tags = (html: string) =>
  [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: [...m[2]!.matchAll(/\s([^\s=/>]+)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase()),
  }));
const sectionIds = (html: string) => [...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);

describe('the audit report', () => {
  const html = renderAuditReport(hostileReport());

  it('shows hostile journal content as text: no element, attribute or handler of its own', () => {
    const found = tags(html);
    expect(found.filter((tag) => !OWN_TAGS.has(tag.name)).map((tag) => tag.name)).toEqual([]);
    expect(found.flatMap((tag) => tag.attrs).filter((name) => name.startsWith('on'))).toEqual([]);
    // One <style>, the report's own; no <script> at all, and nothing with a source or a link to fetch.
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(found.flatMap((tag) => tag.attrs).filter((name) => /^(src|srcset|href|xlink:href|action|formaction|background|poster|data)$/.test(name))).toEqual([]);
    // Every attribute is one the report writes itself.
    expect(new Set(found.flatMap((tag) => tag.attrs))).toEqual(new Set(OWN_ATTRIBUTES));
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(style).not.toMatch(/url\(|@import/i);
    // Each hostile string is there, as escaped text.
    for (const value of [HOSTILE.img, HOSTILE.script, HOSTILE.svg, HOSTILE.iframe, HOSTILE.style]) expect(html).toContain(escapeHtml(value));
    expect(escapeHtml(HOSTILE.img)).toBe('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
  });

  it('spells out characters that would disguise a stream id', () => {
    expect(html).not.toContain('\u202E');
    expect(html).toContain('account-1⟨U+202E⟩gnp.exe');
  });

  it('tells the browser that nothing in it may load or run, before anything else in <head>', () => {
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    expect(tags(head).map((tag) => tag.name).slice(0, 3)).toEqual(['head', 'meta', 'meta']);
    expect(head).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:"/>`);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('holds the journal, its digest, counts with thousands separators and times with their zone', () => {
    expect(html).toContain('3f'.repeat(32));
    expect(html).toContain('98,765,432 bytes (98.8 MB)');
    expect(html).toContain('1,234,567');
    expect(html).toContain('10,000');
    expect(html).toContain('<time datetime="2026-01-05T09:00:00.000Z">2026-01-05T09:00:00.000Z</time>');
    expect(sectionIds(html)).toEqual(['journal', 'rate', 'findings', 'chain', 'drift', 'comparison']);
  });

  it('lists findings with their place, counts them by kind and says how many were not listed', () => {
    expect(html).toContain('3 errors, 1 warning, 1 note.');
    expect(html).toContain('Findings, the first 3 of 5');
    expect(html).toContain('2 more findings not listed');
    expect(html).toMatch(/<td><span class="severity error"><span aria-hidden="true">✖ <\/span>Error<\/span><\/td><td><code>version-gap<\/code><\/td>/);
  });

  it('reports the hash chain break and each type’s shapes with what changed', () => {
    expect(html).toContain('The hash chain breaks at position 42');
    expect(html).toContain('/currency:string');
    expect(html).toContain('/amount: string → number');
    expect(html).toContain('1 more shape not listed.');
    expect(html).toContain('Event types with one shape');
  });

  it('has a comparison section only when there is a comparison', () => {
    const alone = renderAuditReport(hostileReport(false));
    expect(sectionIds(alone)).not.toContain('comparison');
    expect(alone).not.toContain('Comparison');
    expect(html).toContain('Different, and history was rewritten');
    expect(html).toContain('/data/amount');
    expect(html).toContain('3 more differences not listed');
  });

  it('round-trips as JSON', () => {
    const report = hostileReport();
    expect(JSON.parse(auditReportJson(report))).toEqual(report);
  });
});

describe('the event rate chart', () => {
  it('draws one bar per bucket with events, stacked to the bucket’s total', () => {
    const html = renderAuditReport(hostileReport());
    const chart = html.slice(html.indexOf('<svg xmlns'), html.indexOf('</svg>', html.indexOf('<svg xmlns')));
    expect(chart.match(/<g class="bar">/g)).toHaveLength(3);
    expect(chart).toContain('role="img"');
    expect(chart).toMatch(/aria-label="Event rate: 1,505 events per hour from 2026-01-05 09:00 to 2026-01-05 15:00 UTC, 3 bars; the busiest hour starts 2026-01-05 14:00 UTC with 1,500 events\."/);
    expect(chart).toContain('Events per hour');
    const data = chartData(hostileRates())!;
    expect(data.bars.map((bar) => [bar.slot, bar.total, bar.stack])).toEqual([
      [0, 3, [1, 2, 0]],
      [2, 2, [1, 1, 0]],
      [5, 1_500, [1_500, 0, 0]],
    ]);
  });

  it('adds buckets together into at most maxBars bars, in groups a reader counts in, and says so', () => {
    // A quarter of minutes, with events in the first minute and the last only.
    const length = 130_000;
    const counts = new Array<number>(length).fill(0);
    counts[0] = 4;
    counts[length - 1] = 6;
    const series: RateSeries = { bucket: '1m', start: '2026-01-01T00:00:00.000Z', totals: counts, types: [{ type: 'tick', count: 10, counts }] };
    const data = chartData(series, { maxBars: 240 })!;
    // 542 minutes a bar would do; twelve hours is the next grouping a reader counts in.
    expect(data.group).toBe(720);
    expect(data.slots).toBe(Math.ceil(length / 720));
    expect(data.bars.map((bar) => bar.total)).toEqual([4, 6]);
    const html = renderAuditReport({ ...hostileReport(false), rates: series });
    expect(html.match(/<g class="bar">/g)).toHaveLength(2);
    expect(html).toContain('each bar adds up 720 of them (12 hours, aligned to the clock in UTC), 2 bars with events.');
    expect(html).toContain('Events per 12 hours');
  });

  it('aligns grouped bars to the clock, so a series starting mid-morning still draws bars from 06:00, 12:00…', () => {
    const totals = Array.from({ length: 1000 }, () => 1);
    const series: RateSeries = { bucket: '1h', start: '2026-01-05T10:00:00.000Z', totals, types: [{ type: 'tick', count: 1000, counts: totals }] };
    const data = chartData(series)!;
    expect(data.group).toBe(6);
    expect(new Date(data.bars[0]!.startMs).toISOString()).toBe('2026-01-05T06:00:00.000Z');
    // The first bar holds the two hours of the series inside its six; the others all six.
    expect(data.bars.slice(0, 3).map((bar) => [bar.buckets, bar.total])).toEqual([[2, 2], [6, 6], [6, 6]]);
    expect(data.bars.reduce((sum, bar) => sum + bar.total, 0)).toBe(1000);
    expect(data.slots).toBeLessThanOrEqual(240);
  });

  it('puts the types beyond the first few together as other types', () => {
    const types = Array.from({ length: 9 }, (_, i) => ({ type: `type-${i}`, count: 9 - i, counts: [9 - i] }));
    const data = chartData({ bucket: '1d', start: '2026-01-01T00:00:00.000Z', totals: [45], types }, { maxTypes: 6 })!;
    expect(data.legend.map((entry) => entry.type)).toEqual(['type-0', 'type-1', 'type-2', 'type-3', 'type-4', 'type-5']);
    expect(data).toMatchObject({ otherTypes: 3, otherCount: 6 });
    expect(data.bars[0]!.stack).toEqual([9, 8, 7, 6, 5, 4, 6]);
  });

  it('says there is nothing to draw when no event has a time', () => {
    const html = renderAuditReport({ ...hostileReport(false), rates: { bucket: '1h', start: null, totals: [], types: [] } });
    expect(html).toContain('No event in this journal carries a time');
    expect(html).not.toContain('<svg xmlns');
    const silent = renderAuditReport({ ...hostileReport(false), rates: { bucket: '1h', start: '2026-01-05T00:00:00.000Z', totals: [0, 0], types: [] } });
    expect(silent).toContain('The rate series holds no events');
    expect(renderAuditReport({ ...hostileReport(false), rates: null })).toContain('no rate to draw');
  });
});

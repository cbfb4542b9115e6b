// The audit report as one self-contained HTML file an auditor can hand over: no script, no network, nothing to
// install; a Content-Security-Policy says so to the browser too, so even a hole in the escaping could not run or load
// anything. Journal content is escaped everywhere it appears (shared/report/html.ts).
import type { AuditReport } from './audit.js';
import { comparisonSection } from './report/comparison.js';
import { el, empty, raw } from './report/html.js';
import { atAGlance, chainSection, driftSection, findingsSection, journalSection, section } from './report/sections.js';
import { REPORT_CSS } from './report/style.js';
import { rateChart } from './report/svg-chart.js';

/** Nothing may load or run; inline styles (the report's own stylesheet) and data: images are all it needs. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function renderAuditReport(report: AuditReport): string {
  const { audit } = report;
  const title = `Audit report: ${audit.journal.name}`;
  const body = el(
    'main',
    {},
    el(
      'header',
      { class: 'report' },
      el('h1', {}, title),
      el('p', { class: 'byline' }, `Audited ${audit.checkedAt} by ${report.generator}.`),
      atAGlance(report),
    ),
    journalSection(audit),
    section('rate', 'Event rate', rateChart(report.rates)),
    findingsSection(audit),
    chainSection(audit.chain),
    driftSection(audit.drift),
    report.comparison !== null && report.comparison !== undefined && comparisonSection(report.comparison),
    el('footer', {}, `Made by ${report.generator}. This file holds no script and loads nothing: it reads the same offline, printed or archived.`),
  );
  return (
    '<!doctype html>\n' +
    '<html lang="en">\n<head>\n' +
    '<meta charset="utf-8">\n' +
    // First in <head>, before anything it governs.
    empty('meta', { 'http-equiv': 'Content-Security-Policy', content: REPORT_CSP }).html +
    '\n<meta name="referrer" content="no-referrer">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    empty('meta', { name: 'generator', content: report.generator }).html +
    '\n' +
    el('title', {}, title).html +
    '\n' +
    el('style', {}, raw(REPORT_CSS)).html +
    '\n</head>\n<body>\n' +
    body.html +
    '\n</body>\n</html>\n'
  );
}

/** The same report as data, for scripts and for archiving beside the HTML. */
export function auditReportJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

// The report's only styling: inline (the CSP allows inline styles and nothing else), light, and laid out for A4 paper
// as much as for a screen.
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6570; --rule: #d5dae0; --band: #f4f6f8; --bad: #a4141f; --good: #17643a; --warn: #7a4a00; --info: #1f5487; }
* { box-sizing: border-box; }
html { background: #fff; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
body { margin: 0; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 48px; }
header.report { border-bottom: 2px solid var(--ink); padding-bottom: 10px; margin-bottom: 16px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); break-after: avoid; }
h3 { font-size: 1.07rem; margin: 18px 0 6px; break-after: avoid; overflow-wrap: anywhere; }
p { margin: 6px 0; }
code { font: 0.9rem/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.note { color: var(--muted); font-size: 0.93rem; }
.more { color: var(--muted); font-style: italic; }
.bad { color: var(--bad); }
.good { color: var(--good); }
.byline { color: var(--muted); margin: 0; }
.glance { list-style: none; margin: 12px 0 0; padding: 10px 14px; background: var(--band); border: 1px solid var(--rule); border-radius: 4px; }
.glance li { margin: 2px 0; }
.verdict { font-weight: 600; font-size: 1.07rem; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
thead th { background: var(--band); border-bottom: 1px solid #b9c0c8; font-weight: 600; overflow-wrap: normal; white-space: nowrap; }
time { white-space: nowrap; }
td.number { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.facts { width: auto; min-width: 60%; }
table.facts th { width: 13em; font-weight: 600; color: var(--muted); }
table.counts, table.steady { width: auto; min-width: 40%; }
table.counts td:first-child { white-space: nowrap; }
table.sides th[scope=row] { width: 11em; color: var(--muted); }
.digest { font-size: 0.85rem; }
.severity { white-space: nowrap; font-weight: 600; }
.severity.error { color: var(--bad); }
.severity.warning { color: var(--warn); }
.severity.info { color: var(--info); }
.diff { font-weight: 600; white-space: nowrap; }
.diff.removed { color: var(--bad); }
.diff.modified { color: var(--warn); }
.diff.added { color: var(--good); }
ul.fields, ul.changes { margin: 0; padding-left: 0; list-style: none; }
ul.changes li { margin-bottom: 2px; }
.path { font-weight: 600; }
figure.chart { margin: 8px 0 12px; break-inside: avoid; }
svg.rate-chart { display: block; width: 100%; height: auto; max-height: 340px; border: 1px solid var(--rule); border-radius: 4px; background: #fff; }
svg.rate-chart .grid { stroke: #e3e7eb; stroke-width: 1; }
svg.rate-chart .axis { stroke: #4a535c; stroke-width: 1; }
svg.rate-chart .tick { font: 11px system-ui, sans-serif; fill: #4a535c; }
svg.rate-chart .axis-title { font: 12px system-ui, sans-serif; fill: #1b1f24; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0; padding: 0; }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.legend code { font-size: 0.85rem; }
figcaption { color: var(--muted); font-size: 0.93rem; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 18px; }
  .glance, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg.rate-chart { max-height: none; }
}
`;

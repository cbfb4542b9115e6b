// Writing HTML from journal content: every string from a journal passes through `text` (or `attr`), so payload text
// such as `<img src=x onerror=…>` or `</script>` lands in the report as characters, never as markup.

/** Markup that is already safe: built only by the helpers here from escaped text and fixed strings. */
export interface Html {
  readonly html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters that change how text reads without showing themselves: C0/C1 controls, zero-width characters, bidi
 * overrides and isolates, the byte-order mark. A stream id "account-1\u202E…" could otherwise display as another
 * id; in an audit report each is spelled out as ⟨U+XXXX⟩ instead.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Escapes for element content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value
    .replace(/[&<>"']/g, (c) => ESCAPES[c]!)
    .replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** Text of any origin, as safe markup. */
export function text(value: string | number | null | undefined): Html {
  return { html: value === null || value === undefined ? '' : escapeHtml(String(value)) };
}

/** Joins pieces of markup; strings among them are escaped, so a forgotten `text()` cannot open a hole. */
export function join(parts: readonly (Html | string | null | undefined | false)[], separator = ''): Html {
  return { html: parts.filter((part) => part !== null && part !== undefined && part !== false).map((part) => (typeof part === 'string' ? escapeHtml(part) : part.html)).join(separator) };
}

/** Tag and attribute names are the report's own (fixed strings); attribute values and children are escaped. */
export type Attributes = Record<string, string | number | boolean | null | undefined>;

function attributes(attrs: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

/** `<name attrs>children</name>`: children that are strings are escaped. */
export function el(name: string, attrs: Attributes, ...children: (Html | string | null | undefined | false)[]): Html {
  return { html: `<${name}${attributes(attrs)}>${join(children).html}</${name}>` };
}

/** An element with no content: HTML's void elements (meta) and SVG shapes, written self-closed. */
export function empty(name: string, attrs: Attributes): Html {
  return { html: `<${name}${attributes(attrs)}/>` };
}

/** Markup written by the report itself (fixed strings only: never pass journal content). */
export function raw(markup: string): Html {
  return { html: markup };
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** 1,234,567: grouped, so an auditor reads counts at a glance. */
export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

/** "3 events", "1 event": with thousands separators. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** A size in bytes, exact (evidence) with a rounded reading beside it: "1,234,567 bytes (1.2 MB)". */
export function formatBytes(bytes: number): string {
  const units = ['KB', 'MB', 'GB', 'TB'];
  let size = bytes;
  let unit = -1;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return unit < 0 ? plural(bytes, 'byte') : `${plural(bytes, 'byte')} (${size.toFixed(1)} ${units[unit]})`;
}

/**
 * An ISO time as the journal gave it, with its zone: times are normalized to UTC ("…Z"), and a time from elsewhere
 * keeps its offset. Shown in a <time> element so the value can be read by machines too.
 */
export function time(iso: string | null | undefined, missing = 'no time'): Html {
  if (iso === null || iso === undefined) return el('span', { class: 'muted' }, missing);
  return el('time', { datetime: iso }, iso);
}

/** A cell's text, or a muted dash when there is no value (a finding about the whole file has no stream). */
export function orDash(value: string | number | null | undefined, format: (v: number) => string = formatNumber): Html {
  if (value === null || value === undefined || value === '') return el('span', { class: 'muted', 'aria-label': 'none' }, '—');
  return text(typeof value === 'number' ? format(value) : value);
}

/** A JSON value for a table cell: compact, and cut short so one huge payload cannot swallow the report. */
export function jsonValue(value: unknown, limit = 240): Html {
  const json = value === undefined ? '' : (JSON.stringify(value) ?? String(value));
  if (json.length <= limit) return el('code', {}, json);
  return el('code', {}, json.slice(0, limit), el('span', { class: 'muted' }, ` … (${plural(json.length - limit, 'more character')})`));
}

/** "SHA-256", as the algorithm is written in standards (the model names it "sha256"). */
export function algorithmName(algorithm: string): string {
  return algorithm.toLowerCase() === 'sha256' ? 'SHA-256' : algorithm;
}

/** A table with a header row; rows are markup cells. */
export function table(caption: string | null, headers: readonly string[], rows: readonly (readonly Html[])[], attrs: Attributes = {}): Html {
  return el(
    'table',
    attrs,
    caption === null ? null : el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', { scope: 'col' }, header)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((cell) => el('td', {}, cell))))),
  );
}

/** A two-column table of labelled facts (the journal's name, path, digest…), read row by row. */
export function facts(label: string, rows: readonly (readonly [string, Html])[]): Html {
  return el('table', { class: 'facts', 'aria-label': label }, el('tbody', {}, ...rows.map(([name, value]) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, value)))));
}

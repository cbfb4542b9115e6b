// JSON on one line, written only as far as it is shown: a change whose value is a 10 MB string or a branch nested
// 100,000 levels deep costs the characters shown, not the value's size, and never recurses.

/** A string value is written from at most this many characters past the limit (enough to fill it with escapes). */
const STRING_SLACK = 8;

/** The value as JSON, cut after `max` characters with "…". */
export function previewJson(value: unknown, max: number): string {
  if (value === undefined) return '(none)';
  let out = '';
  const full = () => out.length > max;
  // Work items: a value to write, or literal text (a closing bracket, a separator).
  const work: ({ text: string } | { value: unknown; key?: string })[] = [{ value }];
  while (work.length > 0 && !full()) {
    const item = work.pop()!;
    if ('text' in item) {
      out += item.text;
      continue;
    }
    if (item.key !== undefined) out += `${JSON.stringify(item.key.slice(0, max + STRING_SLACK))}:`;
    const node = item.value;
    if (typeof node === 'string') {
      const shown = node.length > max ? node.slice(0, max + STRING_SLACK) : node;
      out += JSON.stringify(shown);
    } else if (Array.isArray(node)) {
      out += '[';
      work.push({ text: ']' });
      // Pushed last to first, so they are written first to last; no more than could be shown (each takes a character).
      const count = Math.min(node.length, max);
      for (let i = count - 1; i >= 0; i--) {
        work.push({ value: node[i] ?? null });
        if (i > 0) work.push({ text: ',' });
      }
    } else if (node !== null && typeof node === 'object') {
      out += '{';
      work.push({ text: '}' });
      const keys = Object.keys(node).slice(0, max);
      for (let i = keys.length - 1; i >= 0; i--) {
        work.push({ value: (node as Record<string, unknown>)[keys[i]!], key: keys[i]! });
        if (i > 0) work.push({ text: ',' });
      }
    } else {
      out += JSON.stringify(node) ?? 'null';
    }
  }
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

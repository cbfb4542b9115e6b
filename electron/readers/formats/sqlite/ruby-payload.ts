// Rails Event Store payloads: Ruby's YAML.dump (the default serializer) or JSON (JSONClient), told apart per value.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Alias, Document, Node, ScalarTag } from 'yaml';
import type { Json } from '../../../../shared/model.js';

/**
 * The yaml library, loaded when the first YAML payload is read: every reader imports this file (the Rails Event Store
 * layouts are among those detection tries), and the library's ~40 ms of loading would otherwise be paid by every
 * journal and every CLI command. Required, not imported: its uses here are synchronous, and it ships CommonJS for Node.
 */
let yamlLibrary: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

/** BigDecimal dumps as "<precision>:0.<digits>e<exponent>"; shown as the plain decimal it stands for. */
function bigDecimalText(dumped: string): string {
  const match = /^(?:\d+:)?([+-]?)0\.(\d+)e([+-]?\d+)$/i.exec(dumped.trim());
  if (!match) return dumped.replace(/^\d+:/, '');
  const [, sign, digits, exponentText] = match as unknown as [string, string, string, string];
  const exponent = Number(exponentText);
  let text: string;
  if (exponent <= 0) text = `0.${'0'.repeat(-exponent)}${digits}`;
  else if (exponent >= digits.length) text = digits + '0'.repeat(exponent - digits.length);
  else text = `${digits.slice(0, exponent)}.${digits.slice(exponent)}`;
  text = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return `${sign}${text.replace(/^0+(?=\d)/, '')}`;
}

const bigDecimal: ScalarTag = {
  tag: '!ruby/object:BigDecimal',
  resolve: (text) => bigDecimalText(text),
};

/** A plain scalar Psych writes for a Ruby Symbol (`:usd`); quoted strings that merely start with ":" stay. */
const SYMBOL = /^:[A-Za-z_][A-Za-z0-9_]*[?!=]?$/;

/**
 * Flow collections ({…}, […]) deeper than this are not read as YAML. Psych writes block style, so such a payload is a
 * JSON text gone wrong, and the YAML library would spend seconds tokenizing all of it before its parser runs out of
 * stack (100,000 levels: 7 s, for each event that holds it).
 */
const MAX_FLOW_DEPTH = 500;

/** Whether the text opens more than MAX_FLOW_DEPTH flow collections at once (quotes are not told apart: a bound only). */
function flowTooDeep(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_FLOW_DEPTH) return true;
    } else if ((c === 0x7d || c === 0x5d) && depth > 0) depth--;
  }
  return false;
}

/**
 * What a payload's aliases may expand it to, in characters: ten times its text, never less than a megabyte. The yaml
 * library bounds how many times an anchor is aliased (maxAliasCount), not how big it is, so one large anchor aliased
 * 99 times made a payload of 22 MB take 2.2 GB, and paging its events then ran the process out of memory.
 */
const EXPANSION_FACTOR = 10;
const MIN_EXPANDED_CHARACTERS = 1024 * 1024;

/**
 * The document's size with every alias replaced by what it names: characters of scalars (as written), one for each
 * collection; Infinity when an alias names a node that holds it. Each node is counted once and remembered, so a bomb
 * of aliases of aliases costs a walk of its nodes, not of its expansion.
 */
function expandedSize(doc: Document): number {
  // An alias names the last node before it that has its anchor, in document order, as the yaml library resolves it:
  // a collection comes before what it holds, so an alias inside the node it names makes a cycle.
  const { isAlias, isCollection, isPair, isScalar, visit } = yaml();
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor !== undefined) anchors.set(node.anchor, node);
    },
  });
  if (targets.size === 0) return 0;
  const sizes = new Map<unknown, number>();
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const target = targets.get(node);
      return target === undefined ? 1 : size(target);
    }
    if (node === null || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    // Reached again while it is being counted: it holds an alias of itself.
    sizes.set(node, Infinity);
    let total = 1;
    if (isScalar(node)) total = Math.max(1, node.range ? node.range[1] - node.range[0] : String(node.value).length);
    else if (isCollection(node)) for (const item of node.items) total += isPair(item) ? size(item.key) + size(item.value) : size(item);
    sizes.set(node, total);
    return total;
  };
  return size(doc.contents);
}

/** A payload decoded; `tags` are the YAML tags its nodes carried, in document order (the Ruby classes Psych named). */
export interface RubyPayload {
  value: Json;
  problem?: string;
  tags?: string[];
}

function fromYaml(text: string): RubyPayload {
  if (flowTooDeep(text)) return { value: text, problem: `is neither JSON nor YAML (collections nested more than ${MAX_FLOW_DEPTH} levels deep)` };
  try {
    return readYaml(text);
  } catch (error) {
    // The yaml library throws on an alias whose anchor is missing and on an alias bomb (ReferenceError), and a value
    // nested deeper than a recursive walk can go overflows the stack: the payload is shown as the text it is.
    if (error instanceof ReferenceError || (error instanceof RangeError && /call stack/i.test(error.message))) {
      return { value: text, problem: `cannot be read as YAML (${error.message.split('\n')[0]!})` };
    }
    throw error;
  }
}

function readYaml(text: string): RubyPayload {
  const { parseDocument, visit } = yaml();
  // Unknown Ruby tags (!ruby/hash:…, !ruby/object:…) are read as the plain map or scalar they tag.
  const doc = parseDocument(text, { customTags: [bigDecimal], logLevel: 'silent', uniqueKeys: false });
  const error = doc.errors[0];
  if (error !== undefined) return { value: text, problem: `is neither JSON nor YAML (${error.message.split('\n')[0]!.replace(/:$/, '')})` };
  const most = Math.max(MIN_EXPANDED_CHARACTERS, EXPANSION_FACTOR * text.length);
  if (expandedSize(doc) > most) {
    return { value: text, problem: `cannot be read as YAML (its aliases expand it past ${most.toLocaleString('en-US')} characters, ${EXPANSION_FACTOR} times its text or a megabyte)` };
  }
  // The value read is plain JSON: the class each tag names (!ruby/hash:ActiveSupport::HashWithIndifferentAccess,
  // !ruby/object:BigDecimal) is kept beside it, as a changed class is a changed event.
  const tags: string[] = [];
  visit(doc, {
    Collection(_, node) {
      if (node.tag !== undefined) tags.push(node.tag);
    },
    Scalar(key, node) {
      if (node.tag !== undefined) tags.push(node.tag);
      // Keys: any plain ":name" is a Symbol key. Values: only what can be nothing but a Symbol.
      if (node.type !== 'PLAIN' || typeof node.value !== 'string' || !node.value.startsWith(':')) return;
      if (key === 'key' || SYMBOL.test(node.value)) node.value = node.value.slice(1);
    },
  });
  const value = toJson(doc.toJS({ maxAliasCount: 100 }));
  return tags.length === 0 ? { value } : { value, tags };
}

/** What YAML may hold beyond JSON (dates, non-finite numbers, binary) as the nearest JSON. */
function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJson(v)]));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return String(value);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeRubyPayload(value: unknown): RubyPayload {
  if (value === null || value === undefined) return { value: null };
  let text: string;
  if (value instanceof Uint8Array) {
    try {
      text = utf8.decode(value);
    } catch {
      return { value: `<${value.length} bytes of binary data>`, problem: 'is binary, neither JSON nor YAML text' };
    }
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return { value: toJson(value) };
  }
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    try {
      return { value: JSON.parse(text) as Json };
    } catch {
      // YAML flow style looks the same at first sight; the YAML reading decides.
    }
  }
  return fromYaml(text);
}

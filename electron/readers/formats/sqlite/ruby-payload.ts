// Rails Event Store payloads: Ruby's YAML.dump (the default serializer) or JSON (JSONClient), told apart per value.
import { parseDocument, visit } from 'yaml';
import type { ScalarTag } from 'yaml';
import type { Json } from '../../../../shared/model.js';

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
  // Unknown Ruby tags (!ruby/hash:…, !ruby/object:…) are read as the plain map or scalar they tag.
  const doc = parseDocument(text, { customTags: [bigDecimal], logLevel: 'silent', uniqueKeys: false });
  const error = doc.errors[0];
  if (error !== undefined) return { value: text, problem: `is neither JSON nor YAML (${error.message.split('\n')[0]!.replace(/:$/, '')})` };
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

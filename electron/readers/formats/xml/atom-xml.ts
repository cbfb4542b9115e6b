// KurrentDB / EventStoreDB serves stream pages as Atom XML (application/atom+xml) as well as Atom JSON. This turns the
// XML into the JSON page's shape, so the one JSON layout (../json/eventstoredb-atom.ts) reads both.
//
// Naming: an element the JSON form names (title, link → links, entry → entries, …) takes that name; anything else keeps
// its own: an attribute as `@_name` (so it can never collide with a child element of the same name), a child element
// under its name (an array when it repeats), text beside child elements as `#text`.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
const ATTRIBUTE = '@_';
const TEXT = '#text';

/** One node of fast-xml-parser's preserveOrder output: `{ name: children, ':@'?: attributes }` or `{ '#text': text }`. */
type OrderedNode = Record<string, unknown>;

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  elements: XmlElement[];
  texts: string[];
}

/** The five entities XML predefines; no others are expanded, so no document can define its own. */
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Longer than any predefined name or numeric reference to a legal character (`&#1114111;`). */
const LONGEST_REFERENCE = 12;

function lineAndColumn(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return `line ${line}, column ${index - lineStart + 1}`;
}

function isLetter(character: string | undefined): boolean {
  return character !== undefined && ((character >= 'A' && character <= 'Z') || (character >= 'a' && character <= 'z'));
}

/**
 * Entity expansion (billion laughs) and external entities both need a declaration, so any `<!` that is not a comment or
 * CDATA is refused before a parser sees it. In well-formed XML a literal `<` is only ever markup, so this is exact.
 */
function refuseDeclarations(text: string): void {
  for (let at = text.indexOf('<'); at !== -1; ) {
    let next = at + 1;
    if (text.startsWith('<?', at)) next = text.indexOf('?>', at + 2);
    else if (text.startsWith('<!--', at)) next = text.indexOf('-->', at + 4);
    else if (text.startsWith('<![CDATA[', at)) next = text.indexOf(']]>', at + 9);
    else if (text.startsWith('<!', at)) {
      let end = at + 2;
      while (end < at + 20 && isLetter(text[end])) end += 1;
      const keyword = text.slice(at + 2, end);
      const what = keyword === 'DOCTYPE' ? 'a DOCTYPE' : `a <!${keyword}> declaration`;
      throw new Error(`the XML declares ${what} at ${lineAndColumn(text, at)}; Eventlens does not read XML with declarations (entity expansion)`);
    }
    if (next === -1) return; // unterminated: the validator says where
    at = text.indexOf('<', next);
  }
}

function isXmlCharacter(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** `#x41` or `#65` → the character, or undefined when the digits are not a legal XML character. */
function numericCharacter(reference: string): string | undefined {
  const hex = reference.startsWith('#x');
  const digits = reference.slice(hex ? 2 : 1);
  if (digits.length === 0) return undefined;
  let code = 0;
  for (const digit of digits) {
    const value = Number.parseInt(digit, hex ? 16 : 10);
    if (Number.isNaN(value)) return undefined;
    code = code * (hex ? 16 : 10) + value;
    if (code > 0x10ffff) return undefined;
  }
  return isXmlCharacter(code) ? String.fromCodePoint(code) : undefined;
}

/** One left-to-right pass, so `&amp;#x41;` stays the text `&#x41;` and the work is linear. */
function decodeReferences(value: string, source: string): string {
  let at = value.indexOf('&');
  if (at === -1) return value;
  let decoded = '';
  let from = 0;
  while (at !== -1) {
    // Bounded, so a long run of bare ampersands (the validator lets them through in attributes) stays linear.
    let end = at + 1;
    while (end < value.length && end <= at + LONGEST_REFERENCE && value[end] !== ';') end += 1;
    const reference = value[end] === ';' ? value.slice(at + 1, end) : '';
    const character = reference.startsWith('#') ? numericCharacter(reference) : PREDEFINED[reference];
    if (character === undefined) {
      const shown = reference === '' ? 'a bare &' : `&${reference};`;
      const where = source.indexOf(reference === '' ? value.slice(at, at + LONGEST_REFERENCE) : shown);
      const place = where === -1 ? '' : ` at ${lineAndColumn(source, where)}`;
      throw new Error(`the XML has ${shown}${place}: only &amp; &lt; &gt; &quot; &apos; and references to legal characters are read`);
    }
    decoded += value.slice(from, at) + character;
    from = end + 1;
    at = value.indexOf('&', from);
  }
  return decoded + value.slice(from);
}

function parse(text: string): OrderedNode[] {
  const parser = new XMLParser({
    preserveOrder: true, // entries keep the order they were served in (newest first)
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE,
    textNodeName: TEXT,
    parseTagValue: false, // strings stay strings; only the JSON form's numbers are converted, below
    trimValues: false, // a title's own spaces are content; layout whitespace is dropped below
    ignoreDeclaration: true,
    ignorePiTags: true,
    jPath: false,
    // Names are kept as written; our own objects are built key by key, never by merging into a prototype.
    onDangerousProperty: (name) => name,
    entityDecoder: {
      decode: (value) => decodeReferences(value, text),
      // Only called for a DOCTYPE, which refuseDeclarations has already turned away: a second lock on the same door.
      addInputEntities: () => {
        throw new Error('the XML declares entities; Eventlens does not read XML with declarations (entity expansion)');
      },
      setExternalEntities: () => undefined,
      reset: () => undefined,
      setXmlVersion: () => undefined,
    },
  });
  return parser.parse(text) as OrderedNode[];
}

/** Wraps a parser node; the Atom prefix (`atom:` on a single-event read) is dropped so names match the JSON form. */
function elementOf(node: OrderedNode, atomPrefix: string): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@' && key !== TEXT);
  if (name === undefined) return undefined;
  const element: XmlElement = {
    name: atomPrefix !== '' && name.startsWith(atomPrefix) ? name.slice(atomPrefix.length) : name,
    attributes: (node[':@'] ?? {}) as Record<string, string>,
    elements: [],
    texts: [],
  };
  for (const child of node[name] as OrderedNode[]) {
    const text = child[TEXT];
    if (text !== undefined) element.texts.push(String(text));
    else {
      const inner = elementOf(child, atomPrefix);
      if (inner !== undefined) element.elements.push(inner);
    }
  }
  return element;
}

/** Writes an own property even for a name like `__proto__`; a taken name moves to `#name` (no XML name starts so). */
function put(record: Record<string, unknown>, key: string, value: unknown): void {
  const free = Object.hasOwn(record, key) ? `#${key}` : key;
  if (free === '__proto__') Object.defineProperty(record, free, { value, enumerable: true, writable: true, configurable: true });
  else record[free] = value;
}

function groupByName(elements: readonly XmlElement[]): Map<string, XmlElement[]> {
  const groups = new Map<string, XmlElement[]>();
  for (const element of elements) {
    const group = groups.get(element.name);
    if (group === undefined) groups.set(element.name, [element]);
    else group.push(element);
  }
  return groups;
}

function oneOrMany(found: readonly XmlElement[] | undefined, read: (element: XmlElement) => unknown): unknown {
  if (found === undefined || found.length === 0) return undefined;
  return found.length === 1 ? read(found[0]!) : found.map(read);
}

/**
 * Everything the JSON form has no name for: attributes, then child elements, then text. A leaf's text is kept exactly;
 * beside child elements, whitespace-only text is pretty-printing and other text is trimmed of it.
 */
function rest(element: XmlElement, groups: Map<string, XmlElement[]>, mapped: ReadonlySet<string>, record: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [name, value] of Object.entries(element.attributes)) if (!mapped.has(name)) put(record, name, value);
  for (const [name, found] of groups) if (!mapped.has(name)) put(record, name, oneOrMany(found, valueOf));
  if (element.elements.length === 0) {
    const text = element.texts.join('');
    if (text !== '') put(record, TEXT, text);
  } else {
    const texts = element.texts.map((text) => text.trim()).filter((text) => text !== '');
    if (texts.length > 0) put(record, TEXT, texts.length === 1 ? texts[0] : texts);
  }
  return record;
}

const NOTHING_MAPPED: ReadonlySet<string> = new Set();

/** An element with neither attributes nor children is its text; otherwise an object (author → { name }). */
function valueOf(element: XmlElement): unknown {
  if (element.elements.length === 0 && Object.keys(element.attributes).length === 0) return element.texts.join('');
  return rest(element, groupByName(element.elements), NOTHING_MAPPED);
}

/** Sets the JSON form's fields in its key order, skipping those the XML lacks, then keeps the rest. */
function record(element: XmlElement, fields: readonly (readonly [key: string, value: unknown])[], mapped: ReadonlySet<string>, groups: Map<string, XmlElement[]>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of fields) if (value !== undefined) put(result, key, value);
  return rest(element, groups, mapped, result);
}

function linkOf(link: XmlElement): Record<string, unknown> {
  const fields = [
    ['uri', link.attributes[`${ATTRIBUTE}href`]],
    ['relation', link.attributes[`${ATTRIBUTE}rel`]],
  ] as const;
  return record(link, fields, new Set([`${ATTRIBUTE}href`, `${ATTRIBUTE}rel`]), groupByName(link.elements));
}

/** The JSON form holds a JSON body as a value; EventStoreDB's XML holds it as elements (converted from the JSON) or text. */
function bodyOf(body: XmlElement): unknown {
  if (body.elements.length > 0 || Object.keys(body.attributes).length > 0) return valueOf(body);
  const text = body.texts.join('');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Only plain decimal integers: Number() would also take '0x10', '1e3' or ' 7 ', which KurrentDB never writes. */
function numberOf(element: XmlElement): unknown {
  const text = valueOf(element);
  if (typeof text !== 'string') return text;
  const digits = text.startsWith('-') ? text.slice(1) : text;
  if (digits === '' || [...digits].some((digit) => digit < '0' || digit > '9')) return text;
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : text;
}

const CONTENT_FIELDS = ['eventStreamId', 'eventNumber', 'eventType', 'eventId', 'data', 'metadata'];

function contentOf(content: XmlElement): Record<string, unknown> {
  const groups = groupByName(content.elements);
  const read: Record<string, (element: XmlElement) => unknown> = { eventNumber: numberOf, data: bodyOf, metadata: bodyOf };
  const fields = CONTENT_FIELDS.map((name) => [name, oneOrMany(groups.get(name), read[name] ?? valueOf)] as const);
  return record(content, fields, new Set(CONTENT_FIELDS), groups);
}

const ENTRY_MAPPED = new Set(['title', 'id', 'updated', 'author', 'summary', 'content', 'link']);

function entryOf(entry: XmlElement): Record<string, unknown> {
  const groups = groupByName(entry.elements);
  const fields = [
    ['title', oneOrMany(groups.get('title'), valueOf)],
    ['id', oneOrMany(groups.get('id'), valueOf)],
    ['updated', oneOrMany(groups.get('updated'), valueOf)],
    ['author', oneOrMany(groups.get('author'), valueOf)],
    ['summary', oneOrMany(groups.get('summary'), valueOf)],
    ['content', oneOrMany(groups.get('content'), contentOf)],
    ['links', (groups.get('link') ?? []).map(linkOf)],
  ] as const;
  return record(entry, fields, ENTRY_MAPPED, groups);
}

/** The JSON page names its stream; the XML page only says it in its id, `…/streams/NAME`. */
function streamIdOf(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  try {
    const segments = new URL(id).pathname.split('/');
    const name = segments.at(-1);
    if (segments.length < 3 || segments.at(-2) !== 'streams' || name === undefined || name === '') return undefined;
    return decodeURIComponent(name);
  } catch {
    return undefined; // not a URL, or a malformed %-escape: no stream name to offer
  }
}

function booleanOf(element: XmlElement): unknown {
  const text = valueOf(element);
  return text === 'true' ? true : text === 'false' ? false : text;
}

const FEED_MAPPED = new Set(['title', 'id', 'updated', 'streamId', 'author', 'headOfStream', 'selfUrl', 'eTag', 'link', 'entry']);

function feedOf(feed: XmlElement): Record<string, unknown> {
  const groups = groupByName(feed.elements);
  const id = oneOrMany(groups.get('id'), valueOf);
  const fields = [
    ['title', oneOrMany(groups.get('title'), valueOf)],
    ['id', id],
    ['updated', oneOrMany(groups.get('updated'), valueOf)],
    ['streamId', oneOrMany(groups.get('streamId'), valueOf) ?? streamIdOf(id)],
    ['author', oneOrMany(groups.get('author'), valueOf)],
    // EventStoreDB writes these three in JSON only; kept should another server write them in XML.
    ['headOfStream', oneOrMany(groups.get('headOfStream'), booleanOf)],
    ['selfUrl', oneOrMany(groups.get('selfUrl'), valueOf)],
    ['eTag', oneOrMany(groups.get('eTag'), valueOf)],
    ['links', (groups.get('link') ?? []).map(linkOf)],
    // Always present, as in the JSON form: an empty page is still a page.
    ['entries', (groups.get('entry') ?? []).map(entryOf)],
  ] as const;
  return record(feed, fields, FEED_MAPPED, groups);
}

/** '' when Atom names are unprefixed; 'atom:' when the root is `<atom:entry xmlns:atom="…Atom">` (a single-event read). */
function atomPrefixOf(name: string, attributes: Record<string, unknown>): string | undefined {
  const colon = name.indexOf(':');
  if (colon === -1) {
    const namespace = attributes[`${ATTRIBUTE}xmlns`];
    return namespace === undefined || namespace === ATOM_NAMESPACE ? '' : undefined;
  }
  const prefix = name.slice(0, colon);
  return attributes[`${ATTRIBUTE}xmlns:${prefix}`] === ATOM_NAMESPACE ? `${prefix}:` : undefined;
}

/** An EventStoreDB Atom XML document (a feed page, or a single-event read) as its Atom JSON form. */
export function atomXmlDocument(text: string): Record<string, unknown> {
  refuseDeclarations(text);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    throw new Error(`not well-formed XML at line ${line}, column ${col ?? 1}: ${msg}`);
  }
  let nodes: OrderedNode[];
  try {
    nodes = parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.startsWith('the XML ') ? message : `could not read the XML: ${message}`, { cause: error });
  }
  const roots = nodes.filter((node) => node[TEXT] === undefined);
  if (roots.length !== 1) throw new Error(`an XML document with ${roots.length} root elements; an Atom document has one`);
  const root = roots[0]!;
  const rootName = Object.keys(root).find((key) => key !== ':@') ?? '';
  const prefix = atomPrefixOf(rootName, (root[':@'] ?? {}) as Record<string, unknown>);
  if (prefix === undefined) throw new Error(`an XML document whose root <${rootName}> is not in the Atom namespace (${ATOM_NAMESPACE})`);
  const element = elementOf(root, prefix);
  if (element?.name === 'feed') return feedOf(element);
  if (element?.name === 'entry') return entryOf(element);
  throw new Error(`an XML document whose root is <${rootName}>, not an Atom <feed> or <entry>`);
}

// Numbers that JSON.parse does not keep exactly: an integer beyond 2^53 (9007199254740993 reads as …992), a decimal
// with more digits than a double holds, an exponent out of range (1e400 reads as Infinity). Such an event carries
// its exact text (JournalEvent.raw), and the window marks these numbers as rounded.

/**
 * A cheap first look: a number that may not round-trip has 16 or more digits (dots counted, so a 16-digit decimal
 * matches too) or a three-digit exponent. Written out rather than as {16}, which V8 runs several times faster: it
 * is tested on every record read.
 */
const MAYBE_INEXACT = new RegExp(`${'[\\d.]'.repeat(16)}|[eE][+-]?\\d\\d\\d`);

/** A JSON number token at a given place (sticky). */
const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Whether the text may hold a number that parsing rounds; false means it surely holds none. */
export function mayHoldInexactNumber(text: string): boolean {
  return MAYBE_INEXACT.test(text);
}

/** Sign, significant digits (no leading or trailing zeros) and the exponent e of 0.DIGITS × 10^e; zero is all empty. */
function decimalParts(token: string): [negative: boolean, digits: string, exponent: number] | null {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (match === null) return null;
  const whole = match[2]!;
  const fraction = match[3] ?? '';
  let digits = whole + fraction;
  let exponent = whole.length + Number(match[4] ?? 0);
  const leading = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leading).replace(/0+$/, '');
  exponent -= leading;
  // The sign of zero is not told apart: JSON writes -0 as 0.
  return digits === '' ? [false, '', 0] : [match[1] === '-', digits, exponent];
}

/** Whether parsing the number token and writing the result back gives the same decimal value. */
export function numberRoundTrips(token: string): boolean {
  const value = Number(token);
  if (!Number.isFinite(value)) return false;
  const written = decimalParts(String(value));
  const read = decimalParts(token);
  return written !== null && read !== null && written[0] === read[0] && written[1] === read[1] && written[2] === read[2];
}

/**
 * The number tokens of a JSON text that do not round-trip, in order (at most `max`). Strings are skipped: digits in
 * "id": "12345678901234567890" are text, kept exactly.
 */
export function inexactNumbers(text: string, max = Infinity): string[] {
  const found: string[] = [];
  if (!mayHoldInexactNumber(text)) return found;
  for (let at = 0; at < text.length && found.length < max; ) {
    const code = text.charCodeAt(at);
    if (code === 0x22) {
      // Skip a string, escapes included.
      at += 1;
      while (at < text.length) {
        const c = text.charCodeAt(at);
        if (c === 0x5c) at += 2;
        else if (c === 0x22) break;
        else at += 1;
      }
      at += 1;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      NUMBER_TOKEN.lastIndex = at;
      const match = NUMBER_TOKEN.exec(text);
      if (match === null) {
        at += 1;
        continue;
      }
      if (!numberRoundTrips(match[0])) found.push(match[0]);
      at += match[0].length;
    } else {
      at += 1;
    }
  }
  return found;
}

/** Whether the JSON text holds a number that parsing rounds. */
export function hasInexactNumber(text: string): boolean {
  return inexactNumbers(text, 1).length > 0;
}

/** An integer beyond ±2^53: not every such integer has a double, so it may be a rounded one. */
export function isUnsafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
}

/** Whether a parsed value holds an integer beyond ±2^53 anywhere (walked with a stack of its own: any depth). */
export function holdsUnsafeInteger(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isUnsafeInteger(node)) return true;
    if (node !== null && typeof node === 'object') {
      const children = Array.isArray(node) ? node : Object.values(node);
      for (let i = 0; i < children.length; i++) stack.push(children[i]);
    }
  }
  return false;
}

/** The values the inexact tokens of an exact text were read as, as JSON writes them: to mark them where shown. */
export function roundedValues(text: string): Set<string> {
  return new Set(inexactNumbers(text).map((token) => String(Number(token))));
}

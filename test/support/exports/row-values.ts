// Values as PostgreSQL exports print them.

/** timestamptz in row_to_json: "2026-01-05T09:00:00+00:00". */
export function timestamptz(iso: string): string {
  return iso.replace(/\.000Z$/, '+00:00').replace(/Z$/, '+00:00');
}

/** timestamp without time zone: "2026-01-05T09:00:00". */
export function timestamp(iso: string): string {
  return iso.replace(/(\.000)?Z$/, '');
}

/** bytea as psql prints it: "\x" and hex. */
export function bytea(text: string): string {
  return `\\x${Buffer.from(text).toString('hex')}`;
}

export function uuid(i: number): string {
  return `6f1c2e3a-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
}

/** "money_deposited" → "MoneyDeposited", for class names. */
export function pascal(type: string): string {
  return type.replace(/(^|_)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
}

// RFC 6901 JSON Pointers: how a change names the place in the state it touched.

export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((token) => '/' + escapeToken(token)).join('');
}

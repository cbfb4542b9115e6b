// Who may talk to the browser host: only pages it served itself, on the loopback address, holding its token.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Host names a loopback request may carry; anything else is a DNS-rebinding attempt or a misdirected request. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostIsLoopback(request: IncomingMessage, port: number): boolean {
  return allowedHosts(port).has((request.headers.host ?? '').toLowerCase());
}

/** Browsers send Origin on cross-origin and POST requests; when present it must be the host itself. */
export function originIsSelf(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return [...allowedHosts(port)].some((host) => origin.toLowerCase() === `http://${host}`);
}

/** Compares in constant time, so response timing does not reveal how much of a guessed token was right. */
export function tokenMatches(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Reading a state blob of Python eventsourcing: JSON, optionally zlib-compressed, optionally AES-GCM-encrypted
// (written in that order; eventsourcing/persistence.py Mapper, compressor.py, cipher.py).
import { createDecipheriv } from 'node:crypto';
import type { CipherGCMTypes } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { JournalError } from '../../../../shared/contract.js';
import type { Json } from '../../../../shared/model.js';

/** AES sizes the library's AESCipher accepts (Crypto.Cipher.AES.key_size), in bytes. */
const KEY_SIZES = [16, 24, 32];
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Why a state could not be read: `encrypted` (no key given), `wrong-key`, or anything else. */
export type StateProblem = { kind: 'encrypted' | 'wrong-key' | 'undecodable'; text: string };
export type DecodedState = { ok: true; state: { [key: string]: Json } } | { ok: false; problem: StateProblem };

/** CIPHER_KEY is base64 of 16, 24 or 32 random bytes (AESCipher.create_key). */
export function parseCipherKey(cipherKey: string | undefined, file: string): Buffer | null {
  if (cipherKey === undefined || cipherKey === '') return null;
  const text = cipherKey.trim();
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) || !KEY_SIZES.includes(key.length)) {
    throw new JournalError(
      'encrypted',
      `${file}: the cipher key must be base64 of 16, 24 or 32 bytes, as eventsourcing's CIPHER_KEY is (this one is ${key.length} bytes).`,
    );
  }
  return key;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON object in these bytes, or null when they are not UTF-8 JSON of an object. */
function parseObject(bytes: Uint8Array): { [key: string]: Json } | null {
  if (bytes.length === 0 || bytes[0] !== 0x7b) return null;
  try {
    const value = JSON.parse(utf8.decode(bytes)) as Json;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function looksLikeText(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Plain JSON, or JSON under zlib: the state with the cipher layer (if any) already removed. */
function parseMaybeCompressed(bytes: Uint8Array): { [key: string]: Json } | null {
  const plain = parseObject(bytes);
  if (plain !== null) return plain;
  try {
    return parseObject(inflateSync(bytes));
  } catch {
    return null;
  }
}

function decrypt(bytes: Uint8Array, key: Buffer): Buffer | null {
  if (bytes.length < NONCE_BYTES + TAG_BYTES) return null;
  const nonce = bytes.subarray(0, NONCE_BYTES);
  const tag = bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv(`aes-${key.length * 8}-gcm` as CipherGCMTypes, key, nonce);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    // GCM authentication failed: another key, or damaged bytes.
    return null;
  }
}

/** Tries the cheap readings first, so an unencrypted database reads even when a key was given. */
export function decodeState(value: unknown, key: Buffer | null): DecodedState {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value instanceof Uint8Array ? value : null;
  if (bytes === null) return { ok: false, problem: { kind: 'undecodable', text: 'the state is empty' } };
  const plain = parseMaybeCompressed(bytes);
  if (plain !== null) return { ok: true, state: plain };
  if (bytes[0] === 0x7b && looksLikeText(bytes)) {
    return { ok: false, problem: { kind: 'undecodable', text: 'the state looks like JSON but does not parse' } };
  }
  if (key === null) {
    return { ok: false, problem: { kind: 'encrypted', text: 'the state is neither JSON nor zlib-compressed JSON; it looks encrypted (AES-GCM): open the store with its cipher key' } };
  }
  const decrypted = decrypt(bytes, key);
  if (decrypted === null) return { ok: false, problem: { kind: 'wrong-key', text: 'the state does not decrypt with the given cipher key (AES-GCM authentication failed)' } };
  const state = parseMaybeCompressed(decrypted);
  if (state === null) return { ok: false, problem: { kind: 'undecodable', text: 'the state decrypts but is neither JSON nor zlib-compressed JSON' } };
  return { ok: true, state };
}

/** The transcodings eventsourcing registers by default; their _data_ is already the plain value (hex, text, ISO). */
const PLAIN_TRANSCODINGS = new Set(['uuid_hex', 'decimal_str', 'datetime_iso']);

/**
 * Replaces `{"_type_": …, "_data_": …}` wrappers of the default transcodings with their value. UUIDs stay 32 hex
 * digits, the way originator ids (the streams) are stored, so a reference can be matched to its stream. Wrappers
 * of other, application-defined transcodings are kept whole: their name is the only clue to what the value is.
 */
export function unwrapTranscodings(value: Json): Json {
  if (Array.isArray(value)) return value.map(unwrapTranscodings);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 2 && '_type_' in value && '_data_' in value) {
    const data = unwrapTranscodings(value._data_!);
    return typeof value._type_ === 'string' && PLAIN_TRANSCODINGS.has(value._type_) ? data : { _type_: value._type_!, _data_: data };
  }
  return Object.fromEntries(keys.map((key) => [key, unwrapTranscodings(value[key]!)]));
}

// The passwords of live stores the user asked the desktop app to remember: encrypted by the system's keychain through
// Electron's safeStorage, kept in one JSON file in the app's settings folder, keyed by the connection URL without its
// password. Takes its cipher and folder as parameters so tests run without Electron. The browser host never uses it.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { SavedPasswords } from '../../shared/bridge.js';
import { isPgTarget, parsePgTarget } from '../postgres/pg-target.js';

/** What of Electron's safeStorage is used (its asynchronous API: the synchronous one is deprecated). */
export interface SecretCipher {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only: which secret store encrypts; "basic_text" is a key written in Chromium's source, no protection. */
  getSelectedStorageBackend?(): string;
}

export interface ConnectionSecretsOptions {
  cipher: SecretCipher;
  /** The app's settings folder (app.getPath('userData')). */
  folder: string;
  platform: NodeJS.Platform;
}

export const SECRETS_FILE = 'connection-passwords.json';

const NO_KEYCHAIN = 'This computer offers Eventlens no keychain to encrypt passwords with, so none is saved.';
const BASIC_TEXT =
  'No keychain (such as GNOME Keyring or KWallet) is running in this desktop session: a password saved now would be ' +
  'encrypted with a key anyone on this computer can read, so Eventlens does not save it.';

interface Loaded {
  /** Connection URL without its password → the encrypted password, base64. */
  entries: Record<string, string>;
  problem?: string;
}

export class ConnectionSecrets {
  readonly file: string;
  private readonly cipher: SecretCipher;
  private readonly folder: string;
  private readonly platform: NodeJS.Platform;
  /** Changes run one after another, so two saves never write over each other's read. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ConnectionSecretsOptions) {
    this.cipher = options.cipher;
    this.folder = options.folder;
    this.platform = options.platform;
    this.file = join(options.folder, SECRETS_FILE);
  }

  /** Whether a password can be saved here (and if not, why), and which URLs have one. */
  async status(): Promise<SavedPasswords> {
    const [why, loaded] = await Promise.all([this.unavailable(), this.load()]);
    return {
      available: why === null,
      ...(why !== null && { why }),
      ...(loaded.problem !== undefined && { problem: loaded.problem }),
      urls: Object.keys(loaded.entries).sort(),
    };
  }

  /** Keeps `password` for the store at `url`, replacing one kept before. Throws, in words, when it cannot. */
  save(url: string, password: string): Promise<SavedPasswords> {
    return this.change(async () => {
      const key = keyOf(url);
      const why = await this.unavailable();
      if (why !== null) throw new JournalError('bad-request', why);
      const loaded = await this.load();
      const encrypted = await this.cipher.encryptStringAsync(password);
      await this.write({ ...loaded.entries, [key]: encrypted.toString('base64') });
    });
  }

  /** Drops the password kept for `url`; nothing to drop is no error. */
  forget(url: string): Promise<SavedPasswords> {
    return this.change(async () => {
      const key = keyOf(url);
      const loaded = await this.load();
      if (!(key in loaded.entries) && loaded.problem === undefined) return;
      const { [key]: _dropped, ...rest } = loaded.entries;
      await this.write(rest);
    });
  }

  /**
   * The password kept for `url`, or undefined (none kept, not a live store, or it no longer decrypts: the login then
   * asks for the password, and saving it again replaces the old one).
   */
  async passwordFor(url: string): Promise<string | undefined> {
    if (!isPgTarget(url)) return undefined;
    let key: string;
    try {
      key = keyOf(url);
    } catch {
      return undefined; // a URL the service will refuse with its own words
    }
    const stored = (await this.load()).entries[key];
    if (stored === undefined) return undefined;
    try {
      const { result, shouldReEncrypt } = await this.cipher.decryptStringAsync(Buffer.from(stored, 'base64'));
      // The keychain's key was rotated: keep it under the new one (best effort; the old one still decrypts today).
      if (shouldReEncrypt) void this.save(key, result).catch(() => undefined);
      return result;
    } catch (error) {
      console.warn(`Eventlens: the saved password for ${key} could not be decrypted (${(error as Error).message}).`);
      return undefined;
    }
  }

  /** Null when a password can be saved, else why not. */
  private async unavailable(): Promise<string | null> {
    if (!(await this.cipher.isAsyncEncryptionAvailable().catch(() => false))) return NO_KEYCHAIN;
    if (this.platform === 'linux' && this.cipher.getSelectedStorageBackend?.() === 'basic_text') return BASIC_TEXT;
    return null;
  }

  private change(run: () => Promise<void>): Promise<SavedPasswords> {
    const next = this.queue.then(run).then(() => this.status());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<Loaded> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: {} };
      return { entries: {}, problem: this.unreadable((error as Error).message) };
    }
    try {
      const parsed: unknown = JSON.parse(text);
      const passwords = (parsed as { passwords?: unknown } | null)?.passwords;
      if (typeof passwords !== 'object' || passwords === null || Array.isArray(passwords)) throw new Error('it holds no list of passwords');
      const entries = Object.fromEntries(Object.entries(passwords).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      return { entries };
    } catch (error) {
      return { entries: {}, problem: this.unreadable((error as Error).message) };
    }
  }

  private unreadable(reason: string): string {
    return `The saved passwords in ${this.file} could not be read (${reason}). Saving a password starts the file anew.`;
  }

  /** Temp file then rename: a crash leaves the old file or the new one, never half of one; only this user may read it. */
  private async write(entries: Record<string, string>): Promise<void> {
    const temp = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(this.folder, { recursive: true, mode: 0o700 });
      await writeFile(temp, `${JSON.stringify({ version: 1, passwords: entries }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new JournalError('internal', `The saved passwords could not be written to ${this.file}: ${(error as Error).message}.`);
    }
  }
}

/** The key a password is kept under: the URL as the recent list names it, without its password. */
function keyOf(url: string): string {
  return parsePgTarget(url).name;
}

// A stand-in for Electron's safeStorage (its asynchronous API, as connection-secrets.ts uses it): a reversible scramble
// that, like the real thing, never leaves the clear text in what it returns. Switches say what the "system" offers.
import { vi } from 'vitest';
import type { SecretCipher } from '../../electron/shell/connection-secrets.js';

const MARK = Buffer.from('fake-keychain:');

function scramble(bytes: Buffer): Buffer {
  return Buffer.from(bytes.map((byte, index) => byte ^ (0x5a + index) % 256));
}

export class FakeSafeStorage implements SecretCipher {
  /** What isAsyncEncryptionAvailable answers. */
  available = true;
  /** What getSelectedStorageBackend answers (Linux). */
  backend = 'gnome_libsecret';
  /** Decryption reports a rotated key. */
  rotated = false;
  /** Decryption fails (the keychain was reset, the file came from another computer). */
  broken = false;

  isAsyncEncryptionAvailable = vi.fn(async () => this.available);
  getSelectedStorageBackend = vi.fn(() => this.backend);
  encryptStringAsync = vi.fn(async (plainText: string) => {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.concat([MARK, scramble(Buffer.from(plainText, 'utf8'))]);
  });
  decryptStringAsync = vi.fn(async (encrypted: Buffer) => {
    if (this.broken || !encrypted.subarray(0, MARK.length).equals(MARK)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return { result: scramble(encrypted.subarray(MARK.length)).toString('utf8'), shouldReEncrypt: this.rotated };
  });

  reset(): void {
    this.available = true;
    this.backend = 'gnome_libsecret';
    this.rotated = false;
    this.broken = false;
    for (const mock of [this.isAsyncEncryptionAvailable, this.getSelectedStorageBackend, this.encryptStringAsync, this.decryptStringAsync]) mock.mockClear();
  }
}

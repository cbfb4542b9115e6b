// The saved passwords of live stores, without Electron: a fake safeStorage and a scratch settings folder.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionSecrets, SECRETS_FILE } from '../../electron/shell/connection-secrets.js';
import { FakeSafeStorage } from '../support/fake-safe-storage.js';

const URL_A = 'postgres://reader@db.example:5432/events?schema=public';
const URL_B = 'postgres://auditor@db.example:5432/ledger';
const SECRET = 'Sw0rdfish-not-for-eyes';

describe('ConnectionSecrets', () => {
  let folder: string;
  let cipher: FakeSafeStorage;
  let secrets: ConnectionSecrets;
  const file = () => join(folder, SECRETS_FILE);
  const stored = () => JSON.parse(readFileSync(file(), 'utf8')) as { version: number; passwords: Record<string, string> };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'eventlens-secrets-'));
    cipher = new FakeSafeStorage();
    secrets = new ConnectionSecrets({ cipher, folder, platform: 'linux' });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it('starts empty, with no file, and says a password can be saved', async () => {
    await expect(secrets.status()).resolves.toEqual({ available: true, urls: [] });
    await expect(secrets.passwordFor(URL_A)).resolves.toBeUndefined();
    expect(readdirSync(folder)).toEqual([]);
  });

  it('keeps a password per connection URL without its password, and gives it back', async () => {
    await expect(secrets.save(URL_A, SECRET)).resolves.toEqual({ available: true, urls: [URL_A] });
    await expect(secrets.passwordFor(URL_A)).resolves.toBe(SECRET);
    // The same store spelt otherwise (postgresql://, no port, a password in the URL) is the same key.
    await expect(secrets.passwordFor('postgresql://reader@db.example/events?schema=public')).resolves.toBe(SECRET);
    await expect(secrets.passwordFor('postgres://reader:typed@db.example:5432/events?schema=public')).resolves.toBe(SECRET);
    // Another user, database or schema is another connection.
    await expect(secrets.passwordFor('postgres://writer@db.example:5432/events?schema=public')).resolves.toBeUndefined();
    await expect(secrets.passwordFor('postgres://reader@db.example:5432/events')).resolves.toBeUndefined();
    // Not a live store at all: nothing, and no error.
    await expect(secrets.passwordFor('/home/ada/orders.ndjson')).resolves.toBeUndefined();
    await expect(secrets.passwordFor('postgres://db.example:5432/')).resolves.toBeUndefined();

    // Saving again replaces it; a second one sits beside it; a new instance reads both from the file.
    await secrets.save(URL_A, 'rotated-password');
    await secrets.save(URL_B, 'other');
    const again = new ConnectionSecrets({ cipher, folder, platform: 'linux' });
    await expect(again.status()).resolves.toEqual({ available: true, urls: [URL_B, URL_A] });
    await expect(again.passwordFor(URL_A)).resolves.toBe('rotated-password');
    await expect(again.passwordFor(URL_B)).resolves.toBe('other');
  });

  it('never writes the clear password: only what the keychain encrypted, in a file only this user may read', async () => {
    await secrets.save(URL_A, SECRET);
    const text = readFileSync(file(), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    const entry = stored().passwords[URL_A]!;
    expect(Buffer.from(entry, 'base64').includes(Buffer.from(SECRET))).toBe(false);
    expect(cipher.encryptStringAsync).toHaveBeenCalledWith(SECRET);
    expect(stored().version).toBe(1);
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o777).toBe(0o600);
    // Written through a temp file and a rename: none is left behind.
    expect(readdirSync(folder)).toEqual([SECRETS_FILE]);
  });

  it('refuses to save where Linux has no keychain (basic_text), saying why, and writes nothing', async () => {
    cipher.backend = 'basic_text';
    const status = await secrets.status();
    expect(status).toMatchObject({ available: false, urls: [] });
    expect(status.why).toMatch(/no keychain/i);
    expect(status.why).toMatch(/does not save/);
    await expect(secrets.save(URL_A, SECRET)).rejects.toThrow(status.why!);
    expect(cipher.encryptStringAsync).not.toHaveBeenCalled();
    expect(readdirSync(folder)).toEqual([]);
  });

  it('asks about basic_text on Linux only (the call exists only there)', async () => {
    cipher.backend = 'basic_text';
    const mac = new ConnectionSecrets({ cipher, folder, platform: 'darwin' });
    await expect(mac.status()).resolves.toEqual({ available: true, urls: [] });
    await expect(mac.save(URL_A, SECRET)).resolves.toMatchObject({ urls: [URL_A] });
  });

  it('refuses to save where the system offers no encryption at all', async () => {
    cipher.available = false;
    const status = await secrets.status();
    expect(status).toEqual({ available: false, why: expect.stringMatching(/no keychain/) as unknown, urls: [] });
    await expect(secrets.save(URL_A, SECRET)).rejects.toThrow(/none is saved/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it.each([
    ['not JSON', '{"version": 1, "passwords": {'],
    ['the wrong shape', '[1, 2, 3]'],
    ['no passwords', '{"version": 1}'],
  ])('reads a file that is %s as empty, says so, and starts it anew on the next save', async (_name, content) => {
    writeFileSync(file(), content);
    const status = await secrets.status();
    expect(status.urls).toEqual([]);
    expect(status.problem).toContain(file());
    expect(status.problem).toMatch(/could not be read .*Saving a password starts the file anew\./);
    await expect(secrets.passwordFor(URL_A)).resolves.toBeUndefined();
    await expect(secrets.save(URL_A, SECRET)).resolves.toEqual({ available: true, urls: [URL_A] });
    await expect(secrets.passwordFor(URL_A)).resolves.toBe(SECRET);
  });

  it('skips an entry that is not text, keeping the others', async () => {
    writeFileSync(file(), JSON.stringify({ version: 1, passwords: { [URL_B]: 42 } }));
    await secrets.save(URL_A, SECRET);
    await expect(secrets.status()).resolves.toEqual({ available: true, urls: [URL_A] });
  });

  it('forgets one password, keeping the others; forgetting one never saved is no error', async () => {
    await secrets.save(URL_A, SECRET);
    await secrets.save(URL_B, 'other');
    await expect(secrets.forget('postgresql://reader@db.example/events?schema=public')).resolves.toEqual({ available: true, urls: [URL_B] });
    await expect(secrets.passwordFor(URL_A)).resolves.toBeUndefined();
    await expect(secrets.passwordFor(URL_B)).resolves.toBe('other');
    expect(Object.keys(stored().passwords)).toEqual([URL_B]);
    await expect(secrets.forget(URL_A)).resolves.toEqual({ available: true, urls: [URL_B] });
  });

  it('forgets even where no new password could be saved (no keychain any more)', async () => {
    await secrets.save(URL_A, SECRET);
    cipher.backend = 'basic_text';
    await expect(secrets.forget(URL_A)).resolves.toMatchObject({ available: false, urls: [] });
  });

  it('refuses a URL that is not a live store', async () => {
    await expect(secrets.save('/home/ada/orders.ndjson', SECRET)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(secrets.forget('not a url')).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('answers no password (and warns, without it) when one no longer decrypts', async () => {
    await secrets.save(URL_A, SECRET);
    cipher.broken = true;
    await expect(secrets.passwordFor(URL_A)).resolves.toBeUndefined();
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining(URL_A));
    expect(JSON.stringify(vi.mocked(console.warn).mock.calls)).not.toContain(SECRET);
    // It is not forgotten: saving the new one replaces it.
    await expect(secrets.status()).resolves.toMatchObject({ urls: [URL_A] });
  });

  it('encrypts again under a rotated key', async () => {
    await secrets.save(URL_A, SECRET);
    cipher.rotated = true;
    cipher.encryptStringAsync.mockClear();
    await expect(secrets.passwordFor(URL_A)).resolves.toBe(SECRET);
    await vi.waitFor(() => expect(cipher.encryptStringAsync).toHaveBeenCalledWith(SECRET));
  });

  it('lets saves made at once all land (one read-modify-write at a time)', async () => {
    await Promise.all([secrets.save(URL_A, 'a'), secrets.save(URL_B, 'b'), secrets.save('postgres://x@h:5432/d', 'c')]);
    await expect(secrets.status()).resolves.toMatchObject({ urls: [URL_B, URL_A, 'postgres://x@h:5432/d'] });
  });

  it('says, in words, when the file cannot be written, and leaves no temp file', async () => {
    const blocked = join(folder, 'not-a-folder');
    writeFileSync(blocked, '');
    const nowhere = new ConnectionSecrets({ cipher, folder: join(blocked, 'settings'), platform: 'linux' });
    await expect(nowhere.save(URL_A, SECRET)).rejects.toThrow(/^The saved passwords could not be written to .*connection-passwords\.json: /);
    expect(readdirSync(folder)).toEqual(['not-a-folder']);
  });
});

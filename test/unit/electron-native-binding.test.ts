import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../electron/readers/sqlite-reader.js', () => ({ useSqliteBinding: vi.fn() }));

import { useSqliteBinding } from '../../electron/readers/sqlite-reader.js';
import { configureSqliteBinding, SQLITE_BINDING_ENV } from '../../electron/shell/native-binding.js';

describe('configureSqliteBinding', () => {
  beforeEach(() => {
    vi.mocked(useSqliteBinding).mockClear();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it('leaves better-sqlite3 alone when the variable is unset or empty', () => {
    expect(configureSqliteBinding({})).toBeNull();
    expect(configureSqliteBinding({ [SQLITE_BINDING_ENV]: '' })).toBeNull();
    expect(useSqliteBinding).not.toHaveBeenCalled();
  });

  it('uses an existing .node file', () => {
    const addon = join(mkdtempSync(join(tmpdir(), 'eventlens-binding-')), 'better_sqlite3.node');
    writeFileSync(addon, '');
    expect(configureSqliteBinding({ [SQLITE_BINDING_ENV]: addon })).toBe(addon);
    expect(useSqliteBinding).toHaveBeenCalledWith(addon);
  });

  it.each(['/nonexistent/better_sqlite3.node', '/etc/hostname'])('warns and ignores %s', (path) => {
    expect(configureSqliteBinding({ [SQLITE_BINDING_ENV]: path })).toBeNull();
    expect(useSqliteBinding).not.toHaveBeenCalled();
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining(SQLITE_BINDING_ENV));
  });
});

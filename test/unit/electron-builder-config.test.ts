// electron-builder.yml, checked by electron-builder's own loader and schema (nothing is packaged or downloaded).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: { filter?: string[] }[];
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  extraMetadata?: { main?: string };
  linux?: { target?: string[]; category?: string };
  mac?: { target?: string };
  win?: { target?: string };
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};

describe('electron-builder.yml', async () => {
  const config = await getConfig(root, 'electron-builder.yml', null);

  it("passes electron-builder's schema validation", async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('names the app and packs the built files only', () => {
    expect(config).toMatchObject({ appId: 'dev.eventlens.app', productName: 'Eventlens' });
    expect(config.files?.flatMap((f) => f.filter ?? [])).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    expect(config.extraMetadata?.main).toBe('dist/electron/main.js');
  });

  it('rebuilds better-sqlite3 for Electron and ships plain files the import worker can load', () => {
    expect(config.asar).toBe(false);
    expect(config.npmRebuild).toBe(true);
  });

  it('targets AppImage and deb (Development), dmg and nsis', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Development' });
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
  });
});

// electron-builder cannot run on the build machines (it downloads Electron), so its configuration is
// checked here with electron-builder's own loader, schema validator and file matcher instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { APP_SCHEME } from '../../../src-main/desktop/deep-link';
import {
  PLATFORMS, REQUIRED_TARGETS, ROOT, missingTargets, owningPackage, packedBindings, pathFilter, shippedNativeBindings,
} from './packaging-checks';

const CONFIG_FILE = 'electron-builder.config.mjs';
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
let config: Configuration;

beforeAll(async () => {
  // The loader `electron-builder --config electron-builder.config.mjs` uses (scripts/dist.mjs).
  config = await getConfig(ROOT, CONFIG_FILE, null);
});

describe('electron-builder.config.mjs', () => {
  it("passes electron-builder's own validation, which still rejects a misspelt option", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...config, nsis: { ...config.nsis, perMachin: false } } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/configuration\.nsis/);
  });

  it('builds AppImage and deb, dmg, and NSIS, into dist/', () => {
    expect(missingTargets(config)).toEqual([]);
    expect(config.directories?.output).toBe('dist');
    expect(pkg.scripts['dist']).toBe('node scripts/dist.mjs');
  });

  it.each(PLATFORMS.flatMap((platform) => REQUIRED_TARGETS[platform].map((target) => [platform, target] as const)))(
    'notices when %s drops %s',
    (platform, target) => {
      const settings = config[platform] as { target: Array<{ target: string }> };
      const dropped = { ...config, [platform]: { ...settings, target: settings.target.filter((entry) => entry.target !== target) } };
      expect(missingTargets(dropped)).toEqual([`${platform}/${target}`]);
    },
  );

  it('unpacks every native binding the app ships from app.asar, on every platform', () => {
    const bindings = shippedNativeBindings();
    const owners = new Set(bindings.map(owningPackage));
    // The search itself must find the bindings the app loads, or the check below would pass on nothing.
    expect(owners).toContain('better-sqlite3');
    expect([...owners].some((owner) => owner.startsWith('@napi-rs/keyring'))).toBe(true);
    expect(packedBindings(config, bindings)).toEqual([]);
    // And without the unpack patterns every one of them would stay packed.
    expect(packedBindings({ ...config, asarUnpack: [] }, bindings)).toHaveLength(bindings.length * PLATFORMS.length);
  });

  it('ships the electron-vite build and package.json, and no sources, tests or tooling', () => {
    const migrations = readdirSync(join(ROOT, 'server/store/sqlite/migrations')).map((name) => `out/main/migrations/${name}`);
    const shipped = [
      'package.json', pkg.main, 'out/preload/index.cjs', 'out/preload/overlay.cjs', 'out/preload/palette.cjs',
      'out/renderer/index.html', 'out/renderer/overlay.html', 'out/renderer/palette.html', 'out/renderer/assets/index-0a1b2c.js',
      ...migrations,
    ];
    const kept = [
      'src-main/index.ts', 'src-renderer/main.tsx', 'server/app.ts', 'server/store/sqlite/migrations/001-init.sql',
      'test/src-main/packaging/electron-builder-config.test.ts', 'bench/run.ts', 'scripts/dist.mjs', 'bin/tessera.mjs',
      'electron.vite.config.ts', CONFIG_FILE, 'tsconfig.json', 'README.md', 'out/build-resources/icon.png',
      'dist/Tessera-0.1.0-linux-x86_64.AppImage',
    ];
    expect(pkg.main).toBe('out/main/index.js');
    expect(migrations.length).toBeGreaterThan(0);
    for (const platform of PLATFORMS) {
      const included = pathFilter(config, 'files', platform);
      expect(shipped.filter((path) => !included(path)), platform).toEqual([]);
      expect(kept.filter((path) => included(path)), platform).toEqual([]);
      // A catch-all `files` would ship the sources: the check above is what notices.
      const everything = pathFilter({ ...config, files: ['**/*'] }, 'files', platform);
      expect(kept.filter((path) => everything(path))).toContain('src-main/index.ts');
    }
  });

  it('registers the tessera:// scheme the app handles', () => {
    expect(config.protocols).toEqual([{ name: 'Tessera link', schemes: [APP_SCHEME] }]);
  });

  it('installs per user on Windows, hardened on macOS, with the keychain on Linux', () => {
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, createDesktopShortcut: true, createStartMenuShortcut: true, deleteAppDataOnUninstall: false });
    expect(config.mac).toMatchObject({ hardenedRuntime: true, category: 'public.app-category.utilities' });
    expect(config.deb?.depends).toContain('libsecret-1-0');
    expect(config.deb?.recommends).toContain('gnome-keyring');
    expect(config.linux).toMatchObject({ executableName: 'tessera', syncDesktopName: true });
    expect(config.extraMetadata).toMatchObject({ desktopName: 'tessera.desktop' });
    // electron-builder refuses a deb without a maintainer address and a homepage (app-builder-lib FpmTarget).
    expect(config.linux?.maintainer).toMatch(/^[^<>]+ <[^@\s]+@[^>\s]+>$/);
    expect(config.extraMetadata?.['homepage']).toMatch(/^https:\/\//);
  });

  it('rebuilds native modules for Electron and closes the Node back doors in the shipped binary', () => {
    expect(config).toMatchObject({ npmRebuild: true, buildDependenciesFromSource: false, asar: true });
    expect(config.electronFuses).toMatchObject({
      runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true,
    });
  });
});

// What the installers need from electron-builder.config.mjs, checked with electron-builder's own pieces:
// its config loader and schema validator, and the FileMatcher it filters `files` and `asarUnpack` with.
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { FilterStats } from 'builder-util';
import type { Configuration, PlatformSpecificBuildOptions, TargetConfiguration } from 'electron-builder';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher.js';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

type Platform = 'linux' | 'mac' | 'win';
export const PLATFORMS: readonly Platform[] = ['linux', 'mac', 'win'];

/** The installers issue 11 asks for, per OS. */
export const REQUIRED_TARGETS: Record<Platform, readonly string[]> = { linux: ['AppImage', 'deb'], mac: ['dmg'], win: ['nsis'] };

type TargetSetting = PlatformSpecificBuildOptions['target'] | TargetConfiguration | string | null | undefined;

function targetNames(setting: unknown): string[] {
  const entries = (Array.isArray(setting) ? setting : setting == null ? [] : [setting]) as Array<Exclude<TargetSetting, null | undefined>>;
  return entries.map((entry) => (typeof entry === 'string' ? entry : (entry as TargetConfiguration).target));
}

/** `platform/target` for every required installer the configuration does not build. */
export function missingTargets(config: Configuration): string[] {
  return PLATFORMS.flatMap((platform) => {
    const names = targetNames(config[platform]?.target).map((name) => name.toLowerCase());
    return REQUIRED_TARGETS[platform].filter((name) => !names.includes(name.toLowerCase())).map((name) => `${platform}/${name}`);
  });
}

/**
 * electron-builder's filter for one pattern list (`files` or `asarUnpack`) as it builds it for `platform`,
 * asked about a path relative to the project. For a file inside node_modules it passes the module-relative
 * path as `moduleFullFilePath`, which the filter matches instead (app-builder-lib NodeModuleCopyHelper).
 */
export function pathFilter(config: Configuration, name: 'files' | 'asarUnpack', platform: Platform): (path: string, stat?: FilterStats) => boolean {
  const matchers = getFileMatchers(config, name, join(ROOT, 'dist', 'app'), {
    macroExpander: (pattern) => pattern,
    customBuildOptions: config[platform] ?? {},
    globalOutDir: join(ROOT, config.directories?.output ?? 'dist'),
    defaultSrc: ROOT,
  });
  const filter = matchers?.[0]?.createFilter();
  const fileStat = { isDirectory: () => false, isFile: () => true } as FilterStats;
  return (path, stat = fileStat) => filter?.(join(ROOT, path), stat) ?? false;
}

/** Every compiled binding (`*.node`) in the production dependency tree, relative to the project. */
export function shippedNativeBindings(): string[] {
  const listing = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
  const packageDirs = listing.stdout.split(/\r?\n/).filter((dir) => dir.includes(`${sep}node_modules${sep}`));
  if (packageDirs.length === 0) throw new Error(`npm ls listed no production dependencies: ${listing.stderr}`);
  const found = new Set<string>();
  for (const dir of packageDirs) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.node')) found.add(relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'));
    }
  }
  return [...found].sort();
}

/** The package a node_modules path belongs to (`better-sqlite3`, `@napi-rs/keyring-linux-x64-gnu`). */
export function owningPackage(path: string): string {
  const parts = path.split('/');
  const at = parts.lastIndexOf('node_modules') + 1;
  return parts[at]?.startsWith('@') ? `${parts[at]}/${parts[at + 1]}` : (parts[at] ?? '');
}

/** Bindings electron-builder would leave inside app.asar (where they cannot load) on some platform. */
export function packedBindings(config: Configuration, bindings: readonly string[]): string[] {
  return PLATFORMS.flatMap((platform) => {
    const unpacked = pathFilter(config, 'asarUnpack', platform);
    return bindings
      .filter((path) => !unpacked(path, Object.assign(lstatSync(join(ROOT, path)), { moduleFullFilePath: path })))
      .map((path) => `${platform}: ${path}`);
  });
}

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NODE_OUT, nodeBuildIsStale } from '../../../scripts/build-node.mjs';

// The bin's check that out/node/ is newer than every source it was built from (scripts/build-node.mjs),
// on a made-up checkout whose file times are set, so no case depends on the clock.
const BUILT_AT_MS = Date.UTC(2026, 0, 1);
const SOURCES = ['src-main/cli/main.ts', 'src-main/vault/vault.ts', 'server/main.ts'];

let root: string;

function writeSource(relative: string, mtimeMs: number): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '// source\n');
  utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
}

function writeManifest(inputs = SOURCES): void {
  mkdirSync(path.join(root, 'out', 'node'), { recursive: true });
  writeFileSync(path.join(root, 'out', 'node', 'inputs.json'), JSON.stringify({ startedAt: BUILT_AT_MS, inputs }));
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tessera-node-build-'));
  for (const source of SOURCES) writeSource(source, BUILT_AT_MS - 60_000);
  writeManifest();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('nodeBuildIsStale', () => {
  it('is fresh when every source is older than the build', () => {
    expect(nodeBuildIsStale(root)).toBe(false);
  });

  it('is stale after a source is edited, even one the CLI does not start from', () => {
    writeSource('server/main.ts', BUILT_AT_MS + 1);
    expect(nodeBuildIsStale(root)).toBe(true);
  });

  it('is stale when a source was edited while the build ran (mtime equal to its start)', () => {
    writeSource('src-main/vault/vault.ts', BUILT_AT_MS);
    expect(nodeBuildIsStale(root)).toBe(true);
  });

  it('is stale when a source it was built from is gone', () => {
    rmSync(path.join(root, 'src-main/vault/vault.ts'));
    expect(nodeBuildIsStale(root)).toBe(true);
  });

  it('is stale when there is no build, or its manifest is unreadable', () => {
    rmSync(path.join(root, 'out'), { recursive: true });
    expect(nodeBuildIsStale(root)).toBe(true);
    mkdirSync(path.join(root, 'out', 'node'), { recursive: true });
    writeFileSync(path.join(root, 'out', 'node', 'inputs.json'), '{"startedAt":');
    expect(nodeBuildIsStale(root)).toBe(true);
  });

  it('trusts a build shipped without its sources', () => {
    rmSync(path.join(root, 'src-main'), { recursive: true });
    rmSync(path.join(root, 'server'), { recursive: true });
    expect(nodeBuildIsStale(root)).toBe(false);
  });
});

describe("this checkout's build", () => {
  // A manifest entry that is no file (a plugin's virtual module) would make every start rebuild.
  it('lists only source files that exist, none from node_modules', () => {
    const { inputs } = JSON.parse(readFileSync(path.join(NODE_OUT, 'inputs.json'), 'utf8')) as { inputs: string[] };
    expect(inputs).toContain('src-main/cli/main.ts');
    expect(inputs.filter((input) => input.startsWith('node_modules/') || !existsSync(path.join(NODE_OUT, '..', '..', input)))).toEqual([]);
  });
});

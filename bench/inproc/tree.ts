import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository this harness runs in. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * `server/` and `test/helpers/` as they were at `ref`, unpacked under `.scratch/` (git-ignored) so both
 * resolve this checkout's node_modules: the same process can then load the old code path beside the new.
 */
export function treeAt(ref: string): string {
  const sha = execFileSync('git', ['rev-parse', '--short=12', ref], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const dir = join(REPO_ROOT, '.scratch', `ab-${sha}`);
  if (!existsSync(join(dir, 'server'))) {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', sha, 'server', 'test/helpers'], { cwd: REPO_ROOT, maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
  }
  return dir;
}

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askHidden, backupPassword } from '../../../src-main/cli/backup-password';
import type { CliContext } from '../../../src-main/cli/context';
import { fixedClock } from '../../helpers/clock';

/** A terminal stand-in: stdin holds what the user types, stderr collects what the terminal would show. */
function terminal(typed: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = new PassThrough();
  let shown = '';
  stderr.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const context: CliContext = {
    stdout: new PassThrough(), stderr, stdin, env: {}, platform: 'linux', homedir: '/home/u', hostname: 'test-host',
    fetch: () => Promise.reject(new Error('no network in this test')), clock: fixedClock(0), signal: new AbortController().signal,
  };
  stdin.write(typed);
  return { context, shown: () => shown };
}

describe('asking for a password on the terminal', () => {
  it('shows the prompt, never what is typed', async () => {
    const { context, shown } = terminal('hunter2 is long\n');
    expect(await askHidden(context, 'Backup password: ')).toBe('hunter2 is long');
    expect(shown()).toContain('Backup password: ');
    expect(shown()).not.toContain('hunter2');
  });

  it('refuses a backup password too short to choose, once typed', async () => {
    const { context } = terminal('short\n');
    await expect(backupPassword(context, { confirm: true })).rejects.toThrow(/^the backup password must have at least \d+ characters$/);
  });
});

import { describe, expect, it } from 'vitest';
import { needsVaultKey, startVaultKeyRead, VAULT_COMMANDS } from '../../../src-main/cli/early-vault-key';
import { COMMANDS } from '../../../src-main/cli/main';

/** A keyring module loader that records being asked (and then fails, as a missing native module does). */
function recordingLoad() {
  const calls = { count: 0 };
  return { calls, load: () => ((calls.count += 1), Promise.reject(new Error('not loaded in this test'))) };
}

describe('the early vault key read', () => {
  it('covers every otp command, each of which opens the vault', async () => {
    const otp = await COMMANDS.otp!();
    expect(new Set(Object.keys(otp.commands))).toEqual(VAULT_COMMANDS);
    for (const name of VAULT_COMMANDS) expect(needsVaultKey(['otp', name])).toBe(true);
  });

  it.each([
    [['otp', 'list']],
    [['otp', 'code', 'github']],
    [['otp', 'export', '--encrypted', '--out', 'backup.json']],
  ])('starts for %j', async (argv) => {
    const { calls, load } = recordingLoad();
    const read = startVaultKeyRead(argv, 'linux', load);
    expect(read).toBeInstanceOf(Promise);
    expect(await read).toBeUndefined();
    expect(calls.count).toBe(1);
  });

  it.each([
    [[]], [['help']], [['--help']], [['otp']], [['otp', 'help']], [['otp', '--help']], [['otp', 'list', '--help']],
    [['otp', 'code', '-h']], [['otp', 'bogus']], [['device', 'list']], [['device', 'listen', '--once']],
    [['admin', 'users']], [['list', 'otp']],
  ])('reads nothing for %j', (argv) => {
    const { calls, load } = recordingLoad();
    expect(startVaultKeyRead(argv, 'linux', load)).toBeUndefined();
    expect(calls.count).toBe(0);
  });
});

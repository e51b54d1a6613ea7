import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../helpers/clock';
import { startDesktop, valueOf } from './desktop-fixture';

const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
const URIS = [
  'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME',
  'otpauth://totp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank',
];

describe('the trash over the vault channels', () => {
  it('removes to the trash, lists it, restores in place, purges, and answers not_found for what is not there', async () => {
    const { desktop } = await startDesktop({ clock: fixedClock(NOW_MS) });
    const { added } = valueOf(await desktop.handlers['vault:importText'](URIS.join('\n'), null));
    const [alice, bob] = added;
    expect(valueOf(await desktop.handlers['vault:remove'](alice!.id))).toBeNull();
    expect(valueOf(await desktop.handlers['vault:list']()).map((account) => account.label)).toEqual(['bob']);
    expect(valueOf(await desktop.handlers['vault:trash']())).toEqual([{
      id: alice!.id, issuer: 'ACME', label: 'alice', removedAt: new Date(NOW_MS).toISOString(), purgeAt: new Date(NOW_MS + 30 * 86_400_000).toISOString(),
    }]);
    expect(valueOf(await desktop.handlers['vault:restore'](alice!.id))).toMatchObject({ id: alice!.id, sortOrder: 0 });
    expect(valueOf(await desktop.handlers['vault:list']()).map((account) => account.label)).toEqual(['alice', 'bob']);

    valueOf(await desktop.handlers['vault:remove'](bob!.id));
    expect(valueOf(await desktop.handlers['vault:purge'](bob!.id))).toBeNull();
    expect(valueOf(await desktop.handlers['vault:trash']())).toEqual([]);
    expect(await desktop.handlers['vault:restore'](bob!.id)).toEqual({ ok: false, error: { kind: 'not_found', message: `no account with id ${bob!.id} in the trash` } });
    expect(await desktop.handlers['vault:purge'](alice!.id)).toEqual({ ok: false, error: { kind: 'not_found', message: `no account with id ${alice!.id} in the trash` } });
  });

  it('counts copies per account for "most used"', async () => {
    const { desktop } = await startDesktop({ clock: fixedClock(NOW_MS) });
    const { added } = valueOf(await desktop.handlers['vault:importText'](URIS.join('\n'), null));
    valueOf(await desktop.handlers['vault:copyCode'](added[1]!.id));
    valueOf(await desktop.handlers['vault:copyCode'](added[1]!.id));
    expect(valueOf(await desktop.handlers['vault:list']()).map((account) => [account.label, account.useCount])).toEqual([['alice', 0], ['bob', 2]]);
  });

  it('refuses the trash channels while locked', async () => {
    const { desktop } = await startDesktop();
    valueOf(await desktop.handlers['lock:setPasscode'](null, '2468'));
    valueOf(await desktop.handlers['lock:lock']());
    for (const outcome of [await desktop.handlers['vault:trash'](), await desktop.handlers['vault:restore']('a1b2'), await desktop.handlers['vault:purge']('a1b2')]) {
      expect(outcome).toEqual({ ok: false, error: { kind: 'locked', message: 'Tessera is locked: unlock it first' } });
    }
  });
});

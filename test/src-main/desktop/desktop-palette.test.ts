import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../helpers/clock';
import { startDesktop, valueOf } from './desktop-fixture';
import { fakeAdapters } from './fake-adapters';

const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
const SECRET = 'JBSWY3DPEHPK3PXP';
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const ACCOUNTS = [
  `otpauth://totp/ACME:alice@example.com?secret=${SECRET}&issuer=ACME`,
  `otpauth://totp/GitHub:alice?secret=${RFC_SECRET}&issuer=GitHub`,
  `otpauth://totp/Bank:bob?secret=${RFC_SECRET.slice(0, 31)}A&issuer=Bank`,
];
const DEFAULT_SHORTCUT = 'CommandOrControl+Shift+Space';

async function paletteDesktop() {
  const fixture = await startDesktop({ clock: fixedClock(NOW_MS) });
  valueOf(await fixture.desktop.handlers['vault:importText'](ACCOUNTS.join('\n'), null));
  return fixture;
}

describe('the quick-search palette', () => {
  it('opens on the default global shortcut and finds accounts by issuer or label substring, never with codes', async () => {
    const { desktop, adapters } = await paletteDesktop();
    expect(await desktop.handlers['settings:paletteStatus']()).toEqual({ shortcut: DEFAULT_SHORTCUT, registered: true, message: null });
    adapters.shortcuts.get(DEFAULT_SHORTCUT)!();
    expect(adapters.paletteVisible).toBe(true);

    const all = await desktop.palette.search('');
    expect(all).toEqual({ state: 'ready', matches: [
      { id: expect.any(String), issuer: 'ACME', label: 'alice@example.com', pinned: false },
      { id: expect.any(String), issuer: 'GitHub', label: 'alice', pinned: false },
      { id: expect.any(String), issuer: 'Bank', label: 'bob', pinned: false },
    ] });
    // Case-insensitive over issuer and label (bug 4's "alice" finds "ACME: alice@example.com").
    expect(await desktop.palette.search('ALICE')).toEqual({ state: 'ready', matches: [
      { id: expect.any(String), issuer: 'ACME', label: 'alice@example.com', pinned: false },
      { id: expect.any(String), issuer: 'GitHub', label: 'alice', pinned: false },
    ] });
    // A name that starts with the text comes before one that only contains it (GitHub).
    expect(((await desktop.palette.search('B')) as { matches: { issuer: string }[] }).matches.map((match) => match.issuer)).toEqual(['Bank', 'GitHub']);
    expect(await desktop.palette.search('ban')).toMatchObject({ matches: [{ issuer: 'Bank', label: 'bob' }] });
    expect(await desktop.palette.search('nobody')).toEqual({ state: 'ready', matches: [] });
  });

  it('copies in main with the auto-clear, counts the use, closes the palette, and ranks the most used first', async () => {
    const { desktop, adapters } = await paletteDesktop();
    adapters.palette.show();
    const { matches } = (await desktop.palette.search('b')) as { matches: { id: string; issuer: string }[] };
    const bank = matches.find((match) => match.issuer === 'Bank')!;
    const codes = valueOf(await desktop.handlers['vault:codes']());
    expect(await desktop.palette.copy(bank.id)).toEqual({ copied: true, clearsAfterSeconds: 30 });
    expect(adapters.clipboardText).toBe(codes.find((code) => code.id === bank.id)!.code);
    expect(adapters.paletteVisible).toBe(false);
    const listed = valueOf(await desktop.handlers['vault:list']());
    expect(listed.find((account) => account.id === bank.id)).toMatchObject({ useCount: 1, lastUsedAt: new Date(NOW_MS).toISOString() });
    expect(((await desktop.palette.search('')) as { matches: { issuer: string }[] }).matches.map((match) => match.issuer)).toEqual(['Bank', 'ACME', 'GitHub']);
  });

  it('refuses what is not a search text or an account id without running anything', async () => {
    const { desktop, adapters } = await paletteDesktop();
    adapters.palette.show();
    for (const bad of [42, null, { id: 'x' }, 'x'.repeat(201)]) expect(await desktop.palette.search(bad)).toEqual({ state: 'ready', matches: [] });
    for (const bad of [42, '', 'feedfeedfeedfeed', ['id']]) {
      expect(await desktop.palette.copy(bad)).toEqual({ copied: false, message: 'That account is no longer in Tessera' });
    }
    expect(adapters.clipboardText).toBe('');
    expect(adapters.paletteVisible).toBe(true);
  });

  it('while locked says so, copies nothing, and offers the main window', async () => {
    const { desktop, adapters } = await paletteDesktop();
    valueOf(await desktop.handlers['lock:setPasscode'](null, '2468'));
    valueOf(await desktop.handlers['lock:lock']());
    adapters.palette.show();
    expect(await desktop.palette.search('a')).toEqual({ state: 'locked' });
    const [account] = valueOf(await (async () => {
      valueOf(await desktop.handlers['lock:unlock']('2468'));
      const list = await desktop.handlers['vault:list']();
      valueOf(await desktop.handlers['lock:lock']());
      return list;
    })());
    expect(await desktop.palette.copy(account!.id)).toEqual({ copied: false, message: 'Tessera is locked' });
    expect(adapters.clipboardText).toBe('');
    await desktop.palette.openApp();
    expect({ palette: adapters.paletteVisible, shows: adapters.mainWindowShows }).toEqual({ palette: false, shows: 1 });
  });

  it('follows the shortcut setting: re-registers on change, reports a taken one, and refuses one that is not a global accelerator', async () => {
    const adapters = fakeAdapters();
    adapters.takenShortcuts.add('Alt+Space');
    const { desktop } = await startDesktop({ adapters });
    valueOf(await desktop.handlers['settings:update']({ paletteShortcut: 'Control+Alt+K' }));
    expect([...adapters.shortcuts.keys()]).toEqual(['Control+Alt+K']);
    expect(await desktop.handlers['settings:paletteStatus']()).toEqual({ shortcut: 'Control+Alt+K', registered: true, message: null });

    valueOf(await desktop.handlers['settings:update']({ paletteShortcut: 'Alt+Space' }));
    expect([...adapters.shortcuts.keys()]).toEqual([]);
    expect(await desktop.handlers['settings:paletteStatus']()).toEqual({
      shortcut: 'Alt+Space', registered: false, message: 'Another application already uses this shortcut: choose another one',
    });
    valueOf(await desktop.handlers['settings:update']({ paletteShortcut: '' }));
    expect(await desktop.handlers['settings:paletteStatus']()).toEqual({ shortcut: '', registered: false, message: 'No shortcut is set' });

    await desktop.close();
    expect(adapters.shortcuts.size).toBe(0);
  });

  it('applies content protection at start and live when the setting changes', async () => {
    const { desktop, adapters } = await startDesktop();
    expect(adapters.contentProtection).toEqual([false]);
    valueOf(await desktop.handlers['settings:update']({ contentProtection: true }));
    valueOf(await desktop.handlers['settings:update']({ hideCodes: true }));
    valueOf(await desktop.handlers['settings:update']({ contentProtection: false }));
    expect(adapters.contentProtection).toEqual([false, true, false]);
  });

});

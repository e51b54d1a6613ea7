import { describe, expect, it } from 'vitest';
import { isGlobalAccelerator } from '../../../src-main/desktop/accelerator';
import { isSettingsPatch } from '../../../src-main/desktop/settings-limits';

describe('global shortcut accelerators', () => {
  it.each(['CommandOrControl+Shift+Space', 'Control+Alt+K', 'CmdOrCtrl+F12', 'Alt+Shift+1', 'Super+numadd', 'Ctrl+/', 'Command+Plus'])('accepts %s', (value) => {
    expect(isGlobalAccelerator(value)).toBe(true);
  });

  it.each([
    ['a bare key', 'K'],
    ['Shift alone as modifier', 'Shift+K'],
    ['an unknown modifier', 'Hyper+K'],
    ['a repeated modifier', 'Ctrl+Ctrl+K'],
    ['two keys', 'Ctrl+K+L'],
    ['no key', 'Ctrl+Shift'],
    ['an unknown key', 'Ctrl+Enterprise'],
    ['an empty part', 'Ctrl++'],
    ['a key beyond F24', 'Ctrl+F25'],
    ['a very long text', `Ctrl+${'A'.repeat(120)}`],
    ['a number', 42],
  ])('refuses %s', (_name, value) => {
    expect(isGlobalAccelerator(value)).toBe(false);
  });

  it('takes the palette shortcut, the privacy switches and "" (no shortcut) as settings, and nothing else', () => {
    expect(isSettingsPatch({ paletteShortcut: 'Alt+Shift+P', contentProtection: true })).toBe(true);
    expect(isSettingsPatch({ paletteShortcut: '' })).toBe(true);
    expect(isSettingsPatch({ paletteShortcut: 'P' })).toBe(false);
    expect(isSettingsPatch({ contentProtection: 'yes' })).toBe(false);
    expect(isSettingsPatch({ contentProtection: 1 })).toBe(false);
  });
});

import type { Settings } from '../../src-main/ipc/contract';
import { useLive } from '../hooks/use-live';

/** How the palette's shortcut is written for people: "CommandOrControl" is Electron's word, not the user's. */
function readable(accelerator: string): string {
  return accelerator.replace('CommandOrControl', 'Ctrl/Cmd').replace('CmdOrCtrl', 'Ctrl/Cmd').replaceAll('+', ' + ');
}

export interface PrivacySettingsProps {
  settings: Settings;
  update(patch: Partial<Settings>): void;
}

/** The quick-search shortcut (with whether the OS gave it to Tessera), and screen capture. */
export function PrivacySettings({ settings, update }: PrivacySettingsProps) {
  const palette = useLive(window.tessera.paletteStatus, ['settings']);
  const status = palette.value;
  return (
    <div className="card">
      <h3>Quick search and privacy</h3>
      <label>
        Shortcut that opens quick search from anywhere
        <input
          key={settings.paletteShortcut}
          defaultValue={settings.paletteShortcut}
          spellCheck={false}
          autoComplete="off"
          aria-describedby="palette-status"
          onBlur={(event) => {
            const next = event.target.value.trim();
            if (next !== '' && next !== settings.paletteShortcut) update({ paletteShortcut: next });
          }}
        />
      </label>
      {status && (
        <p id="palette-status" className={status.registered ? 'muted' : 'warning'} role="status">
          {status.registered ? `${readable(status.shortcut)} opens quick search.` : `${readable(status.shortcut)} is not available: ${status.message ?? 'the system refused it'}.`}{' '}
          Electron’s form, e.g. CommandOrControl+Shift+Space or Alt+F12.
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={settings.contentProtection} onChange={(event) => update({ contentProtection: event.target.checked })} />
        Hide Tessera’s windows from screenshots and screen sharing (Windows and macOS)
      </label>
    </div>
  );
}

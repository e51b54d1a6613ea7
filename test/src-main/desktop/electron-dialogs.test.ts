import { beforeEach, describe, expect, it, vi } from 'vitest';
import { confirmWithUser, informUser } from '../../../src-main/desktop/electron-adapters';

// The native dialogs a tessera:// link leads to, against a recording fake of Electron's dialog module.

const electron = vi.hoisted(() => ({
  focused: undefined as object | undefined,
  response: 0,
  shown: [] as unknown[][],
}));

vi.mock('electron', () => ({
  BrowserWindow: { getFocusedWindow: () => electron.focused, getAllWindows: () => [] },
  dialog: {
    showMessageBox: async (...args: unknown[]) => (electron.shown.push(args), { response: electron.response, checkboxChecked: false }),
  },
}));

beforeEach(() => {
  electron.focused = undefined;
  electron.response = 0;
  electron.shown = [];
});

describe('the link dialogs', () => {
  it('informUser shows the text in a one-button info box, over the app window when there is one', async () => {
    await informUser('Save your recovery code', 'FA45S1Z87MYARX9RG6EVMAPE\n\nKeep it safe.');
    const window = { id: 1 };
    electron.focused = window;
    await informUser('Saved', 'detail');
    expect(electron.shown).toEqual([
      [{ type: 'info', message: 'Save your recovery code', detail: 'FA45S1Z87MYARX9RG6EVMAPE\n\nKeep it safe.', buttons: ['OK'], defaultId: 0, noLink: true }],
      [window, { type: 'info', message: 'Saved', detail: 'detail', buttons: ['OK'], defaultId: 0, noLink: true }],
    ]);
  });

  it('confirmWithUser is yes only for the confirm button; Cancel is the default', async () => {
    expect(await confirmWithUser('Enroll?', 'A web page asked.', 'Enroll')).toBe(true);
    electron.response = 1;
    expect(await confirmWithUser('Enroll?', 'A web page asked.', 'Enroll')).toBe(false);
    expect(electron.shown[0]).toEqual([{ type: 'question', message: 'Enroll?', detail: 'A web page asked.', buttons: ['Enroll', 'Cancel'], defaultId: 1, cancelId: 1, noLink: true }]);
  });
});

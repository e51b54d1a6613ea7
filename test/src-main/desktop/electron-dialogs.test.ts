import { beforeEach, describe, expect, it, vi } from 'vitest';
import { confirmWithUser, showSecretOnce } from '../../../src-main/desktop/electron-adapters';

// The native dialogs a tessera:// link leads to, against a recording fake of Electron's dialog module.

const electron = vi.hoisted(() => ({
  focused: undefined as object | undefined,
  response: 0,
  /** The user's answers to the next message boxes, first first; `response` once they run out. */
  responses: [] as number[],
  shown: [] as unknown[][],
}));

vi.mock('electron', () => ({
  BrowserWindow: { getFocusedWindow: () => electron.focused, getAllWindows: () => [] },
  dialog: {
    showMessageBox: async (...args: unknown[]) => (electron.shown.push(args), { response: electron.responses.shift() ?? electron.response, checkboxChecked: false }),
  },
}));

beforeEach(() => {
  electron.focused = undefined;
  electron.response = 0;
  electron.responses = [];
  electron.shown = [];
});

const CODE = 'FA45S1Z87MYARX9RG6EVMAPE';
const DETAIL = `${CODE}\n\nKeep it safe.`;
const COPY = 0;
const DONE = 1;
/** The recovery-code box as shown, `note` appended to its text. */
const secretBox = (note = '') => ({
  type: 'info', message: 'Save your recovery code', detail: `${DETAIL}${note}`, buttons: ['Copy', 'Done'], defaultId: COPY, cancelId: DONE, noLink: true,
});

describe('the link dialogs', () => {
  it('showSecretOnce offers Copy and Done; Done closes it without copying, over the app window when there is one', async () => {
    const copy = vi.fn(() => ({ clearsAfterSeconds: 30 }));
    electron.response = DONE;
    await showSecretOnce('Save your recovery code', DETAIL, copy);
    const window = { id: 1 };
    electron.focused = window;
    await showSecretOnce('Save your recovery code', DETAIL, copy);
    expect(electron.shown).toEqual([[secretBox()], [window, secretBox()]]);
    expect(copy).not.toHaveBeenCalled();
  });

  it('showSecretOnce copies on Copy and shows the code again, saying when the clipboard clears, until Done', async () => {
    const copy = vi.fn(() => ({ clearsAfterSeconds: 45 }));
    electron.responses = [COPY, COPY, DONE];
    await showSecretOnce('Save your recovery code', DETAIL, copy);
    const copied = '\n\nCopied: the clipboard is cleared in 45 seconds.';
    expect(electron.shown).toEqual([[secretBox()], [secretBox(copied)], [secretBox(copied)]]);
    expect(copy).toHaveBeenCalledTimes(2);
  });

  it('confirmWithUser is yes only for the confirm button; Cancel is the default', async () => {
    expect(await confirmWithUser('Enroll?', 'A web page asked.', 'Enroll')).toBe(true);
    electron.response = 1;
    expect(await confirmWithUser('Enroll?', 'A web page asked.', 'Enroll')).toBe(false);
    expect(electron.shown[0]).toEqual([{ type: 'question', message: 'Enroll?', detail: 'A web page asked.', buttons: ['Enroll', 'Cancel'], defaultId: 1, cancelId: 1, noLink: true }]);
  });
});

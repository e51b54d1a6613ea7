import type { CopyResult, Settings } from '../ipc/contract';
import type { ClipboardAdapter } from './adapters';

export interface CodeClipboard {
  /**
   * Puts `code` on the clipboard and clears it after `seconds`, unless the user copied something else
   * since.
   *
   * Not marked for clipboard managers to skip (Windows' ExcludeClipboardContentFromMonitorProcessing,
   * macOS' org.nspasteboard.ConcealedType): the marker must sit beside the text in one clipboard write,
   * and Electron's clipboard.write takes no custom format while every writeBuffer replaces the whole
   * content (electron/electron#2130, #11838), so a marker would leave nothing to paste.
   */
  copy(code: string, seconds: number): void;
  close(): void;
}

export function createCodeClipboard(clipboard: ClipboardAdapter): CodeClipboard {
  let pending: NodeJS.Timeout | undefined;
  let copied: string | null = null;
  const clearIfStill = (code: string | null) => {
    if (code !== null && clipboard.readText() === code) clipboard.clear();
  };
  return {
    copy(code, seconds) {
      clearTimeout(pending);
      clipboard.writeText(code);
      copied = code;
      pending = setTimeout(() => {
        pending = undefined;
        copied = null;
        clearIfStill(code);
      }, seconds * 1000);
      pending.unref();
    },
    /** Quitting must not leave a code behind on the clipboard. */
    close() {
      clearTimeout(pending);
      clearIfStill(copied);
    },
  };
}

/** Copies with the user's clear-after setting: how codes (vault:copyCode) and a recovery code in main's dialog go. */
export function copyWithClearSetting(clipboard: CodeClipboard, settings: { get(): Settings }, text: string): CopyResult {
  const seconds = settings.get().clipboardClearSeconds;
  clipboard.copy(text, seconds);
  return { clearsAfterSeconds: seconds };
}

import type { CopyResult, Settings } from '../ipc/contract';
import type { ClipboardAdapter } from './adapters';

export interface CodeClipboard {
  /**
   * Puts `code` on the clipboard and clears it after `seconds`, unless the user copied something else
   * since; `conceal` asks the OS to keep it out of clipboard history where it can (adapters.ts).
   */
  copy(code: string, seconds: number, options?: { conceal?: boolean }): void;
  close(): void;
}

export function createCodeClipboard(clipboard: ClipboardAdapter): CodeClipboard {
  let pending: NodeJS.Timeout | undefined;
  let copied: string | null = null;
  const clearIfStill = (code: string | null) => {
    if (code !== null && clipboard.readText() === code) clipboard.clear();
  };
  return {
    copy(code, seconds, options) {
      clearTimeout(pending);
      if (options?.conceal) clipboard.writeConcealedText(code);
      else clipboard.writeText(code);
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
  const { clipboardClearSeconds: seconds, concealClipboard } = settings.get();
  clipboard.copy(text, seconds, { conceal: concealClipboard });
  return { clearsAfterSeconds: seconds };
}

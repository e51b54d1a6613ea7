import type { CodeView } from '../ipc/contract';
import type { Vault } from '../vault';
import { InputError } from './outcome';

export type HotpCodeView = Extract<CodeView, { kind: 'hotp' }>;

/**
 * The HOTP code the window shows for each account, kept in main so Copy copies exactly that code. Every
 * HOTP code uses up a counter (RFC 4226 §7.2): a Copy that advanced again would copy a code nobody saw
 * and drift the account towards the end of the server's look-ahead window.
 */
export function createHotpReveal() {
  const shown = new Map<string, HotpCodeView>();

  function take(vault: Vault, id: string, nowMs: number): CodeView {
    const view = vault.code(id, nowMs);
    if (view.kind === 'hotp') shown.set(id, view);
    return view;
  }

  // Still the next unused code only while nothing else (the CLI shares the vault) advanced the counter.
  function onShow(vault: Vault, id: string): HotpCodeView | undefined {
    const view = shown.get(id);
    if (view === undefined) return undefined;
    if (vault.list().find((account) => account.id === id)?.counter === view.counter + 1) return view;
    shown.delete(id);
    return undefined;
  }

  return {
    /** "Next code": advances the counter once and remembers the code as the one on show. */
    next(vault: Vault, id: string, nowMs: number): HotpCodeView {
      const view = take(vault, id, nowMs);
      if (view.kind !== 'hotp') throw new InputError('This account is time-based; its code is in the list');
      return view;
    },
    /** Copy: the HOTP code on show, else the next one (advancing once), which the window then shows too. */
    forCopy(vault: Vault, id: string, nowMs: number): CodeView {
      return onShow(vault, id) ?? take(vault, id, nowMs);
    },
    forget(id: string): void {
      shown.delete(id);
    },
  };
}

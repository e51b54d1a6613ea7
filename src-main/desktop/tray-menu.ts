import type { Account, CodeView, PushRequestView, ServerStatus } from '../ipc/contract';

/** The plain subset of Electron's MenuItemConstructorOptions the tray uses, so it is built and tested without Electron. */
export interface TrayItem {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  click?: () => void;
}

export interface TrayState {
  locked: boolean;
  passcodeSet: boolean;
  /** Pinned accounts with their current codes (empty while locked or when the keyring is unavailable). */
  pinned: { account: Account; code: CodeView | null }[];
  pending: PushRequestView[];
  server: ServerStatus;
}

export interface TrayActions {
  copyCode(accountId: string): void;
  showWindow(): void;
  lock(): void;
  quit(): void;
}

/** A six-digit code reads better as two groups, as authenticators show it. */
export function groupCode(code: string): string {
  return code.length >= 6 && /^\d+$/.test(code) ? `${code.slice(0, Math.ceil(code.length / 2))} ${code.slice(Math.ceil(code.length / 2))}` : code;
}

function accountName(account: Account): string {
  return account.issuer === '' ? account.label : `${account.issuer} (${account.label})`;
}

function codeItem({ account, code }: TrayState['pinned'][number], actions: TrayActions): TrayItem {
  const copy = () => actions.copyCode(account.id);
  // HOTP codes are handed out one by one: the menu offers the next one instead of showing it.
  if (account.kind === 'hotp') return { label: `${accountName(account)}: copy the next code`, click: copy };
  if (code?.kind !== 'totp' && code?.kind !== 'steam') return { label: accountName(account), enabled: false };
  return { label: `${accountName(account)}: ${groupCode(code.code)} · ${code.secondsLeft}s`, click: copy };
}

function pendingItem(request: PushRequestView, actions: TrayActions): TrayItem {
  const who = request.clientName ?? 'An application';
  const where = request.ip === null ? '' : ` from ${request.ip}`;
  return { label: `Login: ${who}${where} (${request.issuer})`, click: actions.showWindow };
}

/**
 * The tray menu: pinned accounts' codes (click copies, with the usual auto-clear), login requests
 * waiting (click opens the window to answer: numbers are picked there, never from a menu), then the app.
 * While locked it shows no codes and no login details, only that requests wait.
 */
export function buildTrayMenu(state: TrayState, actions: TrayActions): TrayItem[] {
  const items: TrayItem[] = [];
  if (state.locked) {
    items.push({ label: 'Tessera is locked', enabled: false });
    if (state.pending.length > 0) items.push({ label: `${state.pending.length} login request(s) waiting: unlock to answer`, click: actions.showWindow });
  } else {
    if (state.pinned.length === 0) items.push({ label: 'No pinned accounts', enabled: false });
    items.push(...state.pinned.map((entry) => codeItem(entry, actions)));
    if (state.pending.length > 0) items.push({ type: 'separator' }, ...state.pending.map((request) => pendingItem(request, actions)));
  }
  const server = state.server.state === 'running' ? `Server running on port ${state.server.port}` : `Server ${state.server.state}`;
  items.push({ type: 'separator' }, { label: server, enabled: false }, { label: 'Open Tessera', click: actions.showWindow });
  if (!state.locked && state.passcodeSet) items.push({ label: 'Lock', click: actions.lock });
  items.push({ label: 'Quit', click: actions.quit });
  return items;
}

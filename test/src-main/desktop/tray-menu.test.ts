import { describe, expect, it, vi } from 'vitest';
import { buildTrayMenu, groupCode, type TrayState } from '../../../src-main/desktop/tray-menu';
import type { Account, PushRequestView } from '../../../src-main/ipc/contract';

const account = (id: string, overrides: Partial<Account> = {}): Account => ({
  id, issuer: 'Example', label: 'ada', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: null,
  colour: null, icon: null, group: null, pinned: true, sortOrder: 0, createdAt: '2026-11-23T12:00:00.000Z', ...overrides,
});
const REQUEST: PushRequestView = {
  transactionId: 'tx1', enrollmentId: 'dev_1', issuer: 'Tessera', userId: 'auth0|1', clientName: 'Console', ip: '10.0.0.5',
  userAgent: null, requestedAt: null, numberChoices: ['12', '34', '56'], receivedAt: '2026-11-23T12:00:00.000Z',
  accountLabel: null, expiresAt: '2026-11-23T12:05:00.000Z',
};
const SERVER = { state: 'running', port: 3000, url: 'http://127.0.0.1:3000/', message: null } as const;
const actions = () => ({ copyCode: vi.fn(), showWindow: vi.fn(), lock: vi.fn(), quit: vi.fn() });
const labels = (items: ReturnType<typeof buildTrayMenu>) => items.map((item) => item.type === 'separator' ? '---' : item.label);

describe('buildTrayMenu', () => {
  it('lists pinned codes and waiting logins; clicking a code copies it', () => {
    const state: TrayState = {
      locked: false, passcodeSet: true, server: SERVER, pending: [REQUEST],
      pinned: [
        { account: account('a'), code: { id: 'a', kind: 'totp', code: '123456', secondsLeft: 12, period: 30 } },
        { account: account('h', { issuer: '', label: 'vpn', kind: 'hotp', counter: 3 }), code: null },
      ],
    };
    const handlers = actions();
    const items = buildTrayMenu(state, handlers);
    expect(labels(items)).toEqual([
      'Example (ada): 123 456 · 12s', 'vpn: copy the next code', '---', 'Login: Console from 10.0.0.5 (Tessera)',
      '---', 'Server running on port 3000', 'Open Tessera', 'Lock', 'Quit',
    ]);
    items[0]!.click!();
    items[1]!.click!();
    items[3]!.click!();
    expect(handlers.copyCode.mock.calls).toEqual([['a'], ['h']]);
    expect(handlers.showWindow).toHaveBeenCalledTimes(1);
  });

  it('shows neither codes nor login details while locked', () => {
    const items = buildTrayMenu({ locked: true, passcodeSet: true, server: { ...SERVER, state: 'stopped', url: null }, pending: [REQUEST], pinned: [] }, actions());
    expect(labels(items)).toEqual(['Tessera is locked', '1 login request(s) waiting: unlock to answer', '---', 'Server stopped', 'Open Tessera', 'Quit']);
  });

  it('groups six- and eight-digit codes, and leaves Steam codes alone', () => {
    expect([groupCode('123456'), groupCode('12345678'), groupCode('2BCDF')]).toEqual(['123 456', '1234 5678', '2BCDF']);
  });
});

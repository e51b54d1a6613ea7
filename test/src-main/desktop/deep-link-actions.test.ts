import { describe, expect, it, vi } from 'vitest';
import { handleDeepLink, type DeepLinkDeps } from '../../../src-main/desktop/deep-link-actions';
import { startDesktop, valueOf } from './desktop-fixture';
import { freePort } from './ports';

const URI = 'otpauth://totp/Example:ada?secret=JBSWY3DPEHPK3PXP&issuer=Example';

async function linkDeps(answer: boolean): Promise<DeepLinkDeps & { notified: string[] }> {
  const { desktop } = await startDesktop();
  const notified: string[] = [];
  return {
    desktop,
    notified,
    confirm: vi.fn(async () => answer),
    notify: (_title, body) => void notified.push(body),
    showWindow: vi.fn(),
    openExternal: vi.fn(),
  };
}

describe('handleDeepLink', () => {
  it('adds the account of a link once the user agrees', async () => {
    const deps = await linkDeps(true);
    await handleDeepLink({ action: 'add-account', uri: URI }, deps);
    expect(valueOf(await deps.desktop.handlers['vault:list']())).toEqual([expect.objectContaining({ issuer: 'Example' })]);
    expect(deps.notified).toEqual(['Added 1 account(s)']);
  });

  it('does nothing when the user declines', async () => {
    const deps = await linkDeps(false);
    await handleDeepLink({ action: 'add-account', uri: URI }, deps);
    await handleDeepLink({ action: 'enroll-ticket', ticket: 't', issuer: 'http://127.0.0.1:3000/' }, deps);
    expect(valueOf(await deps.desktop.handlers['vault:list']())).toEqual([]);
    expect(deps.openExternal).not.toHaveBeenCalled();
    expect(deps.notified).toEqual([]);
  });

  it('reports a failed push enrollment with its reason', async () => {
    const deps = await linkDeps(true);
    await handleDeepLink({ action: 'enroll-push', barcodeUri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP' }, deps);
    expect(deps.notified).toEqual(['the URI has no enrollment_tx_id: it is not a push enrollment']);
  });

  it('says which server it could not reach for a ticket link, and opens nothing', async () => {
    const deps = await linkDeps(true);
    const port = await freePort();
    await handleDeepLink({ action: 'enroll-ticket', ticket: 'gten_abc', issuer: `http://127.0.0.1:${port}/` }, deps);
    expect(deps.notified).toEqual([`Could not reach 127.0.0.1:${port}. Check that the server is running, then open the link again.`]);
    expect(deps.openExternal).not.toHaveBeenCalled();
  });
});

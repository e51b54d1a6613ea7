import { hostname } from 'node:os';
import type { IpcOutcome } from '../ipc/contract';
import type { DeepLink } from './deep-link';
import type { Desktop } from './desktop';

export interface DeepLinkDeps {
  desktop: Desktop;
  /** Any web page can open a tessera:// link: nothing is added or enrolled without the user's yes. */
  confirm(message: string, detail: string, confirmLabel: string): Promise<boolean>;
  notify(title: string, body: string): void;
  showWindow(): void;
  /** Opens a web page in the user's browser (the server's enrollment page). */
  openExternal(url: string): void;
}

function report(deps: DeepLinkDeps, done: string, outcome: IpcOutcome<unknown>): void {
  deps.notify('Tessera', outcome.ok ? done : outcome.error.message);
}

/** Carries out a parsed link after asking; the answer is shown as a notification. */
export async function handleDeepLink(link: DeepLink, deps: DeepLinkDeps): Promise<void> {
  deps.showWindow();
  const { handlers } = deps.desktop;
  if (link.action === 'add-account') {
    if (!(await deps.confirm('Add an authenticator account from a link?', 'A web page or another app asked Tessera to add an account.', 'Add account'))) return;
    const outcome = await handlers['vault:addUri'](link.uri);
    return report(deps, outcome.ok ? `Added ${outcome.value.added.length} account(s)` : '', outcome);
  }
  if (link.action === 'enroll-push') {
    if (!(await deps.confirm('Use this computer for push sign-in approvals?', 'A web page or another app asked Tessera to enroll for push notifications.', 'Enroll'))) return;
    return report(deps, 'This computer now receives sign-in requests', await handlers['push:enroll'](link.barcodeUri, hostname()));
  }
  return enrollWithTicket(link, deps);
}

/**
 * This computer spends the ticket as a push device (https://github.com/auth0/Guardian.Android `Guardian.java` `enroll`). A ticket the server will not take
 * for push (another factor, push off) can still enroll an authenticator app on the server's own page.
 */
async function enrollWithTicket(link: Extract<DeepLink, { action: 'enroll-ticket' }>, deps: DeepLinkDeps): Promise<void> {
  const host = new URL(link.issuer).host;
  const asked = `A web page or another app asked Tessera to enroll this computer with an enrollment link from ${host}. Continue only if you asked for it.`;
  if (!(await deps.confirm(`Use this computer for push sign-in approvals on ${host}?`, asked, 'Enroll'))) return;
  // A first enrollment's recovery code is shown in main's dialog before this answers.
  const outcome = await deps.desktop.enrollFromTicket({ ticket: link.ticket, issuer: link.issuer, name: hostname() });
  if (!outcome.ok && 'notForPush' in outcome) return openEnrollmentPage(link, deps, outcome.error.message);
  report(deps, `This computer now receives sign-in requests from ${host}`, outcome);
}

/** The server's page spends the ticket itself (its one-time session cookie lives in the browser). */
async function openEnrollmentPage(link: Extract<DeepLink, { action: 'enroll-ticket' }>, deps: DeepLinkDeps, refusal: string): Promise<void> {
  const page = new URL('guardian/enroll', link.issuer);
  page.searchParams.set('ticket', link.ticket);
  const detail = `${refusal} Its enrollment page can set up an authenticator app instead: press "Set up", then use "Scan screen" in Tessera to add the QR code it shows.`;
  if (!(await deps.confirm(`Open the enrollment page of ${page.host}?`, detail, 'Open page'))) return;
  deps.openExternal(page.href);
}

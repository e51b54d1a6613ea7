import { PUSH_FACTOR } from '../../services/tickets.js';
import { escapeHtml } from './html.js';

export interface EnrollmentInvitation {
  subject: string;
  text: string;
  html: string;
}

const LIFETIME = 'it works once and expires in 5 days';

/**
 * The invitation sent when a ticket is created with `send_mail: true`, worded for what its page does:
 * a push-notification ticket's page shows a push enrollment QR code and the desktop app's link (push-ticket.ts);
 * any other ticket's page sets up an authenticator app.
 */
export function enrollmentInvitation(tenant: string, ticketUrl: string, factor: string | null): EnrollmentInvitation {
  return factor === PUSH_FACTOR ? pushInvitation(tenant, ticketUrl) : appInvitation(tenant, ticketUrl);
}

function appInvitation(tenant: string, ticketUrl: string): EnrollmentInvitation {
  return {
    subject: `Set up two-step verification for ${tenant}`,
    text: `You have been invited to set up two-step verification for ${tenant}.\n\nOpen this link to enroll an authenticator app (${LIFETIME}):\n${ticketUrl}\n`,
    html: `<p>You have been invited to set up two-step verification for ${escapeHtml(tenant)}.</p>
<p><a href="${escapeHtml(ticketUrl)}">Enroll an authenticator app</a> (the link works once and expires in 5 days).</p>`,
  };
}

// The page offers a QR code, which a phone's push app scans from another screen, and a tessera:// link for
// the desktop app on the computer that opens it (push-ticket.ts): the mail says which device does what.
const PUSH_STEPS =
  'Open it in a browser, then either scan its QR code with the push authenticator app on the phone that will approve sign-ins, ' +
  'or, on the computer that will approve them, choose "Open this enrollment in Tessera".';

function pushInvitation(tenant: string, ticketUrl: string): EnrollmentInvitation {
  return {
    subject: `Set up push sign-in for ${tenant}`,
    text:
      `You have been invited to set up push sign-in for ${tenant}: a device of yours will be asked to approve each sign-in.\n\n` +
      `Open this link to enroll the device (${LIFETIME}):\n${ticketUrl}\n\n${PUSH_STEPS}\n`,
    html: `<p>You have been invited to set up push sign-in for ${escapeHtml(tenant)}: a device of yours will be asked to approve each sign-in.</p>
<p><a href="${escapeHtml(ticketUrl)}">Set up push sign-in</a> (the link works once and expires in 5 days).</p>
<p>${escapeHtml(PUSH_STEPS)}</p>`,
  };
}

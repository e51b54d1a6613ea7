import { escapeHtml } from './html.js';

/** The invitation sent when a ticket is created with `send_mail: true`. */
export function enrollmentInvitation(tenant: string, ticketUrl: string): { subject: string; text: string; html: string } {
  return {
    subject: `Set up two-step verification for ${tenant}`,
    text: `You have been invited to set up two-step verification for ${tenant}.\n\nOpen this link to enroll an authenticator app (it works once and expires in 5 days):\n${ticketUrl}\n`,
    html: `<p>You have been invited to set up two-step verification for ${escapeHtml(tenant)}.</p>
<p><a href="${escapeHtml(ticketUrl)}">Enroll an authenticator app</a> (the link works once and expires in 5 days).</p>`,
  };
}

import type { Tessera } from '../../context.js';
import { pushEnrollmentUri } from '../../services/push.js';
import { html, type Raw } from './html.js';

export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2, scale: 6 } as const;

/** `tessera://enroll?ticket=…&issuer=…`: the desktop app spends the ticket as a push device. */
export function desktopEnrollLink(t: Tessera, ticketId: string): string {
  return `tessera://enroll?ticket=${encodeURIComponent(ticketId)}&issuer=${encodeURIComponent(t.config.issuer)}`;
}

/**
 * A push-notification ticket's page: the push enrollment QR code with the ticket as its enrollment_tx_id
 * (https://github.com/auth0/auth0-guardian.js `lib/utils/enrollment_uri_helper.js`), which a device spends at `POST {base_url}api/enroll`, as Guardian Android
 * does with a bare ticket. Showing it spends nothing.
 */
export async function pushTicketBody(t: Tessera, ticketId: string, email: string): Promise<Raw> {
  const tenant = await t.store.tenant.name();
  const qr = await (await import('qrcode')).default.toDataURL((await pushEnrollmentUri(t, email, ticketId)), QR_OPTIONS);
  return html`
      <h1>Set up push sign-in</h1>
      <p>${tenant} asks <strong>${email}</strong> to approve sign-ins from a device that receives push notifications.</p>
      <img class="qr" id="qr" alt="QR code to enroll your device for push sign-in" src="${qr}">
      <p id="instructions">Scan this code in your push authenticator app to enroll it. In the Tessera desktop app, use the link below instead. The link works once: the enrollment finishes in the app.</p>
      <p class="muted"><a href="${desktopEnrollLink(t, ticketId)}" id="desktop-link">Open this enrollment in Tessera</a></p>`;
}
